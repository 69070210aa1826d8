package scanner

// Sources of hardware scanners that the kiosk reads itself, not through the
// terminal.
const (
	SourceHID    Source = "hid"    // a USB keyboard-wedge scanner grabbed through evdev
	SourceSerial Source = "serial" // a serial or USB CDC-ACM (virtual COM) scanner
)

// DeviceState is a hardware scanner's condition, for the idle screen, the
// log and `ashyq-kiosk doctor`. It is typed state: the UI words it.
type DeviceState string

// Device states.
const (
	DeviceSearching DeviceState = "searching" // not there (yet, or unplugged); retrying
	DeviceRunning   DeviceState = "running"   // open and read
	DeviceDenied    DeviceState = "denied"    // no permission to open it; Group names the group to join
	DeviceBusy      DeviceState = "busy"      // another program holds it (grabbed, or the port is locked)
	DeviceFailed    DeviceState = "failed"    // open failed otherwise (not an input device, bad speed...); retrying
)

// DeviceStatus is one hardware scanner's state change.
type DeviceStatus struct {
	Source Source      // SourceHID or SourceSerial
	Path   string      // the configured or discovered path, as found
	State  DeviceState // what it is doing
	// Group is the group that may open the device, when State is
	// DeviceDenied (usually "input" for evdev, "dialout" for serial ports).
	Group string
	// Detail is an English diagnostic (the device's name, or the error)
	// for logs and `doctor`, never for the screen, which words State
	// itself. Already safe to print.
	Detail string
}
