package backend

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// MaxSeq is the largest sequence number accepted: a door scanning once a
// second for 136 years. A bound keeps a garbage seq (2^64-1) from opening a
// gap of 2^64 numbers in the device report.
const MaxSeq = 1<<32 - 1

// Ingest validates the events of one batch that device (maybe "") sent for
// venue, stores the valid ones in one transaction and says what became of
// each: accepted, a duplicate, or rejected with the reason (invalid, or a
// conflict with the version stored first).
func (b *Backend) Ingest(ctx context.Context, venue, device string, events []wire.Event) (wire.BatchResult, error) {
	res := wire.BatchResult{Accepted: []string{}, Duplicates: []string{}, Rejected: []wire.Rejection{}}
	valid := make([]wire.Event, 0, len(events))
	for _, e := range events {
		if msg := checkEvent(e, venue, device); msg != "" {
			res.Rejected = append(res.Rejected, wire.Rejection{ID: e.ID, Error: msg})
			continue
		}
		valid = append(valid, e)
	}
	ir, err := b.st.Ingest(ctx, venue, valid, b.now().UTC())
	if err != nil {
		return wire.BatchResult{}, err
	}
	res.Accepted = append(res.Accepted, ir.Accepted...)
	res.Duplicates = append(res.Duplicates, ir.Duplicates...)
	for _, id := range ir.Conflicts {
		res.Rejected = append(res.Rejected, wire.Rejection{ID: id, Error: store.ErrConflict.Error()})
		b.log.LogAttrs(ctx, slog.LevelWarn, "event id conflict: kept the first version",
			slog.String("venue", venue), slog.String("device", device), slog.String("id", id))
	}
	if ir.Reused > 0 {
		b.log.LogAttrs(ctx, slog.LevelWarn, "sequence numbers reused",
			slog.String("venue", venue), slog.String("device", device), slog.Int("events", ir.Reused))
	}
	return res, nil
}

// IngestStats returns what the store did with the batches it was given,
// if it reports that (PostgreSQL's group commit); ok is false if not.
func (b *Backend) IngestStats() (stats store.IngestStats, ok bool) {
	r, ok := b.st.(store.IngestStatsReporter)
	if !ok {
		return stats, false
	}
	return r.IngestStats(), true
}

// checkEvent returns why an event can never be accepted, or "".
func checkEvent(e wire.Event, venue, batchDevice string) string {
	var msgs []string
	if err := e.Validate(); err != nil {
		msgs = append(msgs, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	if len(e.IIN) == 12 {
		if err := iin.Validate(e.IIN); err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	if e.Seq > MaxSeq {
		msgs = append(msgs, fmt.Sprintf("seq %d is out of range 1..%d", e.Seq, uint64(MaxSeq)))
	}
	if e.Venue != "" && e.Venue != venue {
		msgs = append(msgs, "venue does not match the token's venue")
	}
	if batchDevice != "" && e.Device != "" && e.Device != batchDevice {
		msgs = append(msgs, "device does not match the batch's device")
	}
	return strings.Join(msgs, "; ")
}
