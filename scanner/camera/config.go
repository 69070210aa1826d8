package camera

import (
	"log/slog"
	"time"

	"github.com/pion/mediadevices/pkg/frame"
)

// Config selects and sets up the camera.
type Config struct {
	Device   string        // "auto", "off", a device path such as /dev/v4l/by-id/..., or a driver label
	Width    int           // default 640
	Height   int           // default 480
	FPS      int           // default 15
	Format   string        // "mjpeg" or "yuyv"; default "mjpeg"
	Cooldown time.Duration // same payload accepted again only after this; default 3s
	// DecodeBudget is what the decoder may spend on one frame, in its
	// thread's CPU time; zero means qrdecode's default, which grows with
	// the frame size (qrdecode.Options.Budget).
	DecodeBudget time.Duration
	Logger       *slog.Logger
}

// Device values with a special meaning; anything else names a device.
const (
	DeviceAuto = "auto" // the first camera found (also the meaning of "")
	DeviceOff  = "off"  // no capture at all
)

// Defaults applied by New to zero Config fields.
const (
	DefaultWidth    = 640
	DefaultHeight   = 480
	DefaultFPS      = 15
	DefaultFormat   = "mjpeg"
	DefaultCooldown = 3 * time.Second
)

// withDefaults fills zero fields. Validation with messages naming the key is
// the config package's job; here an unknown format falls back to MJPEG, which
// nearly every USB camera offers.
func (c Config) withDefaults() Config {
	if c.Device == "" {
		c.Device = DeviceAuto
	}
	if c.Width <= 0 {
		c.Width = DefaultWidth
	}
	if c.Height <= 0 {
		c.Height = DefaultHeight
	}
	if c.FPS <= 0 {
		c.FPS = DefaultFPS
	}
	if c.Format == "" {
		c.Format = DefaultFormat
	}
	if c.Cooldown <= 0 {
		c.Cooldown = DefaultCooldown
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// frameFormat maps the config's format name to the driver's pixel format.
func (c Config) frameFormat() frame.Format {
	if c.Format == "yuyv" {
		return frame.FormatYUYV
	}
	return frame.FormatMJPEG
}
