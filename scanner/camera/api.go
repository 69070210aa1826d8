// Package camera captures frames from a USB camera with pion/mediadevices,
// decodes QR codes with scanner/qrdecode (latest frame wins), and emits each
// new payload once as a scanner.Scan. It reopens the camera by itself after
// it was missing, busy or unplugged.
//
// CONTRACT SKELETON: the signatures below are fixed (other packages compile
// against them); the bodies are being written.
package camera

import (
	"context"
	"log/slog"
	"time"

	"github.com/ashyq/kiosk/scanner"
)

// Config selects and sets up the camera.
type Config struct {
	Device   string        // "auto", "off", or a device path such as /dev/v4l/by-id/...
	Width    int           // default 640
	Height   int           // default 480
	FPS      int           // default 15
	Format   string        // "mjpeg" or "yuyv"; default "mjpeg"
	Cooldown time.Duration // same payload accepted again only after this; default 3s
	Logger   *slog.Logger
}

// Supported reports whether this build has a camera driver (cgo builds).
func Supported() bool { panic("camera: not implemented yet") }

// Camera is the capture-and-decode loop.
type Camera struct{}

// New makes a camera loop; call Run.
func New(cfg Config) *Camera { panic("camera: not implemented yet") }

// Run captures until ctx is done, reopening the device as needed.
func (c *Camera) Run(ctx context.Context) error { panic("camera: not implemented yet") }

// Scans delivers decoded payloads.
func (c *Camera) Scans() <-chan scanner.Scan { panic("camera: not implemented yet") }

// Status delivers camera state changes; a slow reader sees only the latest.
func (c *Camera) Status() <-chan scanner.CameraStatus { panic("camera: not implemented yet") }
