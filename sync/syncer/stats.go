package syncer

import "sync/atomic"

// Rounds counts send rounds since New: a round sends one batch and ends in
// success (acknowledged, in part or whole) or failure (retried after a
// backoff). Metrics read it; the screen reads State.
type Rounds struct {
	OK, Failed uint64
}

type roundCounts struct{ ok, failed atomic.Uint64 }

// Rounds returns the round counts; safe to call at any time.
func (s *Syncer) Rounds() Rounds {
	return Rounds{OK: s.send.rounds.ok.Load(), Failed: s.send.rounds.failed.Load()}
}
