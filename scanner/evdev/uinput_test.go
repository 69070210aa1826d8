package evdev

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ashyq/kiosk/scanner/keymap"
	"github.com/ashyq/kiosk/scanner/watch"
)

// uinput ioctls (linux/uinput.h), legacy setup through struct
// uinput_user_dev, which every kernel since 2.6 accepts.
const (
	uiSetEvBit   = 0x40045564 // _IOW('U', 100, int)
	uiSetKeyBit  = 0x40045565 // _IOW('U', 101, int)
	uiDevCreate  = 0x5501     // _IO('U', 1)
	uiDevDestroy = 0x5502     // _IO('U', 2)
	uinputName   = "ashyq test barcode scanner"
)

// newUinputScanner makes a virtual USB keyboard through /dev/uinput and
// returns the uinput file (events written to it come out of the device) and
// the device's event node. Machines without uinput (containers, this
// project's CI) skip the test that needs it.
func newUinputScanner(t *testing.T) (*os.File, string) {
	t.Helper()
	f, err := os.OpenFile("/dev/uinput", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no uinput on this machine (%v): the recorded-event tests cover the reader", err)
	}
	t.Cleanup(func() { f.Close() })
	fd := int(f.Fd())
	if err := unix.IoctlSetInt(fd, uiSetEvBit, EvKey); err != nil {
		t.Fatalf("UI_SET_EVBIT: %v", err)
	}
	for code := 1; code < 128; code++ {
		if err := unix.IoctlSetInt(fd, uiSetKeyBit, code); err != nil {
			t.Fatalf("UI_SET_KEYBIT %d: %v", code, err)
		}
	}
	// struct uinput_user_dev: name[80], input_id{bustype, vendor, product,
	// version uint16}, ff_effects_max uint32, then four int32[64] arrays.
	dev := make([]byte, 80+8+4+4*64*4)
	copy(dev, uinputName)
	binary.NativeEndian.PutUint16(dev[80:], 0x03) // BUS_USB
	binary.NativeEndian.PutUint16(dev[82:], 0x0c2e)
	binary.NativeEndian.PutUint16(dev[84:], 0x0b61)
	if _, err := f.Write(dev); err != nil {
		t.Fatalf("write uinput_user_dev: %v", err)
	}
	if _, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), uiDevCreate, 0); errno != 0 {
		t.Fatalf("UI_DEV_CREATE: %v", errno)
	}
	t.Cleanup(func() { unix.Syscall(unix.SYS_IOCTL, uintptr(fd), uiDevDestroy, 0) })
	// The node appears once udev (or devtmpfs) has made it.
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		names, _ := filepath.Glob("/sys/class/input/event*/device/name")
		for _, n := range names {
			if b, err := os.ReadFile(n); err == nil && strings.TrimSpace(string(b)) == uinputName {
				node := "/dev/input/" + filepath.Base(filepath.Dir(filepath.Dir(n)))
				if _, err := os.Stat(node); err == nil {
					return f, node
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the uinput device's event node never appeared")
	return nil, ""
}

// TestUinputGrabbedScanner: a real input device, grabbed: the kiosk reads
// the code, and nobody else can open the device for reading its keys
// while the grab holds.
func TestUinputGrabbedScanner(t *testing.T) {
	ui, node := newUinputScanner(t)
	c, err := Open(node, Options{Layout: keymap.US()})
	if err != nil {
		t.Fatalf("open %s: %v", node, err)
	}
	defer c.Close()
	if c.Name() != uinputName {
		t.Errorf("device name %q", c.Name())
	}
	if _, err := Open(node, Options{}); !errors.Is(err, watch.ErrBusy) {
		t.Errorf("a second grab: %v, want busy", err)
	}
	lines := make(chan watch.Line, 4)
	go c.ReadLines(func(l watch.Line) { lines <- l })
	rec := newRecorder().typeUS("900101300017\n")
	if _, err := ui.Write(rec.out); err != nil {
		t.Fatalf("write events: %v", err)
	}
	select {
	case l := <-lines:
		if l.Text != "900101300017" {
			t.Fatalf("read %+v", l)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no line from the uinput device")
	}
}
