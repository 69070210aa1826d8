package cameratest_test

import (
	"errors"
	"image"
	"image/color"
	"syscall"
	"testing"

	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/prop"

	"github.com/ashyq/kiosk/scanner/camera/cameratest"
)

func labelled(label string) bool {
	for _, d := range mediadevices.EnumerateDevices() {
		if d.Label == label {
			return true
		}
	}
	return false
}

func TestRegisterIsUndoneAtCleanup(t *testing.T) {
	var label string
	t.Run("registered", func(t *testing.T) {
		label = cameratest.Register(t, cameratest.Options{}).Label()
		if !labelled(label) {
			t.Fatalf("%q not among mediadevices' devices", label)
		}
	})
	if labelled(label) {
		t.Fatalf("%q still registered after its test ended", label)
	}
}

// open starts a track on drv through the real GetUserMedia path.
func open(t *testing.T, drv *cameratest.Driver) (mediadevices.Track, func() (image.Image, error)) {
	t.Helper()
	s, err := mediadevices.GetUserMedia(mediadevices.MediaStreamConstraints{
		Video: func(c *mediadevices.MediaTrackConstraints) { c.DeviceID = prop.StringExact(drv.ID()) },
	})
	if err != nil {
		t.Fatalf("GetUserMedia: %v", err)
	}
	track := s.GetVideoTracks()[0]
	t.Cleanup(func() { _ = track.Close() })
	r := track.(*mediadevices.VideoTrack).NewReader(false)
	return track, func() (image.Image, error) {
		img, release, err := r.Read()
		if err == nil {
			release()
		}
		return img, err
	}
}

func TestFramesReplayInOrder(t *testing.T) {
	a := image.NewGray(image.Rect(0, 0, 8, 8))
	b := image.NewGray(image.Rect(0, 0, 8, 8))
	drv := cameratest.Register(t, cameratest.Options{Images: []image.Image{a, b}, FPS: 200})
	_, read := open(t, drv)
	for i, want := range []image.Image{a, b, a, b} {
		img, err := read()
		if err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		if img != want {
			t.Fatalf("read %d gave the wrong frame", i)
		}
	}
	if drv.Served() != 4 {
		t.Fatalf("Served() = %d, want 4", drv.Served())
	}
}

func TestBusyUnplugAndReplug(t *testing.T) {
	drv := cameratest.Register(t, cameratest.Options{FPS: 200})
	drv.SetBusy(true)
	if _, err := mediadevices.GetUserMedia(mediadevices.MediaStreamConstraints{
		Video: func(c *mediadevices.MediaTrackConstraints) { c.DeviceID = prop.StringExact(drv.ID()) },
	}); err == nil {
		t.Fatal("GetUserMedia opened a busy camera")
	}
	drv.SetBusy(false)

	track, read := open(t, drv)
	if _, err := read(); err != nil {
		t.Fatalf("read: %v", err)
	}
	drv.Unplug()
	if _, err := read(); !errors.Is(err, syscall.ENODEV) {
		t.Fatalf("read after unplug: %v, want ENODEV", err)
	}
	_ = track.Close()
	drv.Replug()
	_, read = open(t, drv)
	if _, err := read(); err != nil {
		t.Fatalf("read after replug: %v", err)
	}
}

func TestToYCbCrKeepsLuma(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 5, 3))
	rgba := image.NewRGBA(g.Rect)
	for i := range g.Pix {
		g.Pix[i] = byte(i * 17)
		rgba.Set(i%5, i/5, color.Gray{Y: byte(i * 17)})
	}
	for name, img := range map[string]image.Image{"gray": g, "rgba": rgba} {
		y := cameratest.ToYCbCr(img)
		for i := range g.Pix {
			if got := y.Y[(i/5)*y.YStride+i%5]; got != g.Pix[i] {
				t.Fatalf("%s: luma at %d = %d, want %d", name, i, got, g.Pix[i])
			}
		}
	}
}
