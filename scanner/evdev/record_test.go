package evdev

import (
	"time"

	"github.com/ashyq/kiosk/scanner/keymap"
)

// recorder builds the event stream a USB HID keyboard makes the kernel
// write for typed text, record by record as evtest shows it: for every key
// an EV_MSC/MSC_SCAN with the HID usage, the EV_KEY press, a SYN_REPORT,
// then the same for the release; shift is pressed around upper-case
// letters and symbols.
type recorder struct {
	at  time.Time
	gap time.Duration // between keys; scanners: 1-10 ms
	out []byte
}

func newRecorder() *recorder {
	return &recorder{at: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), gap: 4 * time.Millisecond}
}

func (r *recorder) ev(typ, code uint16, value int32) {
	r.out = Event{Time: r.at, Type: typ, Code: code, Value: value}.Append(r.out)
}

// key presses and releases code.
func (r *recorder) key(code uint16) {
	r.ev(EvMsc, 4, int32(0x70000+int(code))) // MSC_SCAN; the usage is not read
	r.ev(EvKey, code, KeyPress)
	r.ev(EvSyn, SynReport, 0)
	r.at = r.at.Add(r.gap / 2)
	r.ev(EvMsc, 4, int32(0x70000+int(code)))
	r.ev(EvKey, code, KeyRelease)
	r.ev(EvSyn, SynReport, 0)
	r.at = r.at.Add(r.gap / 2)
}

// typeUS types s the way a US-layout scanner does; '\n' is Enter.
func (r *recorder) typeUS(s string) *recorder {
	for _, c := range s {
		if c == '\n' {
			r.key(keymap.KeyEnter)
			continue
		}
		code, shift := usKey(c)
		if shift {
			r.ev(EvKey, keymap.KeyLeftShift, KeyPress)
			r.ev(EvSyn, SynReport, 0)
		}
		r.key(code)
		if shift {
			r.ev(EvKey, keymap.KeyLeftShift, KeyRelease)
			r.ev(EvSyn, SynReport, 0)
		}
	}
	return r
}

// usKey finds the key and shift state that type c in the US layout.
func usKey(c rune) (uint16, bool) {
	us := keymap.US()
	for code := uint16(1); code < 128; code++ {
		for _, shift := range []bool{false, true} {
			if r, ok := us.Translate(code, shift, false); ok && r == c {
				return code, shift
			}
		}
	}
	panic("no US key for " + string(c))
}
