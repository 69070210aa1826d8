package config

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ashyq/kiosk/scanner/evdev"
	"github.com/ashyq/kiosk/scanner/keymap"
	"github.com/ashyq/kiosk/scanner/serial"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

// Allowed scanner values, also used in error messages.
var (
	ScannerLayouts    = keymap.Names()
	SerialTerminators = serial.Terminators()
	SerialSpeeds      = serial.Speeds
)

// ScannerAuto in scanner.hid grabs every keyboard-like input device named
// like a barcode scanner.
const ScannerAuto = evdev.Auto

// scannerMaxPatterns bounds each device list.
const scannerMaxPatterns = 16

func (s Scanner) validate(bad func(key string, k i18n.Key, args ...any), oneOf func(key, v string, allowed []string)) {
	paths := func(key string, list []string, allowAuto bool) {
		if len(list) > scannerMaxPatterns {
			bad(key, i18n.CfgTooManyDevices, len(list), scannerMaxPatterns)
		}
		for _, p := range list {
			switch {
			case allowAuto && p == ScannerAuto:
			case !strings.HasPrefix(p, "/dev/"):
				want := i18n.CfgScannerPath
				if allowAuto {
					want = i18n.CfgScannerPathAuto
				}
				bad(key, want, p)
			default:
				if _, err := filepath.Match(p, ""); err != nil { // only ErrBadPattern
					bad(key, i18n.CfgBadPattern, p)
				}
			}
		}
	}
	paths("scanner.hid", s.HID, true)
	paths("scanner.serial", s.Serial, false)
	oneOf("scanner.layout", s.Layout, ScannerLayouts)
	oneOf("scanner.serial_terminator", s.SerialTerminator, SerialTerminators)
	if !slices.Contains(SerialSpeeds, s.SerialSpeed) {
		speeds := make([]string, len(SerialSpeeds))
		for i, v := range SerialSpeeds {
			speeds[i] = strconv.Itoa(v)
		}
		bad("scanner.serial_speed", i18n.CfgNumNotAllowed, s.SerialSpeed, strings.Join(speeds, ", "))
	}
}
