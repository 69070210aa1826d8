// Package wedge tells a keyboard-wedge barcode scanner from a person typing.
// Both arrive as key presses ending in Enter; a scanner types a whole code
// within milliseconds, a person does not. The Detector is the input line's
// buffer: it holds the text, takes edits, and follows the current run of
// fast keys, so that
//
//   - a burst ending in Enter is a scan, and a line typed (or edited, or
//     pasted) by a person is typed input: both are accepted;
//   - a burst that arrives while staff have half typed an IIN is split off:
//     the burst is the scan, and the staff's digits stay on the line;
//   - a burst that stops without its Enter (the scanner was pulled away, the
//     code was cut) is dropped and reported, never left for the next keys
//     to join.
//
// Times are passed in, never read from a clock, so tests can replay timed
// key sequences exactly.
package wedge

import (
	"time"

	"github.com/ashyq/kiosk/scanner"
)

// Defaults for a Detector. USB HID scanners send a key every 1–10 ms; the
// fastest human typing leaves 40 ms or more between keys. Six characters keep
// a quick double tap by a person from counting as a scan. A burst silent for
// CutAfter without Enter is cut off: long enough for a USB hiccup, far
// shorter than anything a scanner would pause for.
const (
	DefaultMaxGap   = 25 * time.Millisecond
	DefaultMinLen   = 6
	DefaultCutAfter = 250 * time.Millisecond
)

// Detector buffers one line of input with the time of each key. The zero
// value is not ready: use New. A Detector is not safe for concurrent use; it
// lives inside the UI model.
type Detector struct {
	// MaxGap is the longest pause between two keys of a scanner burst.
	MaxGap time.Duration
	// MinLen is the shortest text a scanner burst may have.
	MinLen int
	// CutAfter is how long a burst may stay unfinished before it is cut.
	CutAfter time.Duration

	buf  []rune
	last time.Time // time of the latest key, zero when no run is going on
	// The current run is buf[run:]: the keys since the last pause longer
	// than MaxGap. clean says nobody edited or pasted inside it.
	run   int
	clean bool
}

// New returns a Detector with the default thresholds.
func New() *Detector {
	return &Detector{MaxGap: DefaultMaxGap, MinLen: DefaultMinLen, CutAfter: DefaultCutAfter}
}

// Feed appends runes that arrived at once, at time at. The terminal may
// deliver a burst of fast keys as one event with several runes; those runes
// have no gap between them. A pasted chunk should be fed with pasted set:
// paste is a person's doing and never counts as a scanner. Feed reports cut
// when these runes came after a burst that never ended: the burst has been
// dropped from the line.
func (d *Detector) Feed(runes []rune, at time.Time, pasted bool) (cut bool) {
	if len(runes) == 0 {
		return false
	}
	cut = d.Expire(at)
	gap := at.Sub(d.last)
	switch {
	case d.last.IsZero() || len(d.buf) == 0:
		d.run, d.clean = len(d.buf), true
	case gap <= d.MaxGap:
		// the run goes on
	case d.burst():
		// A burst paused longer than a scanner does, but not long
		// enough to count as cut: the line is no longer a clean scan.
		d.clean = false
	default:
		d.run, d.clean = len(d.buf), true
	}
	if pasted {
		d.clean = false
	}
	d.buf = append(d.buf, runes...)
	d.last = at
	return cut
}

// Expire drops a burst that has stayed unfinished for CutAfter at time now,
// and reports whether it did. The UI calls it on its clock tick; Feed calls
// it too.
func (d *Detector) Expire(now time.Time) bool {
	if !d.burst() || now.Sub(d.last) <= d.CutAfter {
		return false
	}
	d.buf = d.buf[:d.run]
	d.last = time.Time{}
	return true
}

// burst reports whether the current run looks like a scanner's so far.
func (d *Detector) burst() bool {
	return !d.last.IsZero() && d.clean && len(d.buf)-d.run >= d.MinLen
}

// Backspace removes the last rune. Editing is a person's doing.
func (d *Detector) Backspace(at time.Time) {
	if len(d.buf) == 0 {
		return
	}
	d.buf = d.buf[:len(d.buf)-1]
	d.run, d.clean = min(d.run, len(d.buf)), false
	d.last = at
}

// Clear empties the line (ctrl+u).
func (d *Detector) Clear() {
	d.buf = d.buf[:0]
	d.last = time.Time{}
	d.run, d.clean = 0, false
}

// Text is the line as typed so far. It is untrusted input.
func (d *Detector) Text() string { return string(d.buf) }

// Len is the number of runes on the line.
func (d *Detector) Len() int { return len(d.buf) }

// Enter ends the line at time at and returns its text and whether it came
// from a wedge scanner: a clean run of at least MinLen runes, every gap
// (including the one before Enter) at most MaxGap. When that run followed
// slower typing, only the run is returned and the typed part stays on the
// line for the person to finish; otherwise the line is then empty.
func (d *Detector) Enter(at time.Time) (text string, wedge bool) {
	if d.burst() && at.Sub(d.last) <= d.MaxGap {
		text = string(d.buf[d.run:])
		d.buf = d.buf[:d.run]
		d.last = time.Time{}
		return text, true
	}
	text = string(d.buf)
	d.Clear()
	return text, false
}

// Source is Enter's verdict as a scanner.Source.
func Source(wedge bool) scanner.Source {
	if wedge {
		return scanner.SourceWedge
	}
	return scanner.SourceKeyboard
}
