//go:build !cgo || !linux

package camera

// haveDriver says a real camera driver is compiled in: the V4L2 driver
// needs cgo, so this build has none.
const haveDriver = false

// rescanDevices has nothing to rescan without a driver.
func rescanDevices() bool { return false }
