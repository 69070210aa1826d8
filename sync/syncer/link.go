package syncer

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// pollTimeout bounds one health or occupancy check, so a hung upstream does
// not stall the loop past a few poll intervals.
const pollTimeout = 10 * time.Second

// MaxClockSkew bounds the published clock skew. A server clock further off
// than this (a year 9999 in its health answer) is broken rather than
// informative; the skew is clamped and the log says so.
const MaxClockSkew = 366 * 24 * time.Hour

// monitor is the link monitor: it checks health (and with it the clock) and
// the venue's occupancy, and keeps what every answer or failure, its own or
// the sender's, says about the link.
type monitor struct {
	cl      *upstream.Client
	venue   string
	now     func() time.Time
	log     *slog.Logger
	changed func() // publishes; never called with mu held

	mu sync.Mutex
	// mu guards everything declared below.
	link      Link
	problem   Problem // why the last check failed; ProblemNone after a good one
	status    int     // the HTTP status behind problem
	skew      time.Duration
	occupancy *wire.Occupancy
	// pollRefused: the last occupancy poll was refused for the token. A
	// delivered batch does not lift it (a token of another venue may still
	// send, and the screen would flap); the next good poll does.
	pollRefused bool
	// since is when link took its value (the monitor's start for the
	// first); wasOnline says the link has been online in this run.
	since     time.Time
	wasOnline bool
}

// snapshot copies the monitor's part of the state into st.
func (m *monitor) snapshot(st *State) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st.Link, st.ClockSkew, st.LinkSince, st.WasOnline = m.link, m.skew, m.since, m.wasOnline
	if m.occupancy != nil {
		occ := *m.occupancy
		st.Occupancy = &occ
	}
	if st.Problem == ProblemNone {
		st.Problem, st.HTTPStatus = m.problem, m.status
	}
}

// answered records an authenticated answer to a send: the upstream is there
// and takes the token for sending.
func (m *monitor) answered() {
	m.mu.Lock()
	if !m.pollRefused {
		m.problem, m.status = ProblemNone, 0
		m.setLink(LinkOnline, nil)
	}
	m.mu.Unlock()
	m.changed()
}

// failed records a failed call, the monitor's or anybody's.
func (m *monitor) failed(err error) {
	m.mu.Lock()
	m.problem, m.status = classify(err)
	m.setLink(linkAfter(err), err)
	m.mu.Unlock()
	m.changed()
}

// lookupFailed records a status lookup that failed on the network: the
// caller knows it is the link's fault, whatever the error's kind.
func (m *monitor) lookupFailed(err error) {
	l := linkAfter(err)
	if l == LinkOnline {
		l = LinkOffline
	}
	m.mu.Lock()
	m.problem, m.status = classify(err)
	m.setLink(l, err)
	m.mu.Unlock()
	m.changed()
}

// setLink changes the link state and logs transitions. Call with mu held.
func (m *monitor) setLink(l Link, cause error) {
	if m.link == l {
		return
	}
	old := m.link
	m.link, m.since = l, m.now()
	m.wasOnline = m.wasOnline || l == LinkOnline
	switch {
	case l == LinkOnline:
		m.log.Info("upstream reachable", "was", old.String())
	case cause != nil:
		m.log.Warn("upstream "+l.String(), "error", safetext.Clean(cause.Error(), 300))
	}
}

// health checks liveness and the clock. It reports whether the upstream
// answered. An unauthenticated answer proves the network is back, not the
// token: a refused token stays refused until an authenticated call goes
// through.
func (m *monitor) health(ctx context.Context) bool {
	pctx, cancel := context.WithTimeout(ctx, pollTimeout)
	defer cancel()
	t0 := m.now()
	h, err := m.cl.Health(pctx)
	t1 := m.now()
	if err != nil {
		if ctx.Err() == nil {
			m.failed(err)
		}
		return false
	}
	// The server read its clock somewhere in the round trip; the middle
	// is the best guess of when.
	skew := m.clampSkew(t0.Add(t1.Sub(t0)/2).Sub(h.Time), h.Time)
	m.mu.Lock()
	m.skew = skew
	if m.link != LinkTokenRefused {
		m.problem, m.status = ProblemNone, 0
		m.setLink(LinkOnline, nil)
	}
	m.mu.Unlock()
	m.changed()
	return true
}

// clampSkew keeps skew within ±MaxClockSkew, logging a clamp: a Duration
// from an absurd server time saturates, and would print as nonsense.
func (m *monitor) clampSkew(skew time.Duration, server time.Time) time.Duration {
	if skew >= -MaxClockSkew && skew <= MaxClockSkew {
		return skew
	}
	clamped := min(max(skew, -MaxClockSkew), MaxClockSkew)
	m.log.Warn("upstream clock is absurd; clock skew clamped", "server_time", server.UTC().Format(time.RFC3339),
		"clamped_to", clamped)
	return clamped
}

// pollOccupancy reads the venue-wide head count. It is the monitor's
// authenticated call, so a refused token shows even when nothing is sent.
func (m *monitor) pollOccupancy(ctx context.Context) {
	pctx, cancel := context.WithTimeout(ctx, pollTimeout)
	defer cancel()
	occ, err := m.cl.Occupancy(pctx, m.venue)
	if err != nil {
		if ctx.Err() == nil {
			m.mu.Lock()
			m.pollRefused = upstream.IsAuth(err)
			m.mu.Unlock()
			m.failed(err)
		}
		return
	}
	m.mu.Lock()
	m.occupancy = &occ
	m.pollRefused = false
	m.mu.Unlock()
	m.answered()
}
