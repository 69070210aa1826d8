package trust

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Clock limits.
const (
	// MaxJump is how far the wall clock may move against the monotonic
	// clock before the kiosk stops trusting it (without an upstream
	// reading): an NTP step, someone setting the time, a flat battery
	// noticed late.
	MaxJump = 30 * time.Second
	// MaxBehind is how far the device clock may be behind the last upstream
	// time accepted before it is not trusted to judge a pass. Beyond it the
	// clock went backwards: a board without a real-time clock booting in
	// 1970, or a battery gone flat.
	MaxBehind = 10 * time.Minute
	// MaxDisagree is how far a reading of the upstream clock may be from
	// what the kiosk expects (its last reading carried forward by the
	// monotonic clock, or a trusted wall clock) and still be taken at once.
	// Replicas a few seconds apart and an NTP correction upstream are well
	// within it; a reading beyond it waits for a second that agrees.
	MaxDisagree = 10 * time.Minute
)

// Floor is the earliest time an upstream reading can honestly carry: this
// software did not exist before it. A reading before it is refused outright.
var Floor = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// ErrImplausibleTime is wrapped by the error for a reading of the upstream
// clock that is not believed (yet): before Floor, or far from what the kiosk
// expects with no second reading to confirm it. Such a reading changes
// nothing: not the clock, not the time remembered on disk.
var ErrImplausibleTime = errors.New("implausible upstream time")

// Clock is the time passes are judged by, and the one owner of the
// readings of the upstream's clock, whether they come with the keys or
// with a health check.
//
// Once a reading has been accepted in this process, the time is that
// reading plus the monotonic time since, whatever the device's wall clock
// does (a jump, an NTP step, 1970). Before that, it is the wall clock, if
// it has not stepped and is not earlier than the last upstream time
// accepted (which the Store keeps on disk).
//
// One absurd reading (a broken or hostile upstream answering with the year
// 2200) must not poison the clock: a reading far from what the kiosk
// expects is held back until a second, later reading agrees with it. Only
// a kiosk with nothing to expect (no reading in this process and a wall
// clock it cannot trust) takes a first reading as it comes; the next
// readings correct it within two refreshes either way.
//
//	reading ── agrees with the expected time, or nothing to expect ──▶ accepted
//	        ── disagrees ──▶ held ── a later reading agrees with it ──▶ accepted
//	                              ── a later reading agrees with the clock ──▶ dropped
type Clock struct {
	wall func() time.Time
	// startWall and startMono are the wall clock and the monotonic clock
	// when the clock was made: the wall clock should move with the other.
	startWall, startMono time.Time

	mu      sync.Mutex // guards everything below
	anchor  Anchor     // the last accepted reading in this process
	pending Anchor     // a reading that disagreed, waiting for a second
	seen    time.Time  // the last accepted upstream time, also from disk
}

// Anchor is one reading of the upstream's clock: its time, and the local
// time (with Go's monotonic reading) when it arrived.
type Anchor struct {
	Upstream time.Time
	Local    time.Time
}

// at is the reading carried forward to local by the monotonic clock.
func (a Anchor) at(local time.Time) time.Time { return a.Upstream.Add(local.Sub(a.Local)) }

// NewClock makes a clock reading the local time from wall (with Go's
// monotonic reading, as time.Now gives it); seen is the last upstream time
// accepted before, zero if none.
func NewClock(wall func() time.Time, seen time.Time) *Clock {
	if wall == nil {
		wall = time.Now
	}
	return &Clock{wall: wall, startWall: wall().Round(0), startMono: time.Now(), seen: seen}
}

// ClockState is the pass clock as the screen and `check` show it.
type ClockState struct {
	// Now is the corrected time; zero when the clock is not trusted.
	Now time.Time
	// Trusted is false when the device clock is earlier than a time
	// already seen upstream, or has stepped, and no upstream time was
	// read since.
	Trusted bool
	// Skew is the device clock minus the corrected time, when an upstream
	// time was read in this process.
	Skew time.Duration
	// Anchored says the corrected time comes from an upstream reading.
	Anchored bool
	// Held is a reading of the upstream clock not believed yet (zero if
	// none): the screen and the log can say the upstream's clock is odd.
	Held time.Time
}

// Now returns the time passes are judged by.
func (c *Clock) Now() ClockState { return c.At(c.wall()) }

// At is Now for a given reading of the local clock (with its monotonic
// reading), from the same clock function as the readings' local times.
func (c *Clock) At(wall time.Time) ClockState {
	c.mu.Lock()
	a, held, seen := c.anchor, c.pending.Upstream, c.seen
	c.mu.Unlock()
	if !a.Upstream.IsZero() {
		// wall carries a monotonic reading, so wall.Sub(a.Local) is immune
		// to steps of the wall clock.
		now := a.at(wall)
		return ClockState{Now: now, Trusted: true, Skew: wall.Round(0).Sub(now), Anchored: true, Held: held}
	}
	if !c.wallTrusted(wall, seen) {
		return ClockState{Held: held}
	}
	return ClockState{Now: wall, Trusted: true, Held: held}
}

// wallTrusted reports whether the wall clock may stand for the time: not
// before Floor, not behind the last upstream time accepted, and not
// stepped since the clock was made (measured against the monotonic clock;
// without an upstream reading nobody can tell which of the two was right).
func (c *Clock) wallTrusted(wall, seen time.Time) bool {
	w := wall.Round(0)
	if w.Before(Floor) || !seen.IsZero() && w.Before(seen.Add(-MaxBehind)) {
		return false
	}
	want := c.startWall.Add(time.Since(c.startMono))
	return w.Sub(want).Abs() <= MaxJump
}

// Observe judges a reading of the upstream clock that arrived at local
// (from the same clock function as the Clock's). It returns nil when the
// reading was accepted, and an error wrapping ErrImplausibleTime when it
// was not (yet).
func (c *Clock) Observe(upstream, local time.Time) error {
	if upstream.IsZero() {
		return fmt.Errorf("%w: the answer carries no time", ErrImplausibleTime)
	}
	upstream = upstream.UTC()
	if upstream.Before(Floor) {
		return fmt.Errorf("%w: %s is before %s", ErrImplausibleTime, stamp(upstream), stamp(Floor))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	expected, ok := c.expect(local)
	switch {
	case !ok, near(upstream, expected):
		// Agrees, or nothing to hold it against.
	case !c.pending.Upstream.IsZero() && near(upstream, c.pending.at(local)):
		// A second reading agrees with the held one: the clock was wrong.
	default:
		c.pending = Anchor{Upstream: upstream, Local: local}
		return fmt.Errorf("%w: %s, %s from the %s %s; held until a second reading agrees",
			ErrImplausibleTime, stamp(upstream), upstream.Sub(expected).Round(time.Second), c.expectedFrom(), stamp(expected))
	}
	if !c.anchor.Upstream.IsZero() && !local.After(c.anchor.Local) {
		return nil // an older answer arriving late: keep the newer reading
	}
	c.anchor, c.pending, c.seen = Anchor{Upstream: upstream, Local: local}, Anchor{}, upstream
	return nil
}

// expect is the time a reading arriving at local should carry: the last
// accepted reading carried forward, else a trustworthy wall clock. ok is
// false when there is nothing to expect. mu must be held.
func (c *Clock) expect(local time.Time) (time.Time, bool) {
	if !c.anchor.Upstream.IsZero() {
		return c.anchor.at(local), true
	}
	if c.wallTrusted(local, c.seen) {
		return local.Round(0), true
	}
	return time.Time{}, false
}

// expectedFrom names what expect used, for the error. mu must be held.
func (c *Clock) expectedFrom() string {
	if !c.anchor.Upstream.IsZero() {
		return "upstream's previous reading,"
	}
	return "device clock,"
}

// Anchor returns the last accepted reading in this process (zero if none).
func (c *Clock) Anchor() Anchor {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.anchor
}

// Seen returns the last accepted upstream time, from this process or from
// disk.
func (c *Clock) Seen() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen
}

func near(a, b time.Time) bool { return a.Sub(b).Abs() <= MaxDisagree }

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
