package pass

import (
	"sync"
	"time"
)

// MaxRemembered bounds the replay memory. At one scan a second, a window of
// a minute or two holds about 100 proofs; beyond the bound, proofs still in
// their window are dropped in no particular order.
const MaxRemembered = 50_000

// Replay remembers the proofs verified within their window, by proof id,
// so the same code scanned twice at this kiosk (a photo passed back along
// the queue) is refused. It answers from memory; every change is also
// journaled (Changes) for whoever keeps the memory across a restart (the
// kiosk's trust store, trust.Store.KeepProofs), and Load brings it back.
// The upstream's memory covers every kiosk that can reach it
// (docs/pass-format.md, "A live code works once"). Safe for concurrent
// use.
type Replay struct {
	mu      sync.Mutex // guards everything below
	seen    map[[IDSize]byte]time.Time
	journal []Use // changes since the last Changes
}

// Use is one change of a replay memory: a proof claimed, with the time it
// was made, or given back (Released).
type Use struct {
	ID       [IDSize]byte
	At       time.Time
	Released bool
}

// Load remembers proofs claimed before (by an earlier run of the kiosk).
// They are not journaled: they came from where the journal goes.
func (r *Replay) Load(uses []Use) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, u := range uses {
		if u.Released {
			delete(r.seen, u.ID)
		} else if len(r.seen) < MaxRemembered {
			r.seen[u.ID] = u.At
		}
	}
}

// Changes takes the changes made since the last call, oldest first. At most
// MaxRemembered are kept between calls; older ones are dropped, so a
// journal nobody takes costs bounded memory.
func (r *Replay) Changes() []Use {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.journal
	r.journal = nil
	return out
}

func (r *Replay) note(u Use) {
	if len(r.journal) >= MaxRemembered {
		r.journal = r.journal[1:]
	}
	r.journal = append(r.journal, u)
}

// NewReplay makes an empty replay memory.
func NewReplay() *Replay { return &Replay{seen: map[[IDSize]byte]time.Time{}} }

// claim records key with its proof time; false if it was there already.
// Entries whose proof has left the window are dropped first: a proof that
// old is refused as too old before it gets here.
func (r *Replay) claim(key [IDSize]byte, proofAt, now time.Time, window time.Duration) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.seen[key]; ok {
		return false
	}
	if len(r.seen) >= MaxRemembered/2 {
		r.prune(now, window)
	}
	r.seen[key] = proofAt
	r.note(Use{ID: key, At: proofAt})
	return true
}

func (r *Replay) prune(now time.Time, window time.Duration) {
	for k, at := range r.seen {
		if now.Sub(at) > window {
			delete(r.seen, k)
		}
	}
	for k := range r.seen { // still full: random order is as good as any
		if len(r.seen) < MaxRemembered {
			break
		}
		delete(r.seen, k)
	}
}

func (r *Replay) release(key [IDSize]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if at, ok := r.seen[key]; ok {
		delete(r.seen, key)
		r.note(Use{ID: key, At: at, Released: true})
	}
}

// Len is how many proofs are remembered.
func (r *Replay) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seen)
}
