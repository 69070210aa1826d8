package watch

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// GroupOf names the group that owns the device node behind path (symlinks
// such as /dev/input/by-id/... followed): the group a kiosk user must join
// to open it when the node is group-readable, as udev makes input devices
// (group "input") and serial ports (group "dialout"). "" when unknown.
func GroupOf(path string) string {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		real = path
	}
	fi, err := os.Stat(real)
	if err != nil {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	gid := strconv.FormatUint(uint64(st.Gid), 10)
	if g, err := user.LookupGroupId(gid); err == nil {
		return g.Name
	}
	return gid
}
