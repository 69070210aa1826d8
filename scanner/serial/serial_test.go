package serial

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/watch"
)

func TestSplitter(t *testing.T) {
	tests := []struct {
		term string
		in   []string // chunks as they arrive
		want []string
	}{
		{"\r", []string{"9001013", "00017\r0612", "11600012\r"}, []string{"900101300017", "061211600012"}},
		{"\r", []string{"900101300017\r\n061211600012\r\n"}, []string{"900101300017", "061211600012"}},
		{"\r\n", []string{"IDKAZ0123456785900101300017<<<\r", "\n"}, []string{"IDKAZ0123456785900101300017<<<"}},
		{"\n", []string{"\n\n\n"}, nil},
		{"\x03", []string{"\x02AQ1:ABC\x03"}, []string{"AQ1:ABC"}},
		{"\t", []string{"a\tb\t"}, []string{"a", "b"}},
	}
	for _, tt := range tests {
		s := NewSplitter(tt.term)
		var got []string
		for _, c := range tt.in {
			for _, l := range s.Write([]byte(c)) {
				got = append(got, l.Text)
			}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("term %q, %q: got %q, want %q", tt.term, tt.in, got, tt.want)
		}
	}
}

func TestSplitterBoundsARunawayLine(t *testing.T) {
	s := NewSplitter("\r\n")
	for i := 0; i < 100; i++ {
		if got := s.Write([]byte(strings.Repeat("7", 1000))); len(got) != 0 {
			t.Fatal("a line ended without its terminator")
		}
		if cap(s.buf) > 2*scanner.MaxPayload+16 {
			t.Fatalf("buffer grew to %d bytes", cap(s.buf))
		}
	}
	got := s.Write([]byte("\r\n"))
	if len(got) != 1 || len(got[0].Text) != scanner.MaxPayload+1 {
		t.Fatalf("runaway line came out as %d lines, first %d bytes", len(got), len(got[0].Text))
	}
}

func TestSplitterIdle(t *testing.T) {
	s := NewSplitter("\r")
	s.Write([]byte("900101"))
	if l, ok := s.Idle(); !ok || !l.Cut {
		t.Fatalf("a pause mid-code with a terminator set: %+v %v, want cut", l, ok)
	}
	if _, ok := s.Idle(); ok {
		t.Fatal("second pause reported something")
	}
	none := NewSplitter("")
	none.Write([]byte("900101300017"))
	if l, ok := none.Idle(); !ok || l.Cut || l.Text != "900101300017" {
		t.Fatalf("terminator none: %+v %v", l, ok)
	}
}

// newPTY is a serial scanner on a pseudo-terminal: the test writes to the
// master what a scanner would send; the kiosk opens the slave as its port.
func newPTY(t *testing.T) (master *os.File, slavePath string) {
	t.Helper()
	m, s, err := pty.Open()
	if err != nil {
		t.Fatalf("open pty: %v", err)
	}
	path := s.Name()
	s.Close()
	t.Cleanup(func() { m.Close() })
	return m, path
}

func TestPortThroughPTY(t *testing.T) {
	m, path := newPTY(t)
	c, err := Open(path, Options{Baud: 9600, Terminator: "crlf", IdleCut: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	lines := make(chan watch.Line, 8)
	done := make(chan error, 1)
	go func() { done <- c.ReadLines(func(l watch.Line) { lines <- l }) }()

	if _, err := m.Write([]byte("900101300017\r\nIDKAZ0123")); err != nil {
		t.Fatal(err)
	}
	want := []watch.Line{{Text: "900101300017"}, {Cut: true}}
	for _, w := range want {
		select {
		case l := <-lines:
			if l != w {
				t.Fatalf("got %+v, want %+v", l, w)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no line; want %+v", w)
		}
	}
	m.Close() // unplugged
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("ReadLines ended without an error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ReadLines did not notice the unplug")
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "ttyACM9"), Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing port: %v", err)
	}
	p := filepath.Join(t.TempDir(), "notatty")
	os.WriteFile(p, nil, 0o600)
	if _, err := Open(p, Options{}); err == nil {
		t.Error("a regular file opened as a serial port")
	}
	if _, err := Open(p, Options{Terminator: "semicolon"}); err == nil || !strings.Contains(err.Error(), "crlf") {
		t.Errorf("bad terminator: %v", err)
	}
}

// TestReplugThroughWatch: the port is a by-id style symlink to a pty; the
// pty goes away (unplug) and a new one appears behind the same name
// (replug); the watcher reads codes from both.
func TestReplugThroughWatch(t *testing.T) {
	link := filepath.Join(t.TempDir(), "usb-Scanner-if00")
	m1, p1 := newPTY(t)
	if err := os.Symlink(p1, link); err != nil {
		t.Fatal(err)
	}
	w := watch.New(watch.Config{Source: scanner.SourceSerial, Patterns: []string{link},
		Open: Opener(Options{Terminator: "cr", IdleCut: 50 * time.Millisecond}), Rescan: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { w.Run(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()

	send := func(m *os.File, code string) scanner.Scan {
		t.Helper()
		// Bytes sent before the port is open and in raw mode would meet
		// the pty's cooked line discipline: wait for the watcher first.
		waitRunning(t, w, link)
		if _, err := m.Write([]byte(code + "\r")); err != nil {
			t.Fatal(err)
		}
		select {
		case s := <-w.Scans():
			return s
		case <-time.After(10 * time.Second):
			t.Fatalf("no scan of %q", code)
			return scanner.Scan{}
		}
	}
	if s := send(m1, "900101300017"); s.Payload != "900101300017" || s.Source != scanner.SourceSerial || s.Device != link {
		t.Fatalf("scan %+v", s)
	}
	m1.Close()
	waitState(t, w, link, scanner.DeviceSearching)
	m2, p2 := newPTY(t)
	os.Remove(link)
	if err := os.Symlink(p2, link); err != nil {
		t.Fatal(err)
	}
	if s := send(m2, "061211600012"); s.Payload != "061211600012" {
		t.Fatalf("after replug: %+v", s)
	}
}

func waitRunning(t *testing.T, w *watch.Watcher, path string) {
	t.Helper()
	waitState(t, w, path, scanner.DeviceRunning)
}

func waitState(t *testing.T, w *watch.Watcher, path string, state scanner.DeviceState) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, st := range w.Snapshot() {
			if st.Path == path && st.State == state {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s never became %s: %+v", path, state, w.Snapshot())
}
