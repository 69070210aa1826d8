package pgstore

import (
	"context"
	"os"
	"testing"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/pgstore/pgtest"
	"github.com/ashyq/kiosk/sync/store/storetest"
)

var pg pgtest.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// open opens the store on the database at url, as a replica would.
func open(t *testing.T, url string) *Store {
	t.Helper()
	st, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) (store.Store, func() store.Store) {
		url := pg.URL(t)
		return open(t, url), func() store.Store { return open(t, url) }
	})
}
