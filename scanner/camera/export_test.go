package camera

import (
	"time"

	"github.com/ashyq/kiosk/scanner/qrdecode"
)

// TestHooks replace the parts of a Camera a test needs to control. Zero
// fields keep the production value.
type TestHooks struct {
	Decode func(y []byte, width, height, stride int) []string
	// NewDecode replaces the decoder's constructor, which the decode loop
	// calls with the options this camera's config gives; Decode wins.
	NewDecode    func(qrdecode.Options) func(y []byte, width, height, stride int) []string
	Now          func() time.Time
	BackoffMin   time.Duration
	BackoffMax   time.Duration
	StallTimeout time.Duration
	// Supported overrides whether Run may capture: false tests the
	// unsupported path in cgo builds.
	Supported *bool
}

// NewForTest is New with hooks applied.
func NewForTest(cfg Config, h TestHooks) *Camera {
	c := New(cfg)
	if h.Decode != nil {
		c.decode = h.Decode
	}
	if h.NewDecode != nil {
		c.newDecode = func(o qrdecode.Options) (decodeFunc, func()) { return h.NewDecode(o), func() {} }
	}
	if h.Now != nil {
		c.now = h.Now
	}
	if h.BackoffMin > 0 {
		c.backoffMin = h.BackoffMin
	}
	if h.BackoffMax > 0 {
		c.backoffMax = h.BackoffMax
	}
	if h.StallTimeout > 0 {
		c.stallTimeout = h.StallTimeout
	}
	if h.Supported != nil {
		ok := *h.Supported
		c.supported = func() bool { return ok }
	}
	return c
}
