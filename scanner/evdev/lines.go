package evdev

import (
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/keymap"
	"github.com/ashyq/kiosk/scanner/watch"
)

// Lines turns one device's key events into lines: characters on key
// presses through the layout, with shift, caps lock and ctrl followed;
// Enter, keypad Enter or Tab ends a line. A line is bounded: past
// scanner.MaxPayload characters the rest is counted but not kept, so a
// runaway device allocates nothing more and the line is refused as too
// long. The zero value is not ready: use NewLines.
type Lines struct {
	layout keymap.Layout

	lshift, rshift, lctrl, rctrl, caps bool
	buf                                []rune
	lost                               bool // events were dropped mid-line
}

// NewLines assembles lines typed in layout.
func NewLines(layout keymap.Layout) *Lines {
	return &Lines{layout: layout, buf: make([]rune, 0, 64)}
}

// Pending reports whether a line has started and not ended.
func (l *Lines) Pending() bool { return len(l.buf) > 0 || l.lost }

// Cut ends a pending line as cut off (the device went silent or away) and
// returns it; ok is false when nothing was pending.
func (l *Lines) Cut() (watch.Line, bool) {
	if !l.Pending() {
		return watch.Line{}, false
	}
	l.reset()
	return watch.Line{Cut: true}, true
}

// Feed takes one event and returns a finished line, if this event ended
// one.
func (l *Lines) Feed(ev Event) (watch.Line, bool) {
	switch ev.Type {
	case EvSyn:
		if ev.Code == SynDropped {
			// The kernel lost events: this line can no longer be
			// trusted, and neither can the modifier state.
			l.lost = true
			l.lshift, l.rshift, l.lctrl, l.rctrl = false, false, false, false
		}
		return watch.Line{}, false
	case EvKey:
	default:
		return watch.Line{}, false
	}
	down := ev.Value != KeyRelease
	switch ev.Code {
	case keymap.KeyLeftShift:
		l.lshift = down
	case keymap.KeyRightShift:
		l.rshift = down
	case keymap.KeyLeftCtrl:
		l.lctrl = down
	case keymap.KeyRightCtrl:
		l.rctrl = down
	}
	// Characters come from presses only: a scanner never holds a key, and
	// the repeats of a physically jammed key are not a code.
	if ev.Value != KeyPress {
		return watch.Line{}, false
	}
	switch ev.Code {
	case keymap.KeyCapsLock:
		l.caps = !l.caps
		return watch.Line{}, false
	case keymap.KeyEnter, keymap.KeyKPEnter, keymap.KeyTab:
		return l.end()
	}
	r, ok := l.layout.Translate(ev.Code, l.lshift || l.rshift, l.caps)
	if !ok {
		return watch.Line{}, false
	}
	if (l.lctrl || l.rctrl) && (r >= '@' && r <= '_' || r >= 'a' && r <= 'z') {
		// Ctrl+letter is a control character (some scanners send GS,
		// 0x1d, as ctrl+]). It stays in the payload, to be refused or
		// escaped downstream, never interpreted.
		r &= 0x1f
	}
	if len(l.buf) <= scanner.MaxPayload {
		l.buf = append(l.buf, r)
	}
	return watch.Line{}, false
}

func (l *Lines) end() (watch.Line, bool) {
	switch {
	case l.lost:
		l.reset()
		return watch.Line{Cut: true}, true
	case len(l.buf) == 0:
		return watch.Line{}, false // a lone Enter is no code
	}
	text := string(l.buf)
	l.reset()
	return watch.Line{Text: text}, true
}

func (l *Lines) reset() {
	l.buf = l.buf[:0]
	l.lost = false
}
