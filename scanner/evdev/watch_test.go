package evdev

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/keymap"
	"github.com/ashyq/kiosk/scanner/watch"
)

// pipeBus stands in for the kernel: each open of a device node gives a
// fresh pipe whose write end the test holds, so recorded events flow
// through the real reader, and closing the write end is an unplug.
type pipeBus struct {
	mu      sync.Mutex
	writers map[string]chan *os.File
}

func (b *pipeBus) open(path string) (watch.Conn, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	ch := b.writers[path]
	b.mu.Unlock()
	ch <- w
	return NewConn(r, Options{Layout: keymap.US()}), nil
}

// TestWatchedScannersThroughTheRealReader: two grabbed scanners typing
// recorded events at once, one unplugged and replugged.
func TestWatchedScannersThroughTheRealReader(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "usb-A_Scanner-event-kbd"), filepath.Join(dir, "usb-B_Scanner-event-kbd")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	bus := &pipeBus{writers: map[string]chan *os.File{a: make(chan *os.File, 4), b: make(chan *os.File, 4)}}
	w := watch.New(watch.Config{Source: scanner.SourceHID, Patterns: []string{filepath.Join(dir, "*-event-kbd")},
		Open: bus.open, Rescan: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { w.Run(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()

	device := func(p string) *os.File {
		select {
		case f := <-bus.writers[p]:
			return f
		case <-time.After(10 * time.Second):
			t.Fatalf("%s was never opened", p)
			return nil
		}
	}
	scan := func() scanner.Scan {
		select {
		case s := <-w.Scans():
			return s
		case <-time.After(10 * time.Second):
			t.Fatal("no scan")
			return scanner.Scan{}
		}
	}
	wa, wb := device(a), device(b)
	wa.Write(newRecorder().typeUS("900101300017\n").out)
	wb.Write(newRecorder().typeUS("061211600012\n").out)
	got := map[string]string{}
	for i := 0; i < 2; i++ {
		s := scan()
		got[s.Device] = s.Payload
	}
	if got[a] != "900101300017" || got[b] != "061211600012" {
		t.Fatalf("scans %v", got)
	}
	wa.Close() // unplug A: the reader sees the end, the watcher reopens the node
	wa = device(a)
	wa.Write(newRecorder().typeUS("771203300035\n").out)
	if s := scan(); s.Device != a || s.Payload != "771203300035" {
		t.Fatalf("after the replug: %+v", s)
	}
	wa.Close()
	wb.Close()
}
