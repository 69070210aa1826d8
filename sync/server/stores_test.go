package server

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/ashyq/kiosk/sync/server/pgtest"
)

// The API suite runs on both stores: bothStores runs a test body once on a
// bbolt file and once on a fresh schema of a real PostgreSQL cluster, started
// once per test binary. Without PostgreSQL the second run skips, except in CI
// (CI=true), where it fails.

var pg struct {
	once    sync.Once
	cluster *pgtest.Cluster
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if pg.cluster != nil {
		pg.cluster.Stop()
	}
	os.Exit(code)
}

// pgURL returns the URL of a fresh, empty schema.
func pgURL(t testing.TB) string {
	t.Helper()
	pg.once.Do(func() { pg.cluster, pg.err = pgtest.Start(pgtest.Options{}) })
	if pg.err != nil {
		if errors.Is(pg.err, pgtest.ErrNoPostgres) && !pgtest.Required() {
			t.Skipf("PostgreSQL store not tested: %v", pg.err)
		}
		t.Fatalf("PostgreSQL: %v", pg.err)
	}
	u, err := pg.cluster.NewSchema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// onPostgres marks the tests (by their *testing.T) that newEnv opens on
// PostgreSQL.
var onPostgres sync.Map

// bothStores runs body as subtests "bbolt" and "postgres".
func bothStores(t *testing.T, body func(t *testing.T)) {
	t.Run("bbolt", body)
	t.Run("postgres", func(t *testing.T) {
		pgURL(t) // skip or fail here, before body, if there is no PostgreSQL
		onPostgres.Store(t, true)
		defer onPostgres.Delete(t)
		body(t)
	})
}

// pgURLIfPostgres is a fresh schema's URL inside a postgres subtest (unless
// opts names a bbolt directory), else "".
func pgURLIfPostgres(t *testing.T, opts Options) string {
	if _, ok := onPostgres.Load(t); ok && opts.DataDir == "" && opts.Store == nil {
		return pgURL(t)
	}
	return ""
}

// openPG opens the PostgreSQL store at url (migrating it).
func openPG(t testing.TB, url string) Store {
	t.Helper()
	st, err := OpenStore(context.Background(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	return st
}
