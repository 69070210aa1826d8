package server

import (
	"context"
	"errors"
)

func openPostgresStore(ctx context.Context, url string) (Store, error) {
	return nil, errors.New("open store: PostgreSQL is not built yet")
}
