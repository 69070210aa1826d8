package pgstore

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ashyq/kiosk/sync/store/storetest"
)

// Replicas starting at once on an empty database migrate it once: the
// advisory lock lets one apply the schema while the others wait, then find
// nothing to do.
func TestPostgresConcurrentMigrations(t *testing.T) {
	url := pg.URL(t)
	const replicas = 6
	var wg sync.WaitGroup
	errs := make(chan error, replicas)
	for range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := Open(context.Background(), url)
			if err == nil {
				st.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a replica failed to start: %v", err)
		}
	}
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n, max int
	if err := conn.QueryRow(context.Background(), "SELECT count(*), max(version) FROM schema_migrations").Scan(&n, &max); err != nil {
		t.Fatal(err)
	}
	migs, _ := loadMigrations()
	if n != len(migs) || max != migs[len(migs)-1].version {
		t.Errorf("schema_migrations has %d rows up to %d, want %d up to %d", n, max, len(migs), migs[len(migs)-1].version)
	}
}

// TestPostgresMigrationLandedOutOfOrder: a database migrated by a server
// that had 0018 and 0019 but not 0015 (the issues land their blocks in any
// order) gets 0015 when a newer server starts, and its events from older
// kiosks (source none) are counted as unchecked.
func TestPostgresMigrationLandedOutOfOrder(t *testing.T) {
	url := pg.URL(t)
	st := open(t, url)
	if _, err := st.Ingest(context.Background(), "v", storetest.UncheckedEvents("v"), time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for _, q := range []string{"ALTER TABLE venues DROP COLUMN overrides, DROP COLUMN unchecked",
		"DELETE FROM schema_migrations WHERE version = 15"} {
		if _, err := conn.Exec(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	st = open(t, url)
	defer st.Close()
	c, err := st.Counters(context.Background(), "v")
	if err != nil || c != storetest.WantUnchecked {
		t.Errorf("counters %+v, %v; want %+v", c, err, storetest.WantUnchecked)
	}
}
