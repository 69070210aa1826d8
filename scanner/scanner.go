// Package scanner turns raw input into scanned payloads: a keyboard-wedge
// barcode scanner, staff typing, a camera (scanner/camera, scanner/qrdecode) or
// a line of stdin. Every source ends in the same Scan value and the same
// Classify call, so a payload is judged the same way whatever brought it.
package scanner

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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
}

// MaxPayload is the longest payload the kiosk looks at; anything longer is
// rejected as unsupported without being parsed.
const MaxPayload = 4096

// Sanitize makes untrusted text safe to print: control characters, escape
// sequences and bidi overrides become visible \x.. / \u.... escapes, invalid
// UTF-8 becomes U+FFFD, and the result is cut to max runes (0 = no limit)
// with an ellipsis.
func Sanitize(s string, max int) string {
	var b strings.Builder
	n := 0
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		if max > 0 && n >= max {
			b.WriteString("…")
			break
		}
		n++
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(unicode.ReplacementChar)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&0xf])
		case unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029':
			b.WriteString(`\u`)
			const hex = "0123456789abcdef"
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte(hex[(r>>uint(shift))&0xf])
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CameraState is the camera's condition as the idle screen shows it.
type CameraState string

// Camera states.
const (
	CameraOff         CameraState = "off"         // disabled in the config
	CameraUnsupported CameraState = "unsupported" // built without cgo: no camera driver
	CameraSearching   CameraState = "searching"   // no camera found yet, or unplugged; retrying
	CameraBusy        CameraState = "busy"        // another program holds it; retrying
	CameraRunning     CameraState = "running"
)

// CameraStatus is a camera state change with a short human detail (device
// name or the error), already safe to print.
type CameraStatus struct {
	State  CameraState
	Detail string
}
