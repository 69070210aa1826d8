// Package scanner turns raw input into scanned payloads: a keyboard-wedge
// barcode scanner, staff typing, a camera (scanner/camera, scanner/qrdecode) or
// a line of stdin. Every source ends in the same Scan value and the same
// Classify call, so a payload is judged the same way whatever brought it.
package scanner

import (
	"time"
)

// Source says which input produced a scan.
type Source string

// Input sources.
const (
	SourceKeyboard Source = "keyboard" // staff typed into the field
	SourceWedge    Source = "wedge"    // a keyboard-wedge barcode scanner
	SourceCamera   Source = "camera"   // a QR code read from the camera
	SourceStdin    Source = "stdin"    // a line in --headless mode
)

// Scan is one payload read from any source. Payload is untrusted: it may hold
// control characters or escape sequences and must go through Sanitize before
// it reaches a terminal or a log.
type Scan struct {
	Payload string
	Source  Source
	At      time.Time

	// Device is the hardware scanner's path for SourceHID and
	// SourceSerial ("" otherwise), for the log and per-device throttling.
	Device string
	// Cut says the source saw a code start but not end (unplugged halfway,
	// silent before its terminator, events lost): Payload is then empty
	// and classification refuses it with ErrCutOff, so the visitor is told
	// to scan again instead of seeing half a code judged.
	Cut bool
}

// MaxPayload is the longest payload the kiosk looks at; anything longer is
// rejected as unsupported without being parsed.
const MaxPayload = 4096

// CameraState is the camera's condition as the idle screen shows it.
type CameraState string

// Camera states.
const (
	CameraOff         CameraState = "off"         // disabled in the config
	CameraUnsupported CameraState = "unsupported" // built without cgo: no camera driver
	CameraSearching   CameraState = "searching"   // no camera found yet, or unplugged; retrying
	CameraBusy        CameraState = "busy"        // another program holds it; retrying
	CameraLost        CameraState = "lost"        // was running, then failed or stalled; reopening
	CameraRunning     CameraState = "running"
)

// CameraStatus is a camera state change. State is what a screen words in its
// own language; Device names the camera (its label, or the configured path),
// a name rather than a sentence; Detail is an English diagnostic for logs and
// `doctor`, never for the screen. Device and Detail are already safe to print.
type CameraStatus struct {
	State  CameraState
	Device string
	Detail string
}
