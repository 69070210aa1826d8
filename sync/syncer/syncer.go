package syncer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Syncer is safe for concurrent use.
type Syncer struct {
	ob   *outbox.Outbox
	cl   *upstream.Client
	opts Options
	log  *slog.Logger

	kick    chan struct{} // buffered(1): Kicks made while the loop is busy coalesce
	updates chan State    // buffered(1): latest wins
	running atomic.Bool   // Run is active; a second Run is refused

	// sendMu makes send rounds (Run's and Flush's) take turns, so one batch
	// is never in flight twice and an Ack never races a DeadLetter.
	sendMu sync.Mutex

	mu sync.Mutex
	// mu guards everything declared below.
	state      State
	published  State     // last state put on updates
	sendErr    string    // why the last send round failed; "" after a good one
	linkErr    string    // why the last health/occupancy check or lookup failed
	storeErr   string    // why the last outbox operation failed
	failures   int       // consecutive failed send rounds, for the backoff
	retryAt    time.Time // no send round starts before this; Kick does not change it
	netBackoff bool      // the wait is for a network failure: a good health check lifts it
}

// New makes a syncer; call Run to start it.
func New(ob *outbox.Outbox, cl *upstream.Client, opts Options) (*Syncer, error) {
	if ob == nil {
		return nil, errors.New("new syncer: outbox is nil")
	}
	if cl == nil {
		return nil, errors.New("new syncer: upstream client is nil")
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("new syncer: %w", err)
	}
	s := &Syncer{
		ob:      ob,
		cl:      cl,
		opts:    opts,
		log:     opts.Logger,
		kick:    make(chan struct{}, 1),
		updates: make(chan State, 1),
	}
	s.refreshStats()
	return s, nil
}

// Kick tells the syncer an event was appended, so it sends soon. It never
// blocks and never cuts a backoff short.
func (s *Syncer) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// MarkOffline records that a status lookup just failed on the network, so the
// screen shows offline without waiting for the next poll.
func (s *Syncer) MarkOffline(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.linkErr = describe(err)
	if err == nil {
		s.linkErr = describe(errors.New("offline"))
	}
	s.setOnline(false, err)
	s.publish()
}

// LookupFailed is told of every failed status lookup. A network failure,
// a timeout or a retryable answer means the link is down; an answer such as
// "invalid IIN" says nothing about the link and is ignored.
func (s *Syncer) LookupFailed(err error) {
	if upstream.Retryable(err) || errors.Is(err, context.DeadlineExceeded) {
		s.MarkOffline(err)
	}
}

// State returns the latest state.
func (s *Syncer) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.clone()
}

// Updates delivers state changes; a slow reader sees only the latest.
func (s *Syncer) Updates() <-chan State { return s.updates }

// publish derives the shown error and offers the state to Updates if it
// changed, replacing an unread older one. Call with mu held: publishers
// take turns, so the replace loop ends at once.
func (s *Syncer) publish() {
	switch {
	case s.sendErr != "":
		s.state.LastError = s.sendErr
	default:
		s.state.LastError = s.linkErr
	}
	if s.state.equal(s.published) {
		return
	}
	s.published = s.state.clone()
	for {
		select {
		case s.updates <- s.state.clone():
			return
		default:
		}
		select {
		case <-s.updates:
		default:
		}
	}
}

// setOnline changes Online and logs transitions. Call with mu held.
func (s *Syncer) setOnline(on bool, cause error) {
	if s.state.Online == on {
		return
	}
	s.state.Online = on
	if on {
		s.log.Info("upstream reachable")
	} else if cause != nil {
		s.log.Warn("upstream unreachable", "error", safetext.Clean(cause.Error(), 300))
	}
}

// refreshStats copies the outbox counters into the state.
func (s *Syncer) refreshStats() {
	st, err := s.ob.Stats()
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case err != nil:
		s.state.StorageError = "outbox unreadable: " + err.Error()
	case s.storeErr != "":
		s.state.StorageError = s.storeErr
	case st.Full:
		s.state.StorageError = "outbox is full: new events are not being recorded"
	default:
		s.state.StorageError = ""
	}
	if err == nil {
		s.state.Pending = st.Pending
		s.state.OldestPending = st.OldestPending
		s.state.DeadLetters = st.DeadLetters
	}
	s.publish()
}
