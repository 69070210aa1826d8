package syncer

import (
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// sender is the sending side: it drains the outbox in batches, bisects
// refused batches, dead-letters what the upstream refuses for good, and
// keeps the backoff. It tells the link monitor what every round proved.
type sender struct {
	ob      *outbox.Outbox
	cl      *upstream.Client
	opts    Options
	log     *slog.Logger
	link    *monitor
	changed func() // publishes; never called with mu held

	rounds roundCounts // send rounds so far, for metrics (stats.go)

	// sendMu makes send rounds (Run's and Flush's) take turns, so one batch
	// is never in flight twice and an Ack never races a DeadLetter.
	sendMu sync.Mutex

	mu sync.Mutex
	// mu guards everything declared below.
	failures   int       // consecutive failed send rounds, for the backoff
	retryAt    time.Time // no send round starts before this; Kick does not change it
	netBackoff bool      // the wait is for a network failure: a good health check lifts it
	problem    Problem   // why the last round failed; ProblemNone after a good one
	status     int       // the HTTP status behind problem
	storeErr   bool      // the last outbox operation failed
	stats      outbox.Stats
	statsErr   bool // the last Stats call failed; stats is the one before
	lastSync   time.Time
}

// snapshot copies the sender's part of the state into st.
func (s *sender) snapshot(st *State) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st.Problem, st.HTTPStatus = s.problem, s.status
	st.Pending, st.OldestPending, st.DeadLetters = s.stats.Pending, s.stats.OldestPending, s.stats.DeadLetters
	st.LastSync = s.lastSync
	if s.stats.LastAck.After(st.LastSync) {
		st.LastSync = s.stats.LastAck // an earlier run's, after a restart
	}
	switch {
	case s.statsErr || s.storeErr:
		st.Storage = ProblemOutboxUnreadable
	case s.stats.Full:
		st.Storage = ProblemOutboxFull
	default:
		st.Storage = ProblemNone
	}
}

// retryTime is when the backoff ends; zero when there is none.
func (s *sender) retryTime() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.retryAt
}

// networkBack lifts a backoff that waits for a dead network: a health check
// just got through, so there is no point sitting out the rest of the wait.
// A wait the server imposed (5xx, Retry-After) stays.
func (s *sender) networkBack() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.netBackoff {
		s.retryAt = time.Time{}
		s.netBackoff = false
	}
}

// refreshStats copies the outbox counters.
func (s *sender) refreshStats() {
	st, err := s.ob.Stats()
	s.mu.Lock()
	was := s.statsErr
	s.statsErr = err != nil
	if err == nil {
		s.stats = st
	}
	s.mu.Unlock()
	if err != nil && !was { // once per spell, not at every refresh
		s.log.Warn("outbox stats unreadable", "error", safetext.Clean(err.Error(), 300))
	}
	s.changed()
}

// roundSucceeded clears the failure streak and the backoff.
func (s *sender) roundSucceeded() {
	s.rounds.ok.Add(1)
	s.mu.Lock()
	s.failures = 0
	s.retryAt = time.Time{}
	s.netBackoff = false
	s.problem, s.status = ProblemNone, 0
	s.storeErr = false
	s.mu.Unlock()
	s.link.answered() // a delivered batch proves the upstream is reachable
}

// roundFailed records the failure, picks the wait before the next round,
// and tells the link monitor what the failure says about the link.
func (s *sender) roundFailed(err error) {
	s.rounds.failed.Add(1)
	s.mu.Lock()
	s.failures++
	wait := backoff(err, s.failures, s.opts.MinBackoff, s.opts.MaxBackoff)
	s.retryAt = time.Now().Add(wait)
	s.problem, s.status = classify(err)
	var se *storageError
	storage := errors.As(err, &se)
	s.storeErr = storage
	// A wait for a dead network may end as soon as a health check gets
	// through; a wait the server imposed (5xx) may not.
	s.netBackoff = !storage && networkFailure(err)
	failures := s.failures
	s.mu.Unlock()
	s.log.Warn("sync round failed", "error", safetext.Clean(err.Error(), 300), "problem", describe(err),
		"retry_in", wait.Round(time.Millisecond), "failures", failures)
	if storage {
		s.changed()
		return
	}
	s.link.failed(err)
}
