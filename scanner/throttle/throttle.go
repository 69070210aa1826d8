// Package throttle keeps one scanner from flooding the kiosk. A jammed
// trigger, a scanner left in continuous mode in front of a card, or a
// device that spews garbage can send dozens of codes a second; each valid
// one would become a recorded visit. A Limiter per device drops a repeat of
// the same code within a window (one card held in front of the scanner is
// one visit) and caps the rate of everything else with a token bucket.
package throttle

import "time"

// Defaults: a person at the door scans at most every second or two, and a
// queue moving briskly does not sustain more than one scan a second; a burst
// of five covers staff clearing a backlog of ID cards.
const (
	DefaultBurst  = 5
	DefaultEvery  = time.Second
	DefaultRepeat = 3 * time.Second
)

// Verdict is Allow's answer.
type Verdict int

// Verdicts.
const (
	Pass   Verdict = iota // hand the scan on
	Repeat                // the same payload again within the repeat window
	Flood                 // over the rate limit
)

// Limiter is the throttle of one device. The zero value is not ready: use
// New. Not safe for concurrent use: one device's reader owns it.
type Limiter struct {
	burst  float64
	every  time.Duration
	repeat time.Duration

	tokens     float64
	refilledAt time.Time
	lastText   string
	lastAt     time.Time
	dropped    uint64
}

// New returns a Limiter allowing burst scans at once and one more each
// every; the same payload is passed again only after repeat without it.
// Zero values take the defaults.
func New(burst int, every, repeat time.Duration) *Limiter {
	if burst <= 0 {
		burst = DefaultBurst
	}
	if every <= 0 {
		every = DefaultEvery
	}
	if repeat <= 0 {
		repeat = DefaultRepeat
	}
	return &Limiter{burst: float64(burst), every: every, repeat: repeat, tokens: float64(burst)}
}

// Allow decides about one payload that arrived at at. A repeat restarts
// the repeat window, so a card left in front of a scanner in continuous
// mode stays one visit however long it lies there.
func (l *Limiter) Allow(payload string, at time.Time) Verdict {
	if payload == l.lastText && !l.lastAt.IsZero() && at.Sub(l.lastAt) < l.repeat {
		l.lastAt = at
		l.dropped++
		return Repeat
	}
	l.refill(at)
	if l.tokens < 1 {
		l.dropped++
		return Flood
	}
	l.tokens--
	l.lastText, l.lastAt = payload, at
	return Pass
}

// Dropped counts the payloads Allow refused.
func (l *Limiter) Dropped() uint64 { return l.dropped }

func (l *Limiter) refill(at time.Time) {
	if !l.refilledAt.IsZero() {
		if d := at.Sub(l.refilledAt); d > 0 {
			l.tokens = min(l.burst, l.tokens+float64(d)/float64(l.every))
		}
	}
	l.refilledAt = at
}
