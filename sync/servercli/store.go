package servercli

import (
	"context"
	"errors"
	"strings"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/boltstore"
	"github.com/ashyq/kiosk/sync/store/pgstore"
)

// OpenStore opens the store a URL names: a postgres:// or postgresql:// URL
// is PostgreSQL, an empty one the bbolt file in dataDir.
func OpenStore(ctx context.Context, url, dataDir string) (store.Store, error) {
	// Each branch returns a nil Store on error, never a nil pointer in a
	// non-nil interface.
	switch {
	case url == "":
		st, err := boltstore.Open(dataDir)
		if err != nil {
			return nil, err
		}
		return st, nil
	case strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://"):
		st, err := pgstore.Open(ctx, url)
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	return nil, errors.New("open store: want a postgres:// URL, or none for bbolt in --data")
}
