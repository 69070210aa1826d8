package backend

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// The memory of used holder proofs (docs/pass-format.md, "A live code works
// once").
const (
	// MaxProofs bounds the uses remembered. Past it (as the last prune
	// counted), proofs are still looked up but new ones are not recorded,
	// and ProofStats says how many. At 200 scans a second over every venue,
	// pass.ProofMemory holds about 140,000.
	MaxProofs = 1_000_000
	// ProofPruneEvery is how often expired uses are forgotten.
	ProofPruneEvery = 30 * time.Second
	// maxDoorBytes bounds the door a kiosk names, as the API bounds an
	// event's door.
	maxDoorBytes = 128
)

// proofStats counts what the memory of used proofs did, for the metrics.
type proofStats struct {
	refused    atomic.Int64 // codes another device used first
	unrecorded atomic.Int64 // new proofs not recorded: the memory was full
	remembered atomic.Int64 // uses remembered, as the last prune counted
	full       atomic.Bool
}

// ProofStats is what the memory of used proofs did since the start.
type ProofStats struct {
	Refused, Unrecorded, Remembered int64
}

// ProofStats returns the counts for the metrics.
func (b *Backend) ProofStats() ProofStats {
	return ProofStats{Refused: b.proofs.refused.Load(), Unrecorded: b.proofs.unrecorded.Load(),
		Remembered: b.proofs.remembered.Load()}
}

// UseProof takes a kiosk's word that device, at a door of venue, is about
// to accept the holder proof u, and says where and when another device
// used it first: nil when none did (or this very device did: its own
// memory answers for it, and a code it gave back must work there again).
// The use is remembered for pass.ProofMemory, unless u.Peek. Another venue
// is not named. A malformed u is an *InvalidError.
func (b *Backend) UseProof(ctx context.Context, venue, device string, u wire.ProofUse) (*wire.ProofUsed, error) {
	id, err := hex.DecodeString(u.ID)
	if err != nil || len(id) != store.ProofIDSize {
		return nil, invalid(fmt.Errorf("proof.id must be %d bytes in hex", store.ProofIDSize))
	}
	if len(u.Door) > maxDoorBytes {
		return nil, invalid(fmt.Errorf("proof.door is longer than %d bytes", maxDoorBytes))
	}
	now := b.now().UTC()
	use := store.ProofUse{ID: [store.ProofIDSize]byte(id), Venue: venue, Device: device, Door: u.Door,
		At: now, Until: now.Add(pass.ProofMemory)}
	full := b.proofs.full.Load()
	first, seen, err := b.st.UseProof(ctx, use, u.Peek || full)
	switch {
	case err != nil:
		return nil, fmt.Errorf("use proof: %w", err)
	case !seen && full && !u.Peek:
		b.proofs.unrecorded.Add(1)
		return nil, nil
	case !seen || first.SameUser(use):
		return nil, nil
	}
	b.proofs.refused.Add(1)
	b.log.Warn("a code another door used first", "venue", venue, "device", device, "door", u.Door,
		"first_venue", first.Venue, "first_device", first.Device, "first_door", first.Door,
		"first_at", first.At.Format(time.RFC3339), "peek", u.Peek)
	if first.Venue != venue {
		return &wire.ProofUsed{At: first.At, OtherVenue: true}, nil
	}
	return &wire.ProofUsed{At: first.At, Door: first.Door, Device: first.Device}, nil
}

// PruneProofs forgets the expired uses, and stops recording new ones while
// MaxProofs remain.
func (b *Backend) PruneProofs(ctx context.Context) error {
	n, err := b.st.PruneProofs(ctx, b.now().UTC())
	if err != nil {
		return fmt.Errorf("prune proofs: %w", err)
	}
	b.proofs.remembered.Store(int64(n))
	if full := n >= MaxProofs; full != b.proofs.full.Swap(full) {
		b.log.Warn("memory of used proofs", "full", full, "remembered", n, "max", MaxProofs)
	}
	return nil
}

// RunProofPruner prunes every interval until ctx ends.
func (b *Backend) RunProofPruner(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := b.PruneProofs(ctx); err != nil && !errors.Is(err, context.Canceled) {
				b.log.Error("prune proofs failed", "err", err)
			}
		}
	}
}
