package cameratest

import (
	"fmt"
	"image"
	"io"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/driver/availability"
	"github.com/pion/mediadevices/pkg/frame"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
)

// Errors the driver fails with, shaped like the V4L2 driver's (errno values)
// so code under test classifies them the same way.
var (
	ErrBusy      = fmt.Errorf("cameratest: open: %w", syscall.EBUSY)
	ErrUnplugged = fmt.Errorf("cameratest: device unplugged: %w", syscall.ENODEV)
)

// Options describe the fake camera.
type Options struct {
	// Label is the driver label Config.Device selects; default
	// "cameratest-<n>", unique per Register call.
	Label string
	// Width and Height are the size the driver advertises (in MJPEG and
	// YUYV, like a USB camera); default 640×480. Frames are returned as
	// given, whatever their size.
	Width, Height int
	// FPS paces Read; default 30.
	FPS float32
	// Frames gives frame i (counted from 0 over the driver's life, across
	// reopens). Return *image.YCbCr as a real camera does, or *image.Gray;
	// nil Frames (and no Images) gives a flat grey frame.
	Frames func(i int) image.Image
	// Images, used when Frames is nil, are replayed in a loop.
	Images []image.Image
	// NoAvailability leaves out driver.AvailabilityAdapter, as most
	// mediadevices drivers other than V4L2 do: busy and unplugged then show
	// only as Open errors.
	NoAvailability bool
}

var labels atomic.Int64

// Driver controls a registered fake camera.
type Driver struct {
	a     *adapter
	id    string
	label string
}

// Register adds a fake camera to mediadevices' driver manager and removes it
// when the test ends.
func Register(t testing.TB, opts Options) *Driver {
	t.Helper()
	if opts.Label == "" {
		opts.Label = fmt.Sprintf("cameratest-%d", labels.Add(1))
	}
	if opts.Width <= 0 {
		opts.Width = 640
	}
	if opts.Height <= 0 {
		opts.Height = 480
	}
	if opts.FPS <= 0 {
		opts.FPS = 30
	}
	if opts.Frames == nil {
		opts.Frames = replay(opts)
	}
	a := &adapter{opts: opts, changed: make(chan struct{})}
	var reg driver.Adapter = a
	if opts.NoAvailability {
		reg = plain{a}
	}
	m := driver.GetManager()
	if err := m.Register(reg, driver.Info{
		Label:      opts.Label,
		Name:       "cameratest",
		DeviceType: driver.Camera,
		Priority:   driver.PriorityNormal,
	}); err != nil {
		t.Fatalf("register test camera: %v", err)
	}
	ds := m.Query(func(d driver.Driver) bool { return d.Info().Label == opts.Label })
	if len(ds) != 1 {
		t.Fatalf("register test camera: %d drivers labelled %q", len(ds), opts.Label)
	}
	d := &Driver{a: a, id: ds[0].ID(), label: opts.Label}
	t.Cleanup(func() { m.Delete(d.id) })
	return d
}

// replay turns Images (or nothing) into a Frames function.
func replay(opts Options) func(int) image.Image {
	if len(opts.Images) == 0 {
		grey := image.NewGray(image.Rect(0, 0, opts.Width, opts.Height))
		for i := range grey.Pix {
			grey.Pix[i] = 128
		}
		img := ToYCbCr(grey)
		return func(int) image.Image { return img }
	}
	imgs := append([]image.Image(nil), opts.Images...)
	return func(i int) image.Image { return imgs[i%len(imgs)] }
}

// Label is the driver label; pass it as camera.Config.Device.
func (d *Driver) Label() string { return d.label }

// ID is the driver's mediadevices device ID.
func (d *Driver) ID() string { return d.id }

// SetBusy makes Open fail with ErrBusy (and IsAvailable report busy), as
// when another program holds the camera. A running stream is not affected.
func (d *Driver) SetBusy(busy bool) { d.a.set(func(a *adapter) { a.busy = busy }) }

// Unplug makes reads fail with ErrUnplugged and Open fail until Replug.
func (d *Driver) Unplug() { d.a.set(func(a *adapter) { a.unplugged = true }) }

// Replug undoes Unplug.
func (d *Driver) Replug() { d.a.set(func(a *adapter) { a.unplugged = false }) }

// Stall makes reads block (no frame, no error) until Stall(false) or Close.
func (d *Driver) Stall(stalled bool) { d.a.set(func(a *adapter) { a.stalled = stalled }) }

// Opens counts successful opens (including the ones GetUserMedia does only
// to list properties).
func (d *Driver) Opens() int { return int(d.a.opens.Load()) }

// Served counts frames returned by reads.
func (d *Driver) Served() int { return int(d.a.served.Load()) }

// Selected is the property set GetUserMedia chose at the last VideoRecord:
// it shows which constraints reached the driver.
func (d *Driver) Selected() prop.Media {
	d.a.mu.Lock()
	defer d.a.mu.Unlock()
	return d.a.selected
}

// adapter implements driver.Adapter, driver.VideoRecorder and
// driver.AvailabilityAdapter.
type adapter struct {
	opts Options

	opens, served atomic.Int64

	mu        sync.Mutex // mu guards everything declared below.
	busy      bool
	unplugged bool
	stalled   bool
	open      bool
	closed    chan struct{} // closed by Close: ends reads of this open
	changed   chan struct{} // closed and replaced on every mode change: wakes reads
	selected  prop.Media
	next      int // index of the next frame
}

func (a *adapter) set(f func(*adapter)) {
	a.mu.Lock()
	f(a)
	close(a.changed)
	a.changed = make(chan struct{})
	a.mu.Unlock()
}

func (a *adapter) Open() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case a.unplugged:
		return ErrUnplugged
	case a.busy:
		return ErrBusy
	}
	a.open = true
	a.closed = make(chan struct{})
	a.opens.Add(1)
	return nil
}

func (a *adapter) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.open {
		a.open = false
		close(a.closed)
	}
	return nil
}

func (a *adapter) Properties() []prop.Media {
	var ps []prop.Media
	for _, f := range []frame.Format{frame.FormatMJPEG, frame.FormatYUYV} {
		ps = append(ps, prop.Media{Video: prop.Video{
			Width: a.opts.Width, Height: a.opts.Height, FrameFormat: f, FrameRate: a.opts.FPS,
		}})
	}
	return ps
}

func (a *adapter) IsAvailable() (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case a.unplugged:
		return false, availability.ErrNoDevice
	case a.busy:
		return false, availability.ErrBusy
	}
	return true, nil
}

func (a *adapter) VideoRecord(p prop.Media) (video.Reader, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.open {
		return nil, fmt.Errorf("cameratest: record: %w", io.ErrClosedPipe)
	}
	a.selected = p
	closed := a.closed
	period := time.Duration(float64(time.Second) / float64(a.opts.FPS))
	due := time.Now()
	return video.ReaderFunc(func() (image.Image, func(), error) {
		for {
			a.mu.Lock()
			unplugged, stalled, changed := a.unplugged, a.stalled, a.changed
			a.mu.Unlock()
			select {
			case <-closed:
				return nil, func() {}, io.EOF
			default:
			}
			if unplugged {
				return nil, func() {}, ErrUnplugged
			}
			wait := time.Until(due)
			if stalled {
				wait = time.Hour
			}
			if wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-closed:
				case <-changed:
				case <-t.C:
				}
				t.Stop()
				continue
			}
			a.mu.Lock()
			i := a.next
			a.next++
			a.mu.Unlock()
			due = due.Add(period)
			if late := time.Since(due); late > period {
				due = time.Now() // fell behind (slow reader): do not burst
			}
			a.served.Add(1)
			return a.opts.Frames(i), func() {}, nil
		}
	}), nil
}

// plain is adapter without IsAvailable.
type plain struct{ a *adapter }

func (p plain) Open() error                                    { return p.a.Open() }
func (p plain) Close() error                                   { return p.a.Close() }
func (p plain) Properties() []prop.Media                       { return p.a.Properties() }
func (p plain) VideoRecord(m prop.Media) (video.Reader, error) { return p.a.VideoRecord(m) }

// ToYCbCr converts an image to 4:2:0 YCbCr, the shape a camera's MJPEG frames
// decode to. Only luma is computed (a *image.Gray keeps its exact values);
// chroma is neutral, as the QR decoder reads luma only.
func ToYCbCr(img image.Image) *image.YCbCr {
	r := img.Bounds()
	out := image.NewYCbCr(image.Rect(0, 0, r.Dx(), r.Dy()), image.YCbCrSubsampleRatio420)
	for i := range out.Cb {
		out.Cb[i], out.Cr[i] = 128, 128
	}
	if g, ok := img.(*image.Gray); ok {
		for y := 0; y < r.Dy(); y++ {
			copy(out.Y[y*out.YStride:y*out.YStride+r.Dx()], g.Pix[y*g.Stride:y*g.Stride+r.Dx()])
		}
		return out
	}
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			cr, cg, cb, _ := img.At(r.Min.X+x, r.Min.Y+y).RGBA()
			// BT.601 luma, as image/color uses.
			out.Y[y*out.YStride+x] = uint8((19595*cr + 38470*cg + 7471*cb + 1<<15) >> 24)
		}
	}
	return out
}
