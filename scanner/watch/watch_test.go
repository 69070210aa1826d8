package watch

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/throttle"
)

// bench is a set of fake devices: a device is a file in dir (its node) and
// a channel of lines the test types into it. Unplugging removes the node
// and ends the open Conn, as the kernel does.
type bench struct {
	t   *testing.T
	dir string

	mu     sync.Mutex
	open   map[string]*fakeConn
	opens  map[string]int
	denied map[string]bool
}

type fakeConn struct {
	lines chan Line
	once  sync.Once
	done  chan struct{}
}

func (c *fakeConn) ReadLines(emit func(Line)) error {
	for {
		select {
		case l := <-c.lines:
			emit(l)
		case <-c.done:
			return fmt.Errorf("device gone")
		}
	}
}

func (c *fakeConn) Close() error { c.once.Do(func() { close(c.done) }); return nil }
func (c *fakeConn) Name() string { return "Fake Barcode Scanner" }

func newBench(t *testing.T) *bench {
	return &bench{t: t, dir: t.TempDir(), open: map[string]*fakeConn{}, opens: map[string]int{}, denied: map[string]bool{}}
}

func (b *bench) plug(name string) string {
	p := filepath.Join(b.dir, name)
	if err := os.WriteFile(p, nil, 0o660); err != nil {
		b.t.Fatal(err)
	}
	return p
}

func (b *bench) unplug(name string) {
	p := filepath.Join(b.dir, name)
	os.Remove(p)
	b.mu.Lock()
	c := b.open[p]
	b.mu.Unlock()
	if c != nil {
		c.Close()
	}
}

func (b *bench) opener(path string) (Conn, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.denied[path] {
		return nil, fmt.Errorf("open %s: %w", path, fs.ErrPermission)
	}
	c := &fakeConn{lines: make(chan Line), done: make(chan struct{})}
	b.open[path] = c
	b.opens[path]++
	return c, nil
}

// typeLine waits until the device is open and sends it a line.
func (b *bench) typeLine(name string, l Line) {
	p := filepath.Join(b.dir, name)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		b.mu.Lock()
		c := b.open[p]
		b.mu.Unlock()
		if c != nil {
			select {
			case c.lines <- l:
				return
			case <-c.done:
			case <-time.After(50 * time.Millisecond):
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	b.t.Fatalf("device %s never opened", name)
}

func (b *bench) opensOf(name string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.opens[filepath.Join(b.dir, name)]
}

func start(t *testing.T, cfg Config) *Watcher {
	t.Helper()
	cfg.Source = scanner.SourceHID
	cfg.Rescan = 10 * time.Millisecond
	w := New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not stop")
		}
	})
	return w
}

func nextScan(t *testing.T, w *Watcher) scanner.Scan {
	t.Helper()
	select {
	case s := <-w.Scans():
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("no scan within 10s")
		return scanner.Scan{}
	}
}

// waitState waits until path reaches state and returns its status.
func waitState(t *testing.T, w *Watcher, path string, state scanner.DeviceState) scanner.DeviceStatus {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, st := range w.Snapshot() {
			if st.Path == path && st.State == state {
				return st
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s never became %s: %+v", path, state, w.Snapshot())
	return scanner.DeviceStatus{}
}

func TestSeveralScannersAtOnce(t *testing.T) {
	b := newBench(t)
	a, c := b.plug("scanner-a"), b.plug("scanner-b")
	w := start(t, Config{Patterns: []string{filepath.Join(b.dir, "scanner-*")}, Open: b.opener})
	b.typeLine("scanner-a", Line{Text: "900101300017"})
	b.typeLine("scanner-b", Line{Text: "061211600012"})
	got := map[string]string{}
	for i := 0; i < 2; i++ {
		s := nextScan(t, w)
		if s.Source != scanner.SourceHID || s.At.IsZero() {
			t.Errorf("scan %+v lacks source or time", s)
		}
		got[s.Device] = s.Payload
	}
	if got[a] != "900101300017" || got[c] != "061211600012" {
		t.Fatalf("scans by device: %v", got)
	}
	st := waitState(t, w, a, scanner.DeviceRunning)
	if st.Detail != "Fake Barcode Scanner" || st.Source != scanner.SourceHID {
		t.Errorf("running status %+v", st)
	}
}

func TestReplugReopens(t *testing.T) {
	b := newBench(t)
	p := b.plug("scanner-a")
	w := start(t, Config{Patterns: []string{p}, Open: b.opener})
	b.typeLine("scanner-a", Line{Text: "900101300017"})
	nextScan(t, w)

	b.unplug("scanner-a")
	waitState(t, w, p, scanner.DeviceSearching)
	b.plug("scanner-a")
	waitState(t, w, p, scanner.DeviceRunning)
	b.typeLine("scanner-a", Line{Text: "061211600012"})
	if s := nextScan(t, w); s.Payload != "061211600012" {
		t.Fatalf("after replug: %+v", s)
	}
	if n := b.opensOf("scanner-a"); n != 2 {
		t.Errorf("opened %d times, want 2 (once, and once after the replug)", n)
	}
}

func TestPermissionNamesTheGroup(t *testing.T) {
	b := newBench(t)
	p := b.plug("scanner-a")
	// The node belongs to group dialout (gid 20 on Debian), as a serial
	// port does; the advice must name that group.
	if err := os.Chown(p, -1, 20); err != nil {
		t.Fatalf("chown: %v", err)
	}
	b.denied[p] = true
	w := start(t, Config{Patterns: []string{p}, Open: b.opener})
	st := waitState(t, w, p, scanner.DeviceDenied)
	if st.Group != "dialout" {
		t.Fatalf("denied status %+v: want group dialout", st)
	}
}

func TestMissingDeviceIsSearching(t *testing.T) {
	b := newBench(t)
	pat := filepath.Join(b.dir, "nothing-*")
	w := start(t, Config{Patterns: []string{pat}, Open: b.opener})
	waitState(t, w, pat, scanner.DeviceSearching)
}

func TestFilterKeepsTheKeyboard(t *testing.T) {
	b := newBench(t)
	b.plug("usb-Logitech_Keyboard-event-kbd")
	sc := b.plug("usb-Honeywell_Scanner-event-kbd")
	w := start(t, Config{
		Patterns: []string{filepath.Join(b.dir, "*-event-kbd")}, Open: b.opener,
		Filter: func(p string) bool { return p == sc },
	})
	waitState(t, w, sc, scanner.DeviceRunning)
	if n := b.opensOf("usb-Logitech_Keyboard-event-kbd"); n != 0 {
		t.Fatalf("the keyboard was opened %d times", n)
	}
}

func TestJammedScannerIsThrottledAlone(t *testing.T) {
	b := newBench(t)
	b.plug("jammed")
	b.plug("good")
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); now = now.Add(time.Millisecond); return now }
	w := start(t, Config{
		Patterns: []string{filepath.Join(b.dir, "*")}, Open: b.opener, Now: clock,
		NewLimiter: func() *throttle.Limiter { return throttle.New(3, time.Hour, time.Second) },
	})
	for i := 0; i < 40; i++ {
		b.typeLine("jammed", Line{Text: fmt.Sprintf("junk-%d", i)})
	}
	b.typeLine("good", Line{Text: "900101300017"})
	var fromJammed, fromGood int
	for fromGood == 0 {
		if s := nextScan(t, w); s.Device == filepath.Join(b.dir, "good") {
			fromGood++
		} else {
			fromJammed++
		}
	}
	if fromJammed != 3 {
		t.Errorf("%d scans of 40 from the jammed scanner got through, want its burst of 3", fromJammed)
	}
}

func TestCutLineBecomesCutScan(t *testing.T) {
	b := newBench(t)
	b.plug("scanner-a")
	w := start(t, Config{Patterns: []string{filepath.Join(b.dir, "scanner-a")}, Open: b.opener})
	b.typeLine("scanner-a", Line{Cut: true, Text: "ignored"})
	if s := nextScan(t, w); !s.Cut || s.Payload != "" {
		t.Fatalf("scan %+v: want cut with no payload", s)
	}
}

// TestPatternNoticeGoesWhenADeviceAppears: "not plugged in" for a pattern
// must not stay on screen beside the scanner that then matched it.
func TestPatternNoticeGoesWhenADeviceAppears(t *testing.T) {
	b := newBench(t)
	pat := filepath.Join(b.dir, "*-event-kbd")
	w := start(t, Config{Patterns: []string{pat}, Open: b.opener})
	waitState(t, w, pat, scanner.DeviceSearching)
	p := b.plug("usb-Scanner-event-kbd")
	waitState(t, w, p, scanner.DeviceRunning)
	deadline := time.Now().Add(10 * time.Second)
	for {
		snap := w.Snapshot()
		if len(snap) == 1 && snap[0].Path == p {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("statuses %+v: the pattern's notice stayed", snap)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestOneDeviceTwoNames: a device configured by its by-id link and by its
// node is opened once.
func TestOneDeviceTwoNames(t *testing.T) {
	b := newBench(t)
	node := b.plug("event7")
	link := filepath.Join(b.dir, "usb-Scanner-event-kbd")
	if err := os.Symlink(node, link); err != nil {
		t.Fatal(err)
	}
	w := start(t, Config{Patterns: []string{link, node}, Open: b.opener})
	waitState(t, w, node, scanner.DeviceRunning)
	time.Sleep(50 * time.Millisecond) // several rescans: none may open it again
	b.mu.Lock()
	opens := b.opens[node] + b.opens[link]
	b.mu.Unlock()
	if opens != 1 {
		t.Fatalf("the device was opened %d times under its two names", opens)
	}
}
