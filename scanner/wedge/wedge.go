// Package wedge tells a keyboard-wedge barcode scanner from a person typing.
// Both arrive as key presses ending in Enter; a scanner types a whole code
// within milliseconds, a person does not. The Detector is the input line's
// buffer: it holds the text, takes edits, and remembers whether every key came
// fast enough to be a scanner.
package wedge

import (
	"time"

	"github.com/ashyq/kiosk/scanner"
)

// Defaults for a Detector. USB HID scanners send a key every 1–10 ms; the
// fastest human typing leaves 40 ms or more between keys. Six characters keep
// a quick double tap by a person from counting as a scan.
const (
	DefaultMaxGap = 25 * time.Millisecond
	DefaultMinLen = 6
)

// Detector buffers one line of input with the time of each key. The zero
// value is not ready: use New. A Detector is not safe for concurrent use; it
// lives inside the UI model.
type Detector struct {
	// MaxGap is the longest pause between two keys of a scanner burst.
	MaxGap time.Duration
	// MinLen is the shortest text a scanner burst may have.
	MinLen int

	buf    []rune
	last   time.Time // time of the latest key, zero when buf is empty
	edited bool      // a person touched the line: backspace, clear, slow key
}

// New returns a Detector with the default thresholds.
func New() *Detector {
	return &Detector{MaxGap: DefaultMaxGap, MinLen: DefaultMinLen}
}

// Feed appends runes that arrived at once, at time at. The terminal may
// deliver a burst of fast keys as one event with several runes; those runes
// have no gap between them. A pasted chunk should be fed with pasted set:
// paste is a person's doing and never counts as a scanner.
func (d *Detector) Feed(runes []rune, at time.Time, pasted bool) {
	if len(runes) == 0 {
		return
	}
	d.gap(at)
	if pasted {
		d.edited = true
	}
	d.buf = append(d.buf, runes...)
}

// Backspace removes the last rune. Editing is a person's doing.
func (d *Detector) Backspace(at time.Time) {
	if len(d.buf) == 0 {
		return
	}
	d.buf = d.buf[:len(d.buf)-1]
	d.edited = true
	d.last = at
}

// Clear empties the line (ctrl+u).
func (d *Detector) Clear() {
	d.buf = d.buf[:0]
	d.last = time.Time{}
	d.edited = false
}

// Text is the line as typed so far. It is untrusted input.
func (d *Detector) Text() string { return string(d.buf) }

// Len is the number of runes on the line.
func (d *Detector) Len() int { return len(d.buf) }

// Enter ends the line at time at and returns its text and whether it came
// from a wedge scanner: at least MinLen runes, every gap (including the one
// before Enter) at most MaxGap, and no editing. The line is then empty.
func (d *Detector) Enter(at time.Time) (text string, wedge bool) {
	if len(d.buf) > 0 {
		d.gap(at)
	}
	text = string(d.buf)
	wedge = !d.edited && len(d.buf) >= d.MinLen
	d.Clear()
	return text, wedge
}

// Source is Enter's verdict as a scanner.Source.
func Source(wedge bool) scanner.Source {
	if wedge {
		return scanner.SourceWedge
	}
	return scanner.SourceKeyboard
}

// gap notes the pause since the previous key; a long one marks the line as
// typed by a person.
func (d *Detector) gap(at time.Time) {
	if len(d.buf) > 0 && at.Sub(d.last) > d.MaxGap {
		d.edited = true
	}
	d.last = at
}
