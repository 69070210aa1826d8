package camera

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// V4L2 requests and flags (linux/videodev2.h), for probeNode.
const (
	vidiocQueryCap     = 0x80685600 // _IOR('V', 0, struct v4l2_capability), 104 bytes
	vidiocEnumFmt      = 0xc0405602 // _IOWR('V', 2, struct v4l2_fmtdesc), 64 bytes
	capVideoCapture    = 0x00000001
	capVideoCaptureMP  = 0x00001000
	capDeviceCaps      = 0x80000000
	bufTypeVideoCapure = 1
)

// probeNode says why the V4L2 node behind a driver label cannot stream,
// when the reason is one the driver hides: the V4L2 driver reports a node
// that is not (or not yet) a capture device as "errno 0", and one without
// a picture format as finding no driver that fits. A v4l2loopback camera
// is both until something writes to it, and a USB camera's second node is
// metadata only. nil when the node looks able to capture, or cannot be
// opened (the caller's error says why then).
func probeNode(label string) error {
	node := labelNode(label)
	if node == "" {
		return nil
	}
	fd, err := unix.Open(node, unix.O_RDWR|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer unix.Close(fd)
	var caps [104]byte
	if err := ioctl(fd, vidiocQueryCap, unsafe.Pointer(&caps[0])); err != nil {
		return fmt.Errorf("%w: %s is not a V4L2 video device (%v)", errNoCamera, node, err)
	}
	c := binary.NativeEndian.Uint32(caps[84:])
	if c&capDeviceCaps != 0 {
		c = binary.NativeEndian.Uint32(caps[88:])
	}
	if c&(capVideoCapture|capVideoCaptureMP) == 0 {
		return fmt.Errorf("%w: %s is not a capture device now (a loopback camera that nothing writes to yet, or a camera's metadata node)", errNoCamera, node)
	}
	var desc [64]byte
	binary.NativeEndian.PutUint32(desc[4:], bufTypeVideoCapure)
	if err := ioctl(fd, vidiocEnumFmt, unsafe.Pointer(&desc[0])); errors.Is(err, unix.EINVAL) {
		return fmt.Errorf("%w: %s offers no picture format yet (a loopback camera that nothing writes to?)", errNoCamera, node)
	}
	return nil
}

// labelNode is the device node of a V4L2 driver label ("<name>;<node>",
// see deviceKeys), or "" for a label of another driver.
func labelNode(label string) string {
	_, node, ok := strings.Cut(label, ";")
	if !ok || !strings.HasPrefix(node, "video") || strings.ContainsAny(node, "/;") {
		return ""
	}
	return "/dev/" + node
}

func ioctl(fd int, req uint, arg unsafe.Pointer) error {
	if _, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), uintptr(req), uintptr(arg)); errno != 0 {
		return errno
	}
	return nil
}
