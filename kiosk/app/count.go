package app

import (
	"context"
	"log/slog"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/syncer"
)

// followCount hands every sync state's venue figure to the engine, so that
// without the UI (--headless) the upstream's capacity and head count still
// govern the door. The UI does the same from its own copy of the states.
func followCount(ctx context.Context, updates <-chan syncer.State, eng *door.Engine, log *slog.Logger) {
	for {
		select {
		case <-ctx.Done():
			return
		case st, ok := <-updates:
			if !ok {
				return
			}
			if err := eng.RefreshCount(st.Occupancy, st.Online()); err != nil {
				log.Warn("head count not refreshed", "err", err)
			}
		}
	}
}
