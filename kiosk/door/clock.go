package door

import (
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/trust"
)

// maxJump is how far the wall clock may move against the monotonic clock
// before the kiosk stops trusting it (without an upstream reading): an NTP
// step, someone setting the time, a flat battery noticed late.
const maxJump = 30 * time.Second

// maxBehind is how far the device clock may be behind the latest upstream
// time ever seen before it is not trusted to judge a pass. Beyond it the
// clock went backwards: a board without a real-time clock booting in 1970,
// or a battery gone flat.
const maxBehind = 10 * time.Minute

// clock is the time passes are judged by. Once the upstream's time has been
// read in this process, it is that reading plus the monotonic time since,
// whatever the device's wall clock does (a jump, an NTP step, 1970). Before
// that, it is the wall clock, if that is not earlier than a time the kiosk
// has already seen upstream.
type clock struct {
	wall  func() time.Time
	trust func() trust.Status // nil: no trust store
	// startWall and startMono are the wall clock and the monotonic clock
	// when the engine started: the wall clock should move with the other.
	startWall, startMono time.Time

	mu     sync.Mutex // guards anchor
	anchor trust.Anchor
}

// observe records a reading of the upstream clock that arrived at local.
func (c *clock) observe(upstream, local time.Time) {
	if upstream.IsZero() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if local.After(c.anchor.Local) || c.anchor.Upstream.IsZero() {
		c.anchor = trust.Anchor{Upstream: upstream, Local: local}
	}
}

// ClockState is the pass clock as the screen and `check` show it.
type ClockState struct {
	// Now is the corrected time; zero when the clock is not trusted.
	Now time.Time
	// Trusted is false when the device clock is earlier than a time
	// already seen upstream, and no upstream time was read since.
	Trusted bool
	// Skew is the device clock minus the corrected time, when an upstream
	// time was read in this process.
	Skew time.Duration
	// Anchored says the corrected time comes from an upstream reading.
	Anchored bool
}

func (c *clock) now() ClockState {
	wall := c.wall()
	var st trust.Status
	if c.trust != nil {
		st = c.trust()
	}
	c.mu.Lock()
	a := c.anchor
	c.mu.Unlock()
	if st.Anchor.Local.After(a.Local) {
		a = st.Anchor
	}
	if !a.Upstream.IsZero() {
		// time.Now carries a monotonic reading, so wall.Sub(a.Local) is
		// immune to steps of the wall clock. The trust store takes Local
		// from the same clock function (trust.Options.Now).
		now := a.Upstream.Add(wall.Sub(a.Local))
		return ClockState{Now: now, Trusted: true, Skew: wall.Round(0).Sub(now), Anchored: true}
	}
	if !st.Seen.IsZero() && wall.Before(st.Seen.Add(-maxBehind)) {
		return ClockState{}
	}
	if c.jumped(wall) {
		return ClockState{}
	}
	return ClockState{Now: wall, Trusted: true}
}

// jumped reports whether the wall clock has stepped since the engine
// started, measured against the monotonic clock. Without an upstream
// reading nobody can tell which of the two times was right.
func (c *clock) jumped(wall time.Time) bool {
	if c.startMono.IsZero() {
		return false
	}
	want := c.startWall.Add(time.Since(c.startMono))
	return wall.Round(0).Sub(want).Abs() > maxJump
}

// Clock returns the time passes are judged by.
func (e *Engine) Clock() ClockState { return e.clock.now() }
