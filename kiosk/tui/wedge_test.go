package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
)

// TestBurstCutOffIsReported: a scanner burst that never gets its Enter is
// dropped at the next clock tick and the visitor is told to scan again; the
// next scan is read whole.
func TestBurstCutOffIsReported(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	tm := start(t, baseOptions(c), reg, Sources{})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("9001013")})
	waitFor(t, tm, "•••1013")
	c.Advance(time.Second)
	tm.Send(TickMsg{})
	if s := reg.next(t); !s.Cut || s.Source != scanner.SourceWedge || s.Payload != "" {
		t.Fatalf("engine got %+v, want a cut wedge scan", s)
	}
	waitFor(t, tm, "The code was cut off halfway. Scan it again.")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("900101300017")})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	if s := reg.next(t); s.Payload != "900101300017" || s.Cut {
		t.Fatalf("next scan %+v", s)
	}
	waitFor(t, tm, "IIN ••••••••0017")
	finalView(t, tm)
}

// TestBurstDoesNotJoinStaffEntry: staff have typed half an IIN when a
// visitor scans; the scan is judged alone and the staff's digits stay.
func TestBurstDoesNotJoinStaffEntry(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	tm := start(t, baseOptions(c), reg, Sources{})
	tm.Type("7712")
	waitFor(t, tm, "7712")
	c.Advance(2 * time.Second)
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("900101300017")})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	if s := reg.next(t); s.Payload != "900101300017" || s.Source != scanner.SourceWedge {
		t.Fatalf("engine got %+v, want the burst alone", s)
	}
	waitFor(t, tm, "IIN ••••••••0017")
	// A key dismisses the result; the staff finish their entry at a
	// person's pace, each key processed before the clock moves on.
	line := "7712"
	for _, r := range "03300035" {
		c.Advance(200 * time.Millisecond)
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		line += string(r)
		waitFor(t, tm, "•"+line[len(line)-4:])
	}
	c.Advance(200 * time.Millisecond)
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	if s := reg.next(t); s.Payload != "771203300035" || s.Source != scanner.SourceKeyboard {
		t.Fatalf("staff entry reached the engine as %+v", s)
	}
	finalView(t, tm)
}

// TestHardwareScannersOnScreen: a grabbed scanner's scan is judged like any
// other, and a scanner the kiosk may not open is named on the idle screen
// with what to do (its node has the group every keyboard has: doctor's udev
// rule, not that group); while the serial scanner works, "auto" finding
// nothing more is no news.
func TestHardwareScannersOnScreen(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	hw := make(chan scanner.Scan, 1)
	devs := make(chan []scanner.DeviceStatus, 1)
	devs <- []scanner.DeviceStatus{
		{Source: scanner.SourceHID, Path: "/dev/input/by-id/usb-Honeywell_Scanner-event-kbd", State: scanner.DeviceDenied, Group: "input"},
		{Source: scanner.SourceSerial, Path: "/dev/ttyACM0", State: scanner.DeviceRunning},
		{Source: scanner.SourceHID, Path: "/dev/input/by-id/*-event-kbd", State: scanner.DeviceSearching},
	}
	tm := start(t, baseOptions(c), reg, Sources{Hardware: hw, Devices: devs})
	// The screen that names the scanner is the one drawn from the devices.
	seen := waitOutput(t, tm, "Scanner usb-Honeywell_Scanner-event-kbd: no permission (ashyq-kiosk doctor prints the udev rule)")
	if strings.Contains(seen, "No barcode scanner plugged in") || strings.Contains(seen, "group input") {
		t.Errorf("the screen says no scanner is plugged in, or to join group input:\n%s", seen)
	}
	hw <- scanner.Scan{Payload: "900101300017", Source: scanner.SourceSerial, Device: "/dev/ttyACM0", At: c.Now()}
	if s := reg.next(t); s.Source != scanner.SourceSerial || s.Payload != "900101300017" {
		t.Fatalf("engine got %+v", s)
	}
	waitFor(t, tm, "IIN ••••••••0017")
	finalView(t, tm)
}

// TestJammedWedgeIsThrottled: a wedge scanner repeating one code (a card
// left in front of it) gives one visit, not one per read.
func TestJammedWedgeIsThrottled(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	tm := start(t, baseOptions(c), reg, Sources{})
	for i := 0; i < 5; i++ {
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("900101300017")})
		tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	}
	typeLine(tm, "771203300035") // a different visitor's card
	if s := reg.next(t); s.Payload != "900101300017" {
		t.Fatalf("first scan %+v", s)
	}
	if s := reg.next(t); s.Payload != "771203300035" {
		t.Fatalf("second scan %+v: the repeats were not dropped", s)
	}
	finalView(t, tm)
	if n := reg.count(); n != 2 {
		t.Errorf("engine called %d times, want 2", n)
	}
}

// TestWedgeOnKazakhLayoutTerminal: the console's Kazakh layout turns a US
// scanner's digits into letters; the burst is read back as the IIN.
func TestWedgeOnKazakhLayoutTerminal(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	tm := start(t, baseOptions(c), reg, Sources{})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(`ұққ"қ"іқққ".`)})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	if s := reg.next(t); s.Payload != "900101300017" || s.Source != scanner.SourceWedge {
		t.Fatalf("engine got %+v", s)
	}
	finalView(t, tm)
}

// TestEnterAfterResultAppearsMidBurst: the verdict of one scan arrives
// while the next visitor's burst is being typed; the burst's Enter must
// submit it, not just dismiss the verdict and leave the code on the line
// to be glued to the next one.
func TestEnterAfterResultAppearsMidBurst(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	reg.gate = make(chan struct{})
	tm := start(t, baseOptions(c), reg, Sources{})
	typeLine(tm, "771203300035")
	waitFor(t, tm, "Checking")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("900101300017")}) // the next burst begins...
	waitFor(t, tm, "•0017")
	reg.gate <- struct{}{} // ...the first verdict arrives...
	reg.next(t)
	waitFor(t, tm, "IIN ••••••••0035")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter}) // ...and then the burst's Enter
	select {
	case reg.gate <- struct{}{}:
	case <-time.After(patience):
		t.Fatal("the burst's Enter submitted nothing: the engine was not called")
	}
	if s := reg.next(t); s.Payload != "900101300017" {
		t.Fatalf("second scan %+v", s)
	}
	finalView(t, tm)
}
