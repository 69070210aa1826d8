// Package watch keeps hardware scanners open: it finds the devices a config
// names (paths or glob patterns such as /dev/input/by-id/*-event-kbd),
// opens each, reads its lines, reopens it after an unplug, and merges every
// device's lines into one stream of scanner.Scan values, each device behind
// its own throttle. The device-specific parts (evdev, serial) are Openers.
//
//	patterns --rescan--> paths --keeper per path--> Conn.ReadLines --throttle--> Scans()
//	                                    \--> Status() (one DeviceStatus per path)
package watch

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/throttle"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Line is one code read from a device.
type Line struct {
	Text string
	// Cut: the device stopped halfway through a code (unplugged, went
	// silent before the terminator, the kernel dropped events).
	Cut bool
}

// Conn is one open device.
type Conn interface {
	// ReadLines reads until the device fails or is closed, calling emit
	// for each line. It returns the reason it stopped.
	ReadLines(emit func(Line)) error
	// Close ends ReadLines.
	Close() error
	// Name is the device's own name ("" when it has none).
	Name() string
}

// Opener opens the device at path. Its errors wrap fs.ErrPermission when
// the process may not open it, and ErrBusy when another program holds it.
type Opener func(path string) (Conn, error)

// ErrBusy says another program holds the device.
var ErrBusy = errors.New("device busy")

// Config says what to watch.
type Config struct {
	Source   scanner.Source // SourceHID or SourceSerial
	Patterns []string       // device paths or glob patterns
	// Filter picks among the paths a pattern found (nil keeps all); the
	// "auto" choice of barcode scanners among keyboards uses it.
	Filter func(path string) bool
	Open   Opener
	// Rescan is how often patterns are looked at again for new or
	// replugged devices, and the longest wait before a retry (default 1s).
	Rescan time.Duration
	// NewLimiter makes each device's throttle (nil: throttle defaults).
	NewLimiter func() *throttle.Limiter
	Now        func() time.Time
	Logger     *slog.Logger
}

// Watcher runs the keepers. Use New, then Run.
type Watcher struct {
	cfg    Config
	log    *slog.Logger
	scans  chan scanner.Scan
	status chan []scanner.DeviceStatus

	// mu guards everything declared below.
	mu     sync.Mutex
	active map[string]bool                 // paths with a running keeper
	states map[string]scanner.DeviceStatus // the latest status of each path
	order  []string                        // paths in the order first seen
}

// scanBuffer holds scans while the UI is busy with the previous one; past
// it a scan is dropped and logged rather than blocking the device.
const scanBuffer = 16

// New makes a Watcher.
func New(cfg Config) *Watcher {
	if cfg.Rescan <= 0 {
		cfg.Rescan = time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewLimiter == nil {
		cfg.NewLimiter = func() *throttle.Limiter { return throttle.New(0, 0, 0) }
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Watcher{
		cfg: cfg, log: log,
		scans:  make(chan scanner.Scan, scanBuffer),
		status: make(chan []scanner.DeviceStatus, 1),
		active: map[string]bool{},
		states: map[string]scanner.DeviceStatus{},
	}
}

// Scans delivers every device's codes.
func (w *Watcher) Scans() <-chan scanner.Scan { return w.scans }

// Status delivers the state of every device after each change; a slow
// reader sees only the latest.
func (w *Watcher) Status() <-chan []scanner.DeviceStatus { return w.status }

// Snapshot is the current state of every device seen so far.
func (w *Watcher) Snapshot() []scanner.DeviceStatus {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]scanner.DeviceStatus, 0, len(w.order))
	for _, p := range w.order {
		out = append(out, w.states[p])
	}
	return out
}

// Run watches until ctx is done. Device trouble never ends it.
func (w *Watcher) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTicker(w.cfg.Rescan)
	defer t.Stop()
	for {
		for _, p := range w.expand() {
			if w.claim(p) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					w.keep(ctx, p)
				}()
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// expand resolves the patterns to the paths present now. A plain path that
// is missing, or a pattern that matches nothing, is reported as searching.
func (w *Watcher) expand() []string {
	var paths []string
	for _, pat := range w.cfg.Patterns {
		matches, err := filepath.Glob(pat)
		if err != nil {
			w.report(scanner.DeviceStatus{Path: pat, State: scanner.DeviceFailed, Detail: "bad pattern: " + err.Error()})
			continue
		}
		found := 0
		for _, m := range matches {
			if w.cfg.Filter == nil || w.cfg.Filter(m) {
				paths = append(paths, m)
				found++
			}
		}
		switch {
		case found == 0 && !w.isActive(pat):
			w.report(scanner.DeviceStatus{Path: pat, State: scanner.DeviceSearching, Detail: "not plugged in"})
		case found > 0:
			// The devices found speak for themselves now.
			w.forget(pat)
		}
	}
	slices.Sort(paths)
	return sameDevice(slices.Compact(paths))
}

// sameDevice keeps one name for each device: a by-id link and the node it
// points to (both configured, or found by two patterns) must not be opened
// twice, or the second open finds the device busy.
func sameDevice(paths []string) []string {
	seen := map[string]bool{}
	out := paths[:0]
	for _, p := range paths {
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			real = p
		}
		if !seen[real] {
			seen[real] = true
			out = append(out, p)
		}
	}
	return out
}

func (w *Watcher) isActive(path string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.active[path]
}

// claim marks path as kept; false if a keeper already has it.
func (w *Watcher) claim(path string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.active[path] {
		return false
	}
	w.active[path] = true
	return true
}

func (w *Watcher) release(path string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.active, path)
}

// keep opens path and reads it until ctx is done or the device is gone for
// good (its path vanished: the rescan starts a new keeper when it is back).
func (w *Watcher) keep(ctx context.Context, path string) {
	defer w.release(path)
	lim := w.cfg.NewLimiter()
	var lastErr string
	for ctx.Err() == nil {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			w.report(scanner.DeviceStatus{Path: path, State: scanner.DeviceSearching, Detail: "unplugged"})
			w.log.Info("scanner unplugged", "device", path)
			return
		}
		conn, err := w.cfg.Open(path)
		if err != nil {
			st := Classify(path, err)
			w.report(st)
			if msg := err.Error(); msg != lastErr {
				w.log.Warn("scanner not available, retrying", "device", path, "state", st.State, "group", st.Group, "err", msg)
				lastErr = msg
			}
			if !sleep(ctx, w.cfg.Rescan) {
				return
			}
			continue
		}
		lastErr = ""
		w.report(scanner.DeviceStatus{Path: path, State: scanner.DeviceRunning, Detail: safetext.Clean(conn.Name(), 80)})
		w.log.Info("scanner opened", "device", path, "name", safetext.Clean(conn.Name(), 80))
		err = w.session(ctx, conn, path, lim)
		if ctx.Err() != nil {
			return
		}
		w.report(scanner.DeviceStatus{Path: path, State: scanner.DeviceSearching, Detail: "lost: " + safetext.Clean(errString(err), 80)})
		w.log.Warn("scanner lost, reopening", "device", path, "err", err)
		if !sleep(ctx, w.cfg.Rescan/4) {
			return
		}
	}
}

// session reads one open device until it fails or ctx is done.
func (w *Watcher) session(ctx context.Context, conn Conn, path string, lim *throttle.Limiter) error {
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
		case <-done:
		}
		conn.Close()
	}()
	return conn.ReadLines(func(l Line) { w.deliver(path, l, lim) })
}

// deliver throttles one line and hands it on as a scan.
func (w *Watcher) deliver(path string, l Line, lim *throttle.Limiter) {
	at := w.cfg.Now()
	s := scanner.Scan{Payload: l.Text, Source: w.cfg.Source, At: at, Device: path, Cut: l.Cut}
	if l.Cut {
		s.Payload = ""
	}
	switch lim.Allow(s.Payload, at) {
	case throttle.Repeat:
		w.log.Debug("scan repeated, dropped", "device", path)
		return
	case throttle.Flood:
		// Every tenth drop is logged: a jammed scanner must not flood
		// the log either.
		if lim.Dropped()%10 == 1 {
			w.log.Warn("scanner sends too fast, scans dropped", "device", path, "dropped", lim.Dropped())
		}
		return
	}
	select {
	case w.scans <- s:
	default:
		w.log.Warn("scan dropped: the kiosk is still busy with earlier scans", "device", path)
	}
}

// report records path's status and publishes the snapshot if it changed.
func (w *Watcher) report(st scanner.DeviceStatus) {
	st.Source = w.cfg.Source
	w.mu.Lock()
	prev, seen := w.states[st.Path]
	if seen && prev == st {
		w.mu.Unlock()
		return
	}
	if !seen {
		w.order = append(w.order, st.Path)
	}
	w.states[st.Path] = st
	w.mu.Unlock()
	w.publish()
}

// publish sends the current snapshot, replacing an unread one.
func (w *Watcher) publish() {
	snap := w.Snapshot()
	select {
	case <-w.status:
	default:
	}
	select {
	case w.status <- snap:
	default:
	}
}

// forget drops the status of a pattern that now matches devices.
func (w *Watcher) forget(pat string) {
	w.mu.Lock()
	_, seen := w.states[pat]
	if w.active[pat] || !seen {
		w.mu.Unlock()
		return
	}
	delete(w.states, pat)
	w.order = slices.DeleteFunc(w.order, func(p string) bool { return p == pat })
	w.mu.Unlock()
	w.publish()
}

// Classify turns an Opener's error into the status the screen, the log and
// doctor show: a permission problem names the group that owns the device.
func Classify(path string, err error) scanner.DeviceStatus {
	st := scanner.DeviceStatus{Path: path, State: scanner.DeviceFailed, Detail: safetext.Clean(err.Error(), 120)}
	switch {
	case errors.Is(err, fs.ErrPermission):
		st.State, st.Group = scanner.DeviceDenied, GroupOf(path)
	case errors.Is(err, ErrBusy):
		st.State = scanner.DeviceBusy
	case errors.Is(err, fs.ErrNotExist):
		st.State = scanner.DeviceSearching
	}
	return st
}

func errString(err error) string {
	if err == nil {
		return "closed"
	}
	return err.Error()
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
