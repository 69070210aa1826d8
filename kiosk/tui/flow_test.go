package tui

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/sound"
	"github.com/ashyq/kiosk/scanner"
)

const hint = "Scan a code or type an IIN, then press Enter"

// TestReturnToIdle drives the result's timeout with the fake clock and
// TickMsgs: no sleeping.
func TestReturnToIdle(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	tm := start(t, baseOptions(c), reg, Sources{})
	typeLine(tm, "900101300017")
	reg.next(t)
	waitFor(t, tm, "Next visitor in 5 s")
	c.Advance(4 * time.Second)
	tm.Send(TickMsg{})
	waitFor(t, tm, "Next visitor in 1 s")
	c.Advance(time.Second)
	tm.Send(TickMsg{})
	waitFor(t, tm, hint)
	pv := plain(finalView(t, tm))
	if !strings.Contains(pv, hint) || strings.Contains(pv, "Next visitor") {
		t.Errorf("not back to idle:\n%s", pv)
	}
}

// TestKeyDismissKeepsDigit: a key returns to idle at once, and a digit
// typed on the result screen is the first digit of the next input.
func TestKeyDismissKeepsDigit(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	tm := start(t, baseOptions(c), reg, Sources{})
	typeLine(tm, "771203300035")
	reg.next(t)
	waitFor(t, tm, "IIN ••••••••0035")
	tm.Type("9")
	waitFor(t, tm, hint)
	typeLine(tm, "00101300017")
	if s := reg.next(t); s.Payload != "900101300017" {
		t.Fatalf("second scan = %q, the first digit was lost", s.Payload)
	}
	waitFor(t, tm, "IIN ••••••••0017")
	if view := finalView(t, tm); !hasBig(view, "WELCOME", termW) {
		t.Errorf("second result:\n%s", plain(view))
	}
}

func TestInputSource(t *testing.T) {
	tests := []struct {
		name string
		step time.Duration // how far the clock moves per reading
		send func(tm *teatest.TestModel)
		want scanner.Source
	}{
		{"wedge keys within ms", 0, func(tm *teatest.TestModel) { typeLine(tm, "900101300017") }, scanner.SourceWedge},
		{"wedge burst in one event", 0, func(tm *teatest.TestModel) {
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("900101300017")})
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
		}, scanner.SourceWedge},
		{"wedge ending in tab", 0, func(tm *teatest.TestModel) {
			tm.Type("900101300017")
			tm.Send(tea.KeyMsg{Type: tea.KeyTab})
		}, scanner.SourceWedge},
		{"person typing", 150 * time.Millisecond, func(tm *teatest.TestModel) { typeLine(tm, "900101300017") }, scanner.SourceKeyboard},
		{"paste", 0, func(tm *teatest.TestModel) {
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("900101300017"), Paste: true})
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
		}, scanner.SourceKeyboard},
		{"corrected typo", 0, func(tm *teatest.TestModel) {
			tm.Type("9001013000178")
			tm.Send(tea.KeyMsg{Type: tea.KeyBackspace})
			typeLine(tm, "")
		}, scanner.SourceKeyboard},
		{"cleared line", 0, func(tm *teatest.TestModel) {
			tm.Type("12345")
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
			typeLine(tm, "900101300017")
		}, scanner.SourceWedge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClock()
			c.step = tt.step
			reg := newRegistry(door.Entrance)
			tm := start(t, baseOptions(c), reg, Sources{})
			tt.send(tm)
			s := reg.next(t)
			if s.Payload != "900101300017" || s.Source != tt.want {
				t.Errorf("engine got %q from %q, want %q", s.Payload, s.Source, tt.want)
			}
			waitFor(t, tm, "IIN ••••••••0017")
			finalView(t, tm)
		})
	}
}

// TestBusyQueuesInput: a scan made while the engine is busy is queued and
// handled next, in order.
func TestBusyQueuesInput(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	reg.gate = make(chan struct{})
	tm := start(t, baseOptions(c), reg, Sources{})
	typeLine(tm, "900101300017")
	waitFor(t, tm, "Checking…")
	typeLine(tm, "771203300035")
	waitFor(t, tm, "1 more waiting")
	reg.gate <- struct{}{}
	first := reg.next(t)
	reg.gate <- struct{}{}
	second := reg.next(t)
	if first.Payload != "900101300017" || second.Payload != "771203300035" {
		t.Fatalf("handled %q then %q", first.Payload, second.Payload)
	}
	waitFor(t, tm, "IIN ••••••••0035")
	if view := finalView(t, tm); !hasBig(view, "ENTRY DENIED", termW) {
		t.Errorf("last result:\n%s", plain(view))
	}
}

// TestCameraScansAreJudged: the camera deduplicates (its cooldown, tested
// in scanner/camera, makes a code held in view one scan), so the UI judges
// every camera scan it gets, in order, even one repeating the last payload:
// a second filter with other rules once dropped or let through different
// scans than the camera meant.
func TestCameraScansAreJudged(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	scans := make(chan scanner.Scan)
	tm := start(t, baseOptions(c), reg, Sources{Scans: scans})
	for _, p := range []string{"900101300017", "900101300017", "771203300035"} {
		scans <- scanner.Scan{Payload: p}
		if s := reg.next(t); s.Payload != p || s.Source != scanner.SourceCamera {
			t.Fatalf("engine got %q from %q, want %q from the camera", s.Payload, s.Source, p)
		}
	}
	finalView(t, tm)
	if n := reg.count(); n != 3 {
		t.Errorf("engine handled %d scans, want 3", n)
	}
}

// cues records the sound cues the UI plays.
type cues struct {
	mu  sync.Mutex
	got []sound.Cue
}

func (c *cues) Play(cue sound.Cue) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, cue)
}

func (c *cues) wait(t *testing.T, want ...sound.Cue) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		n := len(c.got)
		c.mu.Unlock()
		if n >= len(want) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !slices.Equal(c.got, want) {
		t.Fatalf("cues %v, want %v", c.got, want)
	}
}

// TestSoundCues: each kind of result plays its own cue: may enter, may
// not, full, a code not accepted, not recorded.
func TestSoundCues(t *testing.T) {
	c := newClock()
	played := &cues{}
	opts := baseOptions(c)
	opts.Sound = played
	reg := newRegistry(door.Entrance)
	reg.occ.Capacity = 1
	tm := start(t, opts, reg, Sources{})
	typeLine(tm, "900101300017")
	reg.next(t)
	played.wait(t, sound.Allowed)
	typeLine(tm, "771203300035")
	reg.next(t)
	played.wait(t, sound.Allowed, sound.Refused)
	typeLine(tm, "010202500042") // blue, but the one place is taken
	reg.next(t)
	played.wait(t, sound.Allowed, sound.Refused, sound.Full)
	typeLine(tm, "123")
	reg.next(t)
	played.wait(t, sound.Allowed, sound.Refused, sound.Full, sound.Invalid)
	reg.fail = fmt.Errorf("%w: disk full", door.ErrNotRecorded)
	typeLine(tm, "950630400059")
	reg.next(t)
	played.wait(t, sound.Allowed, sound.Refused, sound.Full, sound.Invalid, sound.Alarm)
	finalView(t, tm)
}

func TestQuitNeedsConfirm(t *testing.T) {
	c := newClock()
	tm := start(t, baseOptions(c), newRegistry(door.Entrance), Sources{})
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	waitFor(t, tm, "Press ctrl+c again to quit")
	c.Advance(4 * time.Second) // too late for the second press
	tm.Send(TickMsg{})
	waitFor(t, tm, hint)
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	waitFor(t, tm, "Press ctrl+c again to quit")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	// The program ends by itself: no tm.Quit.
	tm.WaitFinished(t, teatest.WithFinalTimeout(patience))
}
