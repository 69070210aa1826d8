package app

import (
	"bytes"
	"image"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/tui"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/scanner/camera/cameratest"
	"github.com/ashyq/kiosk/scanner/qrgen"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/wire"
)

// TestCameraFrameToRecordedGreenVerdict runs the whole kiosk in-process: a
// camera (the real mediadevices pipeline, fed by the test driver) sees a
// phone showing the demo IIN's QR code; the UI shows GREEN; the entry is
// recorded in the outbox and reaches the embedded upstream exactly once,
// although the code stays in view for many frames.
func TestCameraFrameToRecordedGreenVerdict(t *testing.T) {
	if !camera.Supported() {
		t.Skip("this build has no camera support (CGO_ENABLED=0)")
	}
	frame := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Distortion: qrgen.Large, Seed: 1})
	cameratest.Register(t, cameratest.Options{Images: []image.Image{cameratest.ToYCbCr(frame)}})

	a, demo, ctx := startDemoApp(t, func(cfg *config.Config) {
		cfg.Camera.Device = "auto" // the test driver is the only camera
	})
	cfg := a.Cfg
	if a.Camera == nil {
		t.Fatal("the app made no camera although the build supports one")
	}

	common.UseDisplay(common.Display{Profile: termenv.ANSI256})
	m := tui.New(tui.Options{Venue: cfg.Device.Venue, Door: cfg.Device.Door,
		Language: "en", ResultFor: time.Minute, CameraSupported: true},
		a.Engine, tui.Sources{Sync: a.Syncer.Updates(), Camera: a.Camera.Status(), Scans: a.Camera.Scans()})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("••••••••0017")) && bytes.Contains(b, []byte("Status checked online"))
	}, teatest.WithDuration(30*time.Second), teatest.WithCheckInterval(50*time.Millisecond))

	// The code stays in view; give the camera time to see it again and again.
	time.Sleep(time.Second)
	if err := a.Syncer.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	occ, err := demo.Server().Occupancy(server.DemoVenue)
	if err != nil {
		t.Fatal(err)
	}
	if occ.Entries != 1 || occ.Inside != 1 {
		t.Fatalf("upstream occupancy %+v: want exactly one entry from one phone", occ)
	}
	list, err := demo.Server().Events(server.DemoVenue, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Events) != 1 {
		t.Fatalf("upstream holds %d events", len(list.Events))
	}
	ev := list.Events[0]
	if ev.IIN != qrgen.DemoIIN || ev.Status != wire.Green || ev.Kind != wire.Entry || ev.Source != wire.SourceOnline {
		t.Errorf("recorded event %+v", ev)
	}
	if st := a.Camera.Stats(); st.Scans != 1 || st.FramesDecoded < 2 {
		t.Errorf("camera delivered %d scans from %d decoded frames for one phone held in view", st.Scans, st.FramesDecoded)
	}
	tm.Quit()
}
