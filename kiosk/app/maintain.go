package app

import (
	"context"
	"time"
)

// maintainEvery is how often acknowledged records are purged and the outbox
// compacted. Rare enough to cost nothing, often enough that a full outbox
// frees itself within minutes once the upstream has acknowledged.
const maintainEvery = 10 * time.Minute

// maintain runs outbox maintenance every maintainEvery, not at start-up: a
// kiosk starting after a power cut should be ready for the first visitor,
// not busy compacting.
func (a *App) maintain(ctx context.Context) error {
	t := time.NewTicker(maintainEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		if err := a.Outbox.Maintain(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("outbox maintenance failed", "err", err)
		}
	}
}
