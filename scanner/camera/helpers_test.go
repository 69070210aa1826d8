package camera_test

import (
	"context"
	"image"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/scanner/camera/cameratest"
	"github.com/ashyq/kiosk/scanner/qrgen"
)

// demoIIN is the demo visitor's IIN used across the kiosk's tests.
const demoIIN = "900101300017"

// waitLimit bounds every wait for the camera loop's progress: a guard
// against a hang, never a measurement, so it is generous. Beside two busy
// loops per core, on a machine other work also loaded (load average 37),
// -race decoded a frame of a clear code in half a second of wall time,
// and 30 frames took more than the 15 s this once was.
const waitLimit = 60 * time.Second

// qrFrame is a camera frame showing a QR code of payload, held close to the
// camera. The decoder's first, cheap attempt reads such a frame; a smaller
// code may need a stronger attempt that the decoder's time budget skips on a
// loaded machine (two cores, -race), and this package's tests are about the
// camera loop, not about decoding difficulty (qrdecode tests that).
func qrFrame(t testing.TB, payload string, seed int64) *image.YCbCr {
	t.Helper()
	g, err := qrgen.Frame(qrgen.Spec{Payload: payload, Width: 640, Height: 480, Seed: seed, Distortion: qrgen.Large})
	if err != nil {
		t.Fatalf("qrgen: %v", err)
	}
	return cameratest.ToYCbCr(g)
}

// emptyFrame is a camera frame of the same scene without a code.
func emptyFrame(t testing.TB) *image.YCbCr {
	t.Helper()
	g, err := qrgen.Frame(qrgen.Spec{Width: 640, Height: 480, Seed: 1})
	if err != nil {
		t.Fatalf("qrgen: %v", err)
	}
	return cameratest.ToYCbCr(g)
}

// scene is what the fake camera is looking at; tests switch it.
type scene struct{ cur atomic.Pointer[image.YCbCr] }

func newScene(img *image.YCbCr) *scene {
	s := &scene{}
	s.cur.Store(img)
	return s
}

func (s *scene) show(img *image.YCbCr)       { s.cur.Store(img) }
func (s *scene) frame(int) image.Image       { return s.cur.Load() }
func (s *scene) options() cameratest.Options { return cameratest.Options{Frames: s.frame, FPS: 60} }

// fastRetry keeps reopen tests short.
func fastRetry() camera.TestHooks {
	return camera.TestHooks{
		BackoffMin:   10 * time.Millisecond,
		BackoffMax:   80 * time.Millisecond,
		StallTimeout: 2 * time.Second,
	}
}

func ptr[T any](v T) *T { return &v }

// run starts cam.Run and, when the test ends, stops it and checks it
// returned nil promptly.
func run(t *testing.T, cam *camera.Camera) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- cam.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-errc:
			if err != nil {
				t.Errorf("Run returned %v, want nil", err)
			}
		case <-time.After(waitLimit):
			t.Errorf("Run did not return after cancel")
		}
	})
}

// waitStatus reads statuses until one has state want.
func waitStatus(t *testing.T, cam *camera.Camera, want scanner.CameraState) scanner.CameraStatus {
	t.Helper()
	deadline := time.After(waitLimit)
	var last scanner.CameraStatus
	for {
		select {
		case st := <-cam.Status():
			if st.State == want {
				return st
			}
			last = st
		case <-deadline:
			t.Fatalf("status %q never came; last %+v", want, last)
		}
	}
}

// nextScan waits for a scan.
func nextScan(t *testing.T, cam *camera.Camera) scanner.Scan {
	t.Helper()
	select {
	case s := <-cam.Scans():
		return s
	case <-time.After(waitLimit):
		t.Fatalf("no scan; stats %+v", cam.Stats())
	}
	return scanner.Scan{}
}

// decodeMore waits until n more frames were decoded: frames captured before
// the call are then certainly behind us (the pipeline holds at most three:
// one being read, one in the mailbox, one being decoded).
func decodeMore(t *testing.T, cam *camera.Camera, n uint64) {
	t.Helper()
	target := cam.Stats().FramesDecoded + n
	deadline := time.Now().Add(waitLimit)
	for cam.Stats().FramesDecoded < target {
		if time.Now().After(deadline) {
			t.Fatalf("decoder stuck; stats %+v", cam.Stats())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// noScan fails if a scan is waiting.
func noScan(t *testing.T, cam *camera.Camera) {
	t.Helper()
	select {
	case s := <-cam.Scans():
		t.Fatalf("unexpected scan of %d bytes at %v; stats %+v", len(s.Payload), s.At, cam.Stats())
	default:
	}
}

// fakeClock is a settable time source for capture times.
type fakeClock struct{ off atomic.Int64 }

var clockBase = time.Date(2021, 9, 1, 9, 0, 0, 0, time.UTC)

func (c *fakeClock) now() time.Time          { return clockBase.Add(time.Duration(c.off.Load())) }
func (c *fakeClock) advance(d time.Duration) { c.off.Add(int64(d)) }

// runUntil starts cam.Run and returns a function that stops it and waits
// for it to return nil.
func runUntil(t *testing.T, cam *camera.Camera) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- cam.Run(ctx) }()
	return func() {
		t.Helper()
		cancel()
		select {
		case err := <-errc:
			if err != nil {
				t.Errorf("Run returned %v, want nil", err)
			}
		case <-time.After(waitLimit):
			t.Fatalf("Run did not return after cancel")
		}
	}
}
