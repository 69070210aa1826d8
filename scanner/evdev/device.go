package evdev

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ashyq/kiosk/scanner/keymap"
	"github.com/ashyq/kiosk/scanner/watch"
)

// evIOCGrab is EVIOCGRAB, _IOW('E', 0x90, int) in linux/input.h: with a
// non-zero argument the caller becomes the device's only reader, so its
// keys reach neither the console nor any other program.
const evIOCGrab = 0x40044590

// DefaultIdleCut is how long a started line may go silent before it counts
// as cut off. A scanner types a whole code within tens of milliseconds.
const DefaultIdleCut = 500 * time.Millisecond

// Options tune a device reader.
type Options struct {
	Layout  keymap.Layout
	IdleCut time.Duration // default DefaultIdleCut
}

// Conn is an open input device (or any pollable file of input_event
// records, such as a pipe in a test).
type Conn struct {
	f       *os.File
	name    string
	lines   *Lines
	idleCut time.Duration
}

// Open opens the input device at path and grabs it. Errors wrap
// fs.ErrPermission (join the device's group), watch.ErrBusy (another program
// grabbed it) or say the file is not an input device.
func Open(path string, opts Options) (*Conn, error) {
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err // a *fs.PathError: "open PATH: permission denied"
	}
	if err := grab(f); err != nil {
		f.Close()
		return nil, err
	}
	c := NewConn(f, opts)
	c.name = DeviceName(path)
	return c, nil
}

// Opener is Open as a watch.Opener.
func Opener(opts Options) watch.Opener {
	return func(path string) (watch.Conn, error) { return Open(path, opts) }
}

func grab(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return fmt.Errorf("grab %s: %w", f.Name(), err)
	}
	var ioErr error
	if err := rc.Control(func(fd uintptr) { ioErr = unix.IoctlSetInt(int(fd), evIOCGrab, 1) }); err != nil {
		return fmt.Errorf("grab %s: %w", f.Name(), err)
	}
	switch {
	case ioErr == nil:
		return nil
	case errors.Is(ioErr, unix.EBUSY):
		return fmt.Errorf("grab %s: another program has grabbed it: %w", f.Name(), watch.ErrBusy)
	case errors.Is(ioErr, unix.ENOTTY), errors.Is(ioErr, unix.EINVAL):
		return fmt.Errorf("grab %s: not an input device", f.Name())
	}
	return fmt.Errorf("grab %s: %w", f.Name(), ioErr)
}

// NewConn reads input_event records from f, which must be pollable (an
// input device, a pipe) so that Close and the idle deadline can interrupt
// a read. It does not grab f.
func NewConn(f *os.File, opts Options) *Conn {
	if opts.IdleCut <= 0 {
		opts.IdleCut = DefaultIdleCut
	}
	if opts.Layout.Name() == "" {
		opts.Layout = keymap.US()
	}
	return &Conn{f: f, lines: NewLines(opts.Layout), idleCut: opts.IdleCut}
}

// Name is the device's name from sysfs ("" when unknown).
func (c *Conn) Name() string { return c.name }

// Close releases the device (and the grab).
func (c *Conn) Close() error { return c.f.Close() }

// ReadLines reads events until the device fails or is closed. A line that
// stays unfinished for the idle cut, or when the device fails, is emitted as
// cut off.
func (c *Conn) ReadLines(emit func(watch.Line)) error {
	buf := make([]byte, 64*EventSize)
	have := 0
	deadlines := true // false for a file the runtime cannot poll: no idle cut then
	for {
		if deadlines {
			deadline := time.Time{}
			if c.lines.Pending() {
				deadline = time.Now().Add(c.idleCut)
			}
			if err := c.f.SetReadDeadline(deadline); errors.Is(err, os.ErrNoDeadline) {
				deadlines = false
			} else if err != nil {
				return fmt.Errorf("read %s: %w", c.f.Name(), err)
			}
		}
		n, err := c.f.Read(buf[have:])
		have += n
		whole := have / EventSize * EventSize
		for off := 0; off < whole; off += EventSize {
			if l, ok := c.lines.Feed(Decode(buf[off:])); ok {
				emit(l)
			}
		}
		have = copy(buf, buf[whole:have])
		switch {
		case err == nil:
		case errors.Is(err, os.ErrDeadlineExceeded):
			if l, ok := c.lines.Cut(); ok {
				emit(l)
			}
		case errors.Is(err, os.ErrClosed):
			return err // Close: the kiosk is stopping
		default:
			if l, ok := c.lines.Cut(); ok {
				emit(l)
			}
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("read %s: device closed", c.f.Name())
			}
			return fmt.Errorf("read %s: %w", c.f.Name(), err)
		}
	}
}

// DeviceName reads the device's name from sysfs
// (/sys/class/input/eventN/device/name), following a by-id symlink.
func DeviceName(path string) string {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(sysClassInput, filepath.Base(real), "device", "name"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// sysClassInput is where the kernel describes input devices; a variable for
// tests.
var sysClassInput = "/sys/class/input"
