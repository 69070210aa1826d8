package camera_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pion/mediadevices/pkg/frame"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/scanner/camera/cameratest"
)

func TestCodeInViewForManyFramesIsOneScan(t *testing.T) {
	sc := newScene(qrFrame(t, demoIIN, 1))
	drv := cameratest.Register(t, sc.options())
	cam := camera.NewForTest(camera.Config{Device: drv.Label()}, fastRetry())
	before := time.Now()
	run(t, cam)

	st := waitStatus(t, cam, scanner.CameraRunning)
	if st.Detail != drv.Label() {
		t.Errorf("running detail %q, want the device label %q", st.Detail, drv.Label())
	}
	s := nextScan(t, cam)
	if s.Payload != demoIIN || s.Source != scanner.SourceCamera {
		t.Fatalf("scan = %q from %q, want %q from camera", s.Payload, s.Source, demoIIN)
	}
	if s.At.Before(before) || s.At.After(time.Now()) {
		t.Errorf("scan time %v is not the capture time (test ran from %v)", s.At, before)
	}
	decodeMore(t, cam, 30) // the code stays in view for 30 more decoded frames
	noScan(t, cam)
	if got := cam.Stats().Scans; got != 1 {
		t.Errorf("Stats().Scans = %d, want 1", got)
	}
}

func TestDifferentPayloadIsASecondScan(t *testing.T) {
	sc := newScene(qrFrame(t, demoIIN, 1))
	drv := cameratest.Register(t, sc.options())
	// Capture times from a clock that does not move: "within the
	// cooldown" is then true however slowly a loaded machine decodes (a
	// run beside two busy loops per core took 1.4 s a frame, and the
	// first code, shown again, was a scan).
	var clk fakeClock
	h := fastRetry()
	h.Now = clk.now
	cam := camera.NewForTest(camera.Config{Device: drv.Label()}, h)
	run(t, cam)

	if s := nextScan(t, cam); s.Payload != demoIIN {
		t.Fatalf("first scan %q, want %q", s.Payload, demoIIN)
	}
	const other = "061211600012"
	sc.show(qrFrame(t, other, 2))
	if s := nextScan(t, cam); s.Payload != other {
		t.Fatalf("second scan %q, want %q", s.Payload, other)
	}
	// Back to the first code within the default 3 s cooldown: not a scan.
	sc.show(qrFrame(t, demoIIN, 1))
	decodeMore(t, cam, 10)
	noScan(t, cam)
}

// TestCooldownCountsFromLastSighting drives capture times with a fake clock,
// so the cooldown is checked exactly rather than by sleeping.
func TestCooldownCountsFromLastSighting(t *testing.T) {
	const cooldown = 3 * time.Second
	code, empty := qrFrame(t, demoIIN, 1), emptyFrame(t)
	sc := newScene(code)
	drv := cameratest.Register(t, sc.options())
	var clk fakeClock
	h := fastRetry()
	h.Now = clk.now
	cam := camera.NewForTest(camera.Config{Device: drv.Label(), Cooldown: cooldown}, h)
	run(t, cam)

	if s := nextScan(t, cam); !s.At.Equal(clk.now()) {
		t.Fatalf("scan at %v, want the fake capture time %v", s.At, clk.now())
	}
	// Held in view past the cooldown since the scan, but never out of view
	// for a cooldown: still one scan.
	for range 3 {
		clk.advance(cooldown * 6 / 10)
		decodeMore(t, cam, 5)
	}
	noScan(t, cam)

	// Out of view for just under the cooldown, then back: no new scan.
	sc.show(empty)
	decodeMore(t, cam, 5)
	clk.advance(cooldown - 100*time.Millisecond)
	sc.show(code)
	decodeMore(t, cam, 5)
	noScan(t, cam)

	// Out of view for the whole cooldown, then back: a new scan.
	sc.show(empty)
	decodeMore(t, cam, 5)
	clk.advance(cooldown)
	decodeMore(t, cam, 5)
	sc.show(code)
	s := nextScan(t, cam)
	if s.Payload != demoIIN || !s.At.Equal(clk.now()) {
		t.Fatalf("rescan = %q at %v, want %q at %v", s.Payload, s.At, demoIIN, clk.now())
	}
	decodeMore(t, cam, 5)
	noScan(t, cam)
}

func TestEmptyFramesYieldNothing(t *testing.T) {
	drv := cameratest.Register(t, newScene(emptyFrame(t)).options())
	cam := camera.NewForTest(camera.Config{Device: drv.Label()}, fastRetry())
	run(t, cam)
	waitStatus(t, cam, scanner.CameraRunning)
	decodeMore(t, cam, 20)
	noScan(t, cam)
}

func TestUnplugThenReplug(t *testing.T) {
	sc := newScene(qrFrame(t, demoIIN, 1))
	drv := cameratest.Register(t, sc.options())
	cam := camera.NewForTest(camera.Config{Device: drv.Label()}, fastRetry())
	run(t, cam)
	waitStatus(t, cam, scanner.CameraRunning)
	nextScan(t, cam)

	drv.Unplug()
	st := waitStatus(t, cam, scanner.CameraSearching)
	if st.Detail == "" {
		t.Error("searching status without a detail")
	}
	opens := cam.Stats().Opens
	drv.Replug()
	waitStatus(t, cam, scanner.CameraRunning)
	if got := cam.Stats().Opens; got <= opens {
		t.Errorf("Opens %d after replug, want more than %d", got, opens)
	}
	const other = "061211600012"
	sc.show(qrFrame(t, other, 3))
	if s := nextScan(t, cam); s.Payload != other {
		t.Fatalf("scan after replug %q, want %q", s.Payload, other)
	}
}

func TestStalledCameraIsReopened(t *testing.T) {
	drv := cameratest.Register(t, newScene(emptyFrame(t)).options())
	h := fastRetry()
	h.StallTimeout = 150 * time.Millisecond
	cam := camera.NewForTest(camera.Config{Device: drv.Label()}, h)
	run(t, cam)
	waitStatus(t, cam, scanner.CameraRunning)
	opens := cam.Stats().Opens

	drv.Stall(true)
	st := waitStatus(t, cam, scanner.CameraLost)
	if !strings.Contains(st.Detail, "no frame") {
		t.Errorf("stall detail %q, want it to say no frame came", st.Detail)
	}
	drv.Stall(false)
	waitStatus(t, cam, scanner.CameraRunning)
	if got := cam.Stats().Opens; got <= opens {
		t.Errorf("Opens %d after stall, want more than %d (the track must be reopened)", got, opens)
	}
}

func TestBusyAtOpen(t *testing.T) {
	drv := cameratest.Register(t, newScene(emptyFrame(t)).options())
	drv.SetBusy(true)
	cam := camera.NewForTest(camera.Config{Device: drv.Label()}, fastRetry())
	run(t, cam)

	st := waitStatus(t, cam, scanner.CameraBusy)
	if !strings.Contains(st.Detail, drv.Label()) {
		t.Errorf("busy detail %q does not name the device %q", st.Detail, drv.Label())
	}
	if n := cam.Stats().Opens; n != 0 {
		t.Fatalf("opened %d times while busy", n)
	}
	drv.SetBusy(false)
	waitStatus(t, cam, scanner.CameraRunning)
	decodeMore(t, cam, 1)
}

func TestMissingDeviceIsSearching(t *testing.T) {
	cameratest.Register(t, cameratest.Options{}) // a camera, but not the configured one
	cam := camera.NewForTest(camera.Config{Device: "/dev/v4l/by-id/usb-none-video-index0"}, fastRetry())
	run(t, cam)
	st := waitStatus(t, cam, scanner.CameraSearching)
	deadline := time.Now().Add(waitLimit)
	for !strings.Contains(st.Detail, "no camera found") {
		if time.Now().After(deadline) {
			t.Fatalf("detail %q never said no camera was found", st.Detail)
		}
		st = waitStatus(t, cam, scanner.CameraSearching)
	}
}

func TestOffDoesNotCapture(t *testing.T) {
	drv := cameratest.Register(t, newScene(emptyFrame(t)).options())
	cam := camera.NewForTest(camera.Config{Device: camera.DeviceOff}, fastRetry())
	stopped := runUntil(t, cam)
	waitStatus(t, cam, scanner.CameraOff)
	stopped()
	if drv.Opens() != 0 || cam.Stats().FramesCaptured != 0 {
		t.Fatalf("off camera opened %d times, captured %d frames", drv.Opens(), cam.Stats().FramesCaptured)
	}
}

func TestUnsupportedBuildReportsOnceAndWaits(t *testing.T) {
	drv := cameratest.Register(t, newScene(emptyFrame(t)).options())
	h := fastRetry()
	h.Supported = ptr(false)
	cam := camera.NewForTest(camera.Config{Device: drv.Label()}, h)
	stopped := runUntil(t, cam)
	waitStatus(t, cam, scanner.CameraUnsupported)
	stopped()
	select {
	case st := <-cam.Status():
		t.Errorf("second status %+v after unsupported", st)
	default:
	}
	if drv.Opens() != 0 {
		t.Fatalf("unsupported build opened the camera %d times", drv.Opens())
	}
}

func TestSupportedMatchesBuild(t *testing.T) {
	// The V4L2 driver is compiled in exactly when cgo is on (on Linux).
	if camera.Supported() != driverBuilt {
		t.Fatalf("Supported() = %v in a build with cgo=%v", camera.Supported(), driverBuilt)
	}
	if driverBuilt {
		return
	}
	// Without cgo and with no driver registered, Run can only say so.
	cam := camera.New(camera.Config{})
	stopped := runUntil(t, cam)
	if st := waitStatus(t, cam, scanner.CameraUnsupported); !strings.Contains(st.Detail, "cgo") {
		t.Errorf("unsupported detail %q does not say why", st.Detail)
	}
	stopped()
}

func TestAutoPicksTheOnlyCamera(t *testing.T) {
	sc := newScene(qrFrame(t, demoIIN, 1))
	drv := cameratest.Register(t, sc.options())
	cam := camera.NewForTest(camera.Config{Device: camera.DeviceAuto}, fastRetry())
	run(t, cam)
	if st := waitStatus(t, cam, scanner.CameraRunning); st.Detail != drv.Label() {
		t.Fatalf("auto opened %q, want %q", st.Detail, drv.Label())
	}
	if s := nextScan(t, cam); s.Payload != demoIIN {
		t.Fatalf("scan %q, want %q", s.Payload, demoIIN)
	}
}

func TestFormatReachesTheDriver(t *testing.T) {
	for _, tc := range []struct {
		format string
		want   frame.Format
	}{
		{"", frame.FormatMJPEG},
		{"mjpeg", frame.FormatMJPEG},
		{"yuyv", frame.FormatYUYV},
	} {
		t.Run("format="+tc.format, func(t *testing.T) {
			drv := cameratest.Register(t, newScene(emptyFrame(t)).options())
			cam := camera.NewForTest(camera.Config{Device: drv.Label(), Format: tc.format}, fastRetry())
			run(t, cam)
			waitStatus(t, cam, scanner.CameraRunning)
			if got := drv.Selected().FrameFormat; got != tc.want {
				t.Fatalf("driver recorded %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRunTwiceIsRefused(t *testing.T) {
	cam := camera.NewForTest(camera.Config{Device: camera.DeviceOff}, fastRetry())
	run(t, cam)
	waitStatus(t, cam, scanner.CameraOff)
	if err := cam.Run(t.Context()); err == nil {
		t.Fatal("second Run returned nil")
	}
}

func TestAutoSkipsABusyCamera(t *testing.T) {
	busy := cameratest.Register(t, cameratest.Options{Label: "cameratest-a-busy"})
	busy.SetBusy(true)
	free := cameratest.Register(t, cameratest.Options{Label: "cameratest-b-free"})
	cam := camera.NewForTest(camera.Config{Device: camera.DeviceAuto}, fastRetry())
	run(t, cam)
	if st := waitStatus(t, cam, scanner.CameraRunning); st.Detail != free.Label() {
		t.Fatalf("auto opened %q, want the free camera %q", st.Detail, free.Label())
	}
}

func TestAutoWithEveryCameraBusyIsBusy(t *testing.T) {
	a := cameratest.Register(t, cameratest.Options{})
	b := cameratest.Register(t, cameratest.Options{})
	a.SetBusy(true)
	b.SetBusy(true)
	cam := camera.NewForTest(camera.Config{Device: camera.DeviceAuto}, fastRetry())
	run(t, cam)
	waitStatus(t, cam, scanner.CameraBusy)
	b.SetBusy(false)
	if st := waitStatus(t, cam, scanner.CameraRunning); st.Detail != b.Label() {
		t.Fatalf("opened %q, want %q", st.Detail, b.Label())
	}
}

// TestBusyWithoutAvailabilityCheck covers drivers that cannot say "busy"
// up front: GetUserMedia only says it found no driver, and the camera must
// still tell busy from missing.
func TestBusyWithoutAvailabilityCheck(t *testing.T) {
	drv := cameratest.Register(t, cameratest.Options{NoAvailability: true})
	drv.SetBusy(true)
	cam := camera.NewForTest(camera.Config{Device: drv.Label()}, fastRetry())
	run(t, cam)
	waitStatus(t, cam, scanner.CameraBusy)
	drv.SetBusy(false)
	waitStatus(t, cam, scanner.CameraRunning)
	drv.Unplug()
	waitStatus(t, cam, scanner.CameraSearching)
	drv.Replug()
	waitStatus(t, cam, scanner.CameraRunning)
}
