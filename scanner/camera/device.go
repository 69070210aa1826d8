package camera

import (
	"errors"
	"fmt"
	"image"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/ashyq/kiosk/sync/wire/safetext"
	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/driver/availability"
	"github.com/pion/mediadevices/pkg/prop"
)

// Open failures, told apart so the idle screen can say which it is.
var (
	errNoCamera = errors.New("no camera found")
	errBusy     = errors.New("camera busy")
)

// source is an open camera: a frame reader and the track behind it.
type source struct {
	label string
	read  func() (image.Image, func(), error)
	close func() error
}

// openSource opens the configured camera. With "auto" it tries every
// camera in order and takes the first that streams: a USB camera usually
// has a second, metadata-only node that cannot, and one camera may be busy
// while another is free. When none opens, a busy one is what it reports.
func (c *Camera) openSource() (*source, error) {
	cands, err := c.pickDrivers()
	if err != nil {
		return nil, err
	}
	var first, busy error
	for _, d := range cands {
		src, err := c.openDriver(d)
		if err == nil {
			return src, nil
		}
		if busy == nil && errors.Is(err, errBusy) {
			busy = err
		}
		if first == nil {
			first = err
		}
	}
	if busy != nil {
		return nil, busy
	}
	return nil, first
}

// openDriver starts a video track on d through mediadevices.GetUserMedia,
// with the configured size, rate and format as ideal (not exact) constraints
// so a camera lacking one still works.
func (c *Camera) openDriver(d driver.Driver) (*source, error) {
	label := d.Info().Label
	// The V4L2 driver answers this cheaply and tells busy from gone.
	if _, aerr := driver.IsAvailable(d); aerr != nil && !errors.Is(aerr, availability.ErrUnimplemented) {
		if perr := probeNode(label); perr != nil {
			return nil, perr // the driver's own word here is "errno 0"
		}
		return nil, classify(label, aerr)
	}
	stream, err := mediadevices.GetUserMedia(mediadevices.MediaStreamConstraints{
		Video: func(m *mediadevices.MediaTrackConstraints) {
			m.DeviceID = prop.StringExact(d.ID())
			m.Width = prop.Int(c.cfg.Width)
			m.Height = prop.Int(c.cfg.Height)
			m.FrameRate = prop.Float(c.cfg.FPS)
			m.FrameFormat = prop.FrameFormat(c.cfg.frameFormat())
		},
	})
	if err != nil {
		if perr := probeNode(label); perr != nil {
			return nil, perr
		}
		// GetUserMedia hides why a device it could not open was skipped
		// ("failed to find the best driver"): open it once more to learn.
		if d.Status() == driver.StateClosed {
			if oerr := d.Open(); oerr != nil {
				return nil, classify(label, oerr)
			}
			_ = d.Close()
		}
		return nil, classify(label, err)
	}
	tracks := stream.GetVideoTracks()
	if len(tracks) == 0 {
		return nil, fmt.Errorf("open %s: no video track", label)
	}
	vt, ok := tracks[0].(*mediadevices.VideoTrack)
	if !ok {
		for _, t := range tracks {
			_ = t.Close()
		}
		return nil, fmt.Errorf("open %s: unexpected track type %T", label, tracks[0])
	}
	r := vt.NewReader(false)
	return &source{label: label, read: r.Read, close: vt.Close}, nil
}

// classify wraps an open error as errBusy or errNoCamera when it is one.
func classify(label string, err error) error {
	switch {
	case errors.Is(err, syscall.EBUSY), errors.Is(err, availability.ErrBusy):
		return fmt.Errorf("%w: %s", errBusy, label)
	case errors.Is(err, syscall.ENODEV), errors.Is(err, syscall.ENOENT),
		errors.Is(err, availability.ErrNoDevice):
		return fmt.Errorf("%w: %s is gone", errNoCamera, label)
	}
	return fmt.Errorf("open %s: %w", label, err)
}

// pickDrivers lists the cameras to try, in order, rescanning /dev once
// when there is none (plugged in after start).
func (c *Camera) pickDrivers() ([]driver.Driver, error) {
	ds, err := c.findDrivers()
	if err != nil && rescanDevices() {
		ds, err = c.findDrivers()
	}
	return ds, err
}

// findDrivers gives every camera for "auto" (the driver's preferred device,
// video0, first; then by label, since registration order is a map's), or
// the one camera Config.Device names.
func (c *Camera) findDrivers() ([]driver.Driver, error) {
	cams := driver.GetManager().Query(driver.FilterAnd(
		driver.FilterVideoRecorder(),
		driver.FilterDeviceType(driver.Camera),
	))
	if c.cfg.Device == DeviceAuto {
		if len(cams) == 0 {
			return nil, errNoCamera
		}
		slices.SortFunc(cams, func(a, b driver.Driver) int {
			if pa, pb := a.Info().Priority, b.Info().Priority; pa != pb {
				if pa > pb {
					return -1
				}
				return 1
			}
			return strings.Compare(a.Info().Label, b.Info().Label)
		})
		return cams, nil
	}
	keys := deviceKeys(c.cfg.Device)
	// Prefer a match on the name as configured over one on where its
	// symlink points now: after a replug the target may have moved.
	for _, k := range keys {
		for _, d := range cams {
			if labelMatches(d.Info().Label, k) {
				return []driver.Driver{d}, nil
			}
		}
	}
	return nil, fmt.Errorf("%w: %s", errNoCamera, safetext.Clean(c.cfg.Device, 60))
}

// deviceKeys turns Config.Device into names to look for in driver labels.
// The V4L2 driver labels a device "<base of path found>;<base of its symlink
// target>", e.g. "usb-Logitech_C270-video-index0;video0" or "video0;video0".
// A path gives its base name and, if it is a symlink, its target's base
// name; anything else is a label (or a part of one) as given.
func deviceKeys(dev string) []string {
	if !strings.HasPrefix(dev, "/") {
		return []string{dev}
	}
	keys := []string{filepath.Base(dev)}
	if real, err := filepath.EvalSymlinks(dev); err == nil {
		if b := filepath.Base(real); b != keys[0] {
			keys = append(keys, b)
		}
	}
	return keys
}

// labelMatches reports whether key is the whole label or one of its
// ";"-separated parts.
func labelMatches(label, key string) bool {
	if label == key {
		return true
	}
	return slices.Contains(strings.Split(label, ";"), key)
}
