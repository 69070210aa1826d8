package store

import (
	"context"
	"time"
)

// ProofStore remembers which device first used each holder proof of a pass,
// so a code relayed to another door is refused while that door can ask
// (docs/pass-format.md, "A live code works once"). A use is kept until its
// Until and then pruned. The memory is a signal for the doors, not a
// record: a store may lose its last moments of uses in a crash (bbolt
// writes them in the background; PostgreSQL keeps them in an unlogged
// table, emptied by a crash and not replicated to a standby).
type ProofStore interface {
	// UseProof looks the proof u.ID up among the uses remembered at u.At.
	// When one is (seen), it returns that first use and records nothing.
	// When none is, it records u, unless peek is set. Of two devices
	// claiming one proof at once, exactly one is first.
	UseProof(ctx context.Context, u ProofUse, peek bool) (first ProofUse, seen bool, err error)
	// PruneProofs forgets the uses remembered until before now, and
	// returns how many remain.
	PruneProofs(ctx context.Context, now time.Time) (remaining int, err error)
}

// ProofIDSize is the length of a proof id in bytes (pass.IDSize).
const ProofIDSize = 16

// ProofUse is one use of a holder proof: which proof, which device of which
// venue at which door, when (the upstream's clock), and until when it is
// remembered.
type ProofUse struct {
	ID     [ProofIDSize]byte `json:"id"`
	Venue  string            `json:"venue"`
	Device string            `json:"device,omitempty"`
	Door   string            `json:"door,omitempty"`
	At     time.Time         `json:"at"`
	Until  time.Time         `json:"until"`
}

// SameUser reports whether u and o are one device's uses: the same venue,
// device and door (a kiosk that names no device is told apart by its door).
func (u ProofUse) SameUser(o ProofUse) bool {
	return u.Venue == o.Venue && u.Device == o.Device && u.Door == o.Door
}
