package boltstore

import (
	"testing"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) (store.Store, func() store.Store) {
		st, err := Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return st, nil
	})
}
