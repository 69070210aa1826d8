package server

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/pgstore"
	"github.com/ashyq/kiosk/sync/store/pgstore/pgtest"
)

// The API suite runs on both stores: bothStores runs a test body once on a
// bbolt file and once on a fresh schema of a real PostgreSQL cluster, started
// once per test binary. Without PostgreSQL the second run skips, except in CI
// (CI=true), where it fails.

var pg pgtest.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// pgURL returns the URL of a fresh, empty schema.
func pgURL(t testing.TB) string { return pg.URL(t) }

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
func openPG(t testing.TB, url string) store.Store {
	t.Helper()
	st, err := pgstore.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	return st
}
