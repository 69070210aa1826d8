package camera

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/mediadevices/pkg/driver"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/qrdecode"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Supported reports whether this build has a camera driver (cgo builds).
func Supported() bool { return haveDriver }

// canCapture is what Run checks: a compiled-in driver, or any video driver
// registered with mediadevices by other means. The latter is how
// cameratest's driver runs end-to-end tests in CGO_ENABLED=0 builds; a
// production build without cgo has none and reports CameraUnsupported.
func canCapture() bool {
	return haveDriver || len(driver.GetManager().Query(driver.FilterVideoRecorder())) > 0
}

// scanBuffer is how many scans may wait for the reader; with the cooldown a
// burst bigger than this means nobody is reading.
const scanBuffer = 16

// Retry and watchdog timing. Tests shorten them through export_test.go.
const (
	defaultBackoffMin = time.Second
	defaultBackoffMax = 10 * time.Second
	// defaultStallTimeout is how long without a frame counts as unplugged. It
	// is above the V4L2 driver's own 5 s read timeout, which normally ends a
	// stalled read first with an error.
	defaultStallTimeout = 6 * time.Second
)

// Camera is the capture-and-decode loop.
type Camera struct {
	cfg    Config
	log    *slog.Logger
	scans  chan scanner.Scan
	status chan scanner.CameraStatus
	box    *mailbox
	stats  counters
	ran    atomic.Bool

	// Set by New, replaced by tests before Run (export_test.go).
	supported    func() bool
	decode       decodeFunc // nil: one made by newDecode
	newDecode    func(qrdecode.Options) (decodeFunc, func())
	now          func() time.Time
	backoffMin   time.Duration
	backoffMax   time.Duration
	stallTimeout time.Duration

	statusMu   sync.Mutex // statusMu guards lastStatus.
	lastStatus scanner.CameraStatus
}

// New makes a camera loop; call Run.
func New(cfg Config) *Camera {
	cfg = cfg.withDefaults()
	return &Camera{
		cfg:          cfg,
		log:          cfg.Logger.With("component", "camera"),
		scans:        make(chan scanner.Scan, scanBuffer),
		status:       make(chan scanner.CameraStatus, 1),
		box:          newMailbox(),
		supported:    canCapture,
		newDecode:    newQRDecode,
		now:          time.Now,
		backoffMin:   defaultBackoffMin,
		backoffMax:   defaultBackoffMax,
		stallTimeout: defaultStallTimeout,
	}
}

// errRunTwice is returned by a second call to Run on the same Camera.
var errRunTwice = errors.New("camera: Run called twice")

// Run captures until ctx is done, reopening the device as needed. Camera
// trouble (missing, busy, unplugged, stalled) never ends it: it is reported
// on Status and retried with backoff. It returns nil once ctx is done and
// both goroutines have stopped. Scans is not closed.
func (c *Camera) Run(ctx context.Context) error {
	if !c.ran.CompareAndSwap(false, true) {
		return errRunTwice
	}
	switch {
	case c.cfg.Device == DeviceOff:
		c.report(scanner.CameraOff, "", "camera disabled in config")
		c.log.Info("camera off by config")
		<-ctx.Done()
		return nil
	case !c.supported():
		c.report(scanner.CameraUnsupported, "", "this build has no camera driver (built without cgo)")
		c.log.Warn("camera unsupported: built without cgo")
		<-ctx.Done()
		return nil
	}

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.decodeLoop()
	}()
	c.captureLoop(ctx)
	c.box.close()
	wg.Wait()
	return nil
}

// Scans delivers decoded payloads.
func (c *Camera) Scans() <-chan scanner.Scan { return c.scans }

// Status delivers camera state changes; a slow reader sees only the latest.
func (c *Camera) Status() <-chan scanner.CameraStatus { return c.status }

// report publishes a state change: a repeat of the current status is not
// sent again, and an unread older status is replaced, never queued.
func (c *Camera) report(state scanner.CameraState, device, detail string) {
	st := scanner.CameraStatus{State: state, Device: safetext.Clean(device, 40), Detail: safetext.Clean(detail, 80)}
	c.statusMu.Lock()
	defer c.statusMu.Unlock()
	if st == c.lastStatus {
		return
	}
	c.lastStatus = st
	select {
	case <-c.status:
	default:
	}
	select {
	case c.status <- st:
	default:
	}
}

// Stats are running totals since New, for tests, benchmarks and the device
// report.
type Stats struct {
	FramesCaptured uint64 // frames read from the camera
	FramesDecoded  uint64 // frames the decoder finished
	FramesStale    uint64 // frames replaced in the mailbox before the decoder took them
	Scans          uint64 // scans delivered on Scans()
	ScansDropped   uint64 // scans dropped because nobody read Scans()
	Opens          uint64 // times the camera was opened successfully
	Errors         uint64 // failed opens and lost cameras (each retry counts)
	// DecodeTime is the time spent decoding FramesDecoded frames.
	DecodeTime time.Duration
}

type counters struct {
	captured, decoded, stale, scans, scansDropped, opens, errors atomic.Uint64
	decodeNanos                                                  atomic.Int64
}

// Stats returns the current totals; safe to call at any time.
func (c *Camera) Stats() Stats {
	return Stats{
		FramesCaptured: c.stats.captured.Load(),
		FramesDecoded:  c.stats.decoded.Load(),
		FramesStale:    c.stats.stale.Load(),
		Scans:          c.stats.scans.Load(),
		ScansDropped:   c.stats.scansDropped.Load(),
		Opens:          c.stats.opens.Load(),
		Errors:         c.stats.errors.Load(),
		DecodeTime:     time.Duration(c.stats.decodeNanos.Load()),
	}
}
