package evdev

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner/keymap"
	"github.com/ashyq/kiosk/scanner/watch"
)

// pipeConn is a Conn reading what the test writes to w, as a device's
// events would arrive.
func pipeConn(t *testing.T, idleCut time.Duration) (*Conn, *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	return NewConn(r, Options{Layout: keymap.US(), IdleCut: idleCut}), w
}

// readAll runs ReadLines and sends each line and the final error on.
func readAll(c *Conn) (<-chan watch.Line, <-chan error) {
	lines, done := make(chan watch.Line, 16), make(chan error, 1)
	go func() { done <- c.ReadLines(func(l watch.Line) { lines <- l }) }()
	return lines, done
}

func next(t *testing.T, lines <-chan watch.Line) watch.Line {
	t.Helper()
	select {
	case l := <-lines:
		return l
	case <-time.After(10 * time.Second):
		t.Fatal("no line within 10s")
		return watch.Line{}
	}
}

func TestConnReadsRecordedEvents(t *testing.T) {
	c, w := pipeConn(t, time.Hour)
	lines, done := readAll(c)
	rec := newRecorder().typeUS("900101300017\n061211600012\n")
	// Write in odd-sized pieces: a record split across reads is joined.
	for b := rec.out; len(b) > 0; {
		n := min(len(b), 37)
		if _, err := w.Write(b[:n]); err != nil {
			t.Fatal(err)
		}
		b = b[n:]
	}
	for _, want := range []string{"900101300017", "061211600012"} {
		if l := next(t, lines); l.Text != want || l.Cut {
			t.Fatalf("line %+v, want %q", l, want)
		}
	}
	w.Close() // the device goes away
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "device closed") {
			t.Fatalf("ReadLines ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ReadLines did not end when the device went away")
	}
}

func TestConnCutsALineLeftHalfway(t *testing.T) {
	c, w := pipeConn(t, 30*time.Millisecond)
	lines, _ := readAll(c)
	if _, err := w.Write(newRecorder().typeUS("900101").out); err != nil {
		t.Fatal(err)
	}
	if l := next(t, lines); !l.Cut || l.Text != "" {
		t.Fatalf("got %+v, want a cut line", l)
	}
	// The next code is read whole.
	if _, err := w.Write(newRecorder().typeUS("900101300017\n").out); err != nil {
		t.Fatal(err)
	}
	if l := next(t, lines); l.Text != "900101300017" {
		t.Fatalf("got %+v", l)
	}
}

func TestConnUnpluggedHalfwayIsCut(t *testing.T) {
	c, w := pipeConn(t, time.Hour)
	lines, done := readAll(c)
	if _, err := w.Write(newRecorder().typeUS("9001013").out); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if l := next(t, lines); !l.Cut {
		t.Fatalf("got %+v, want cut", l)
	}
	if err := <-done; err == nil {
		t.Fatal("no error after unplug")
	}
}

func TestConnCloseEndsRead(t *testing.T) {
	c, _ := pipeConn(t, time.Hour)
	_, done := readAll(c)
	time.AfterFunc(10*time.Millisecond, func() { c.Close() })
	select {
	case err := <-done:
		if !errors.Is(err, os.ErrClosed) {
			t.Fatalf("ReadLines after Close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not end ReadLines")
	}
}

func TestOpenRefusesAFileThatIsNoInputDevice(t *testing.T) {
	p := filepath.Join(t.TempDir(), "event0")
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(p, Options{})
	if err == nil || !strings.Contains(err.Error(), "not an input device") {
		t.Fatalf("Open(regular file) = %v", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing"), Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Open(missing) = %v", err)
	}
}

func TestPatterns(t *testing.T) {
	patterns, filter := Patterns([]string{Auto, "/dev/input/by-id/usb-Acme_Keyboard*-event-kbd"})
	if len(patterns) != 3 || patterns[1] != ByIDPattern || patterns[2] != EventPattern {
		t.Fatalf("patterns %q", patterns)
	}
	for path, want := range map[string]bool{
		"/dev/input/by-id/usb-Acme_Keyboard_123-event-kbd":          true, // named explicitly
		"/dev/input/by-id/usb-Honeywell_Imaging_Scanner-event-kbd":  true, // auto: a scanner
		"/dev/input/by-id/usb-SM_SM-2D_PRODUCT_HID_KBW_A-event-kbd": true, // auto: an unbranded HID KBW
		"/dev/input/by-id/usb-Logitech_USB_Keyboard-event-kbd":      false,
	} {
		if got := filter(path); got != want {
			t.Errorf("filter(%s) = %v, want %v", path, got, want)
		}
	}
}

func TestList(t *testing.T) {
	dir := t.TempDir()
	sysClassInput = filepath.Join(dir, "sys")
	t.Cleanup(func() { sysClassInput = "/sys/class/input" })
	dev := filepath.Join(dir, "input")
	for _, n := range []string{"event0", "event1", "mice"} {
		os.MkdirAll(dev, 0o755)
		os.WriteFile(filepath.Join(dev, n), nil, 0o600)
	}
	os.MkdirAll(filepath.Join(dev, "by-id"), 0o755)
	os.Symlink(filepath.Join(dev, "event0"), filepath.Join(dev, "by-id", "usb-Logitech_Keyboard-event-kbd"))
	os.Symlink(filepath.Join(dev, "event1"), filepath.Join(dev, "by-id", "usb-0c2e_0b61-event-kbd"))
	os.MkdirAll(filepath.Join(sysClassInput, "event1", "device"), 0o755)
	os.WriteFile(filepath.Join(sysClassInput, "event1", "device", "name"), []byte("Honeywell Imaging & Mobility 1900\n"), 0o644)

	got, err := List(dev)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("List = %+v, want event0 and event1", got)
	}
	if !got[0].Keyboard || got[0].Scanner {
		t.Errorf("keyboard listed as %+v", got[0])
	}
	if !got[1].Keyboard || !got[1].Scanner || got[1].Name != "Honeywell Imaging & Mobility 1900" {
		t.Errorf("scanner (known by its sysfs name) listed as %+v", got[1])
	}
	if _, err := List(filepath.Join(dir, "missing")); err == nil {
		t.Error("List of a missing directory succeeded")
	}
}
