package tui

import (
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/syncer"
)

// TickMsg advances the clock, the result countdown and its timeout. The UI
// sends itself one a second; a TickMsg sent from outside (a test driving a
// fake clock) is handled the same but starts no second ticker.
type TickMsg struct {
	At time.Time
	id int
}

// SyncMsg carries a new sync state from Sources.Sync.
type SyncMsg struct{ State syncer.State }

// CameraMsg carries a camera state change from Sources.Camera.
type CameraMsg struct{ Status scanner.CameraStatus }

// ScanMsg carries a camera scan from Sources.Scans.
type ScanMsg struct{ Scan scanner.Scan }

// HardwareScanMsg carries a scan from Sources.Hardware (a grabbed HID or a
// serial scanner).
type HardwareScanMsg struct{ Scan scanner.Scan }

// DevicesMsg carries the hardware scanners' states from Sources.Devices.
type DevicesMsg struct{ Devices []scanner.DeviceStatus }

// VerdictMsg is the Engine's verdict on a scan: the event is recorded.
type VerdictMsg struct {
	Scan    scanner.Scan
	Verdict door.Verdict
}

// ErrorMsg is the Engine's refusal to judge a scan: an invalid payload
// (*scanner.PayloadError), a storage failure (door.ErrNotRecorded) or any
// other error.
type ErrorMsg struct {
	Scan scanner.Scan
	Err  error
}

// Error lets an ErrorMsg be used as an error.
func (e ErrorMsg) Error() string { return e.Err.Error() }

// CountMsg says the Engine took a new upstream head count (Err when it
// could not read its outbox); the idle screen reads the count from the
// Engine.
type CountMsg struct{ Err error }
