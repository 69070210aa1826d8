package syncer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/upstream"
)

// Syncer runs the sender and the link monitor and publishes their state as
// one State. Safe for concurrent use.
type Syncer struct {
	opts Options
	send *sender
	link *monitor

	kick    chan struct{} // buffered(1): Kicks made while the loop is busy coalesce
	updates chan State    // buffered(1): latest wins
	running atomic.Bool   // Run is active; a second Run is refused

	pubMu sync.Mutex
	// pubMu guards published, and makes publishers take turns: each takes
	// its snapshot under it, so a later state is never overtaken by an
	// earlier one.
	published State
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
		opts:    opts,
		kick:    make(chan struct{}, 1),
		updates: make(chan State, 1),
	}
	s.link = &monitor{cl: cl, venue: opts.Venue, now: opts.Now, log: opts.Logger, changed: s.publish, since: opts.Now()}
	s.send = &sender{ob: ob, cl: cl, opts: opts, log: opts.Logger, link: s.link, changed: s.publish}
	s.send.refreshStats()
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
	if err == nil {
		err = errors.New("status lookup failed")
	}
	s.link.lookupFailed(err)
}

// LookupFailed is told of every failed status lookup. A network failure,
// a timeout or a retryable answer means the link is down; an answer such as
// "invalid IIN" says nothing about the link and is ignored. A refused token
// is the link's business too: the lookup proves it as well as a send does.
func (s *Syncer) LookupFailed(err error) {
	switch {
	case upstream.IsAuth(err):
		s.link.failed(err)
	case upstream.Retryable(err) || errors.Is(err, context.DeadlineExceeded):
		s.MarkOffline(err)
	}
}

// State returns the latest state.
func (s *Syncer) State() State {
	var st State
	if s.send != nil {
		s.send.snapshot(&st) // first: a send problem wins over a check's
	}
	if s.link != nil {
		s.link.snapshot(&st)
	}
	return st
}

// Updates delivers state changes; a slow reader sees only the latest.
func (s *Syncer) Updates() <-chan State { return s.updates }

// publish offers the state to Updates if it changed, replacing an unread
// older one. Publishers take turns, so the replace loop ends at once.
func (s *Syncer) publish() {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	st := s.State()
	if st.equal(s.published) {
		return
	}
	s.published = st.clone()
	for {
		select {
		case s.updates <- st:
			return
		default:
		}
		select {
		case <-s.updates:
		default:
		}
	}
}
