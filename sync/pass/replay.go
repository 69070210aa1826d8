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
// the queue) is refused. It lives in memory: a restart forgets at most one
// window's worth. The upstream's memory covers every kiosk that can reach
// it (docs/pass-format.md, "A live code works once"). Safe for concurrent
// use.
type Replay struct {
	mu   sync.Mutex // guards everything below
	seen map[[IDSize]byte]time.Time
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
	delete(r.seen, key)
	r.mu.Unlock()
}

// Len is how many proofs are remembered.
func (r *Replay) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seen)
}
