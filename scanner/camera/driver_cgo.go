//go:build cgo && linux

package camera

import (
	"path/filepath"
	"strings"
	"sync"

	// The V4L2 driver registers every /dev/video* device at init.
	v4l2 "github.com/pion/mediadevices/pkg/driver/camera"
)

// haveDriver says a real camera driver is compiled in.
const haveDriver = true

// nodes remembers the /dev/video* set the driver last registered, so a
// rescan happens only when a camera was plugged in or removed.
var nodes = struct {
	sync.Mutex
	last string
}{last: videoNodes()}

// rescanDevices re-runs the V4L2 discovery when the set of video nodes
// changed since the last one, and reports whether it did. The driver only
// looks at /dev at init, so without this a camera plugged in after start
// would never be found. Discovery drops every registered video driver
// (cameratest ones too), which is why it runs only on a real change.
func rescanDevices() bool {
	now := videoNodes()
	nodes.Lock()
	defer nodes.Unlock()
	if now == nodes.last {
		return false
	}
	nodes.last = now
	v4l2.Initialize()
	return true
}

func videoNodes() string {
	m, _ := filepath.Glob("/dev/video*")
	return strings.Join(m, ",")
}
