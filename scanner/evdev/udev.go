package evdev

import (
	"fmt"
	"strings"
	"unicode"
)

// UdevRules writes the package's udev rule
// (packaging/udev/70-ashyq-kiosk.rules) from ScannerVendors and the scanner
// words, so that every device "auto" takes is one the kiosk's group may
// open, and `udevadm info` says why (ASHYQ_SCANNER). A test keeps the
// packaged file equal to it.
func UdevRules() string {
	var b strings.Builder
	b.WriteString(`# ashyq-kiosk: device access for the kiosk's system user (ashyq-kiosk, in the
# video and ashyq-scanner groups), installed by the ashyq-kiosk package.
# Written by scanner/evdev.UdevRules (go test ./scanner/evdev -run TestUdevRules
# -update): the same makers and names as scanner.hid = ["auto"].
# Local additions belong in /etc/udev/rules.d/71-ashyq-local.rules, which
# survives upgrades; reload with: udevadm control --reload && udevadm trigger
# (ashyq-kiosk doctor prints the line for a scanner it cannot open).

# USB cameras: capture nodes readable by the video group (Debian's default,
# restated so a trimmed image keeps it).
SUBSYSTEM=="video4linux", KERNEL=="video[0-9]*", GROUP="video", MODE="0660"

# Keyboard-mode barcode scanners to the ashyq-scanner group, so the kiosk may
# grab their input event nodes (scans then reach no other program). A scanner
# is known by its USB maker, whatever its name, or by a scanner word in its
# kernel name (any bus: USB, Bluetooth, ...) or USB serial name. ASHYQ_SCANNER
# says which (udevadm info /dev/input/eventN).
SUBSYSTEM!="input", GOTO="ashyq_input_end"
KERNEL!="event[0-9]*", GOTO="ashyq_input_end"
`)
	for _, v := range ScannerVendors {
		fmt.Fprintf(&b, "ATTRS{id/bustype}==\"%s\", ATTRS{id/vendor}==\"%s\", ENV{ASHYQ_SCANNER}=\"USB vendor %s is %s\"\n",
			busUSB, v.ID, v.ID, v.Maker)
	}
	for _, w := range scannerWords {
		fmt.Fprintf(&b, "ENV{ASHYQ_SCANNER}==\"\", ATTRS{name}==\"*%s*\", ENV{ASHYQ_SCANNER}=\"its name contains %s\"\n", anyCase(w), w)
	}
	for _, w := range scannerWords {
		fmt.Fprintf(&b, "ENV{ASHYQ_SCANNER}==\"\", ENV{ID_SERIAL}==\"*%s*\", ENV{ASHYQ_SCANNER}=\"its USB name contains %s\"\n", anyCase(w), w)
	}
	ids := make([]string, len(ScannerVendors))
	for i, v := range ScannerVendors {
		ids[i] = v.ID
	}
	vendors := strings.Join(ids, "|")
	fmt.Fprintf(&b, `ENV{ASHYQ_SCANNER}=="?*", GROUP="ashyq-scanner", MODE="0660"
LABEL="ashyq_input_end"

# The same makers' scanners in HID-POS mode (hidraw) and in serial mode
# (USB virtual COM ports, ttyACM).
SUBSYSTEM=="hidraw", ATTRS{idVendor}=="%s", GROUP="ashyq-scanner", MODE="0660"
SUBSYSTEM=="tty", KERNEL=="ttyACM[0-9]*", ATTRS{idVendor}=="%s", GROUP="ashyq-scanner", MODE="0660"
`, vendors, vendors)
	return b.String()
}

// anyCase makes a udev glob that matches w in any case ("Ab" -> "[Aa][Bb]"):
// udev before systemd 256 has no case-insensitive match.
func anyCase(w string) string {
	var b strings.Builder
	for _, r := range w {
		if unicode.IsLetter(r) {
			fmt.Fprintf(&b, "[%c%c]", unicode.ToUpper(r), unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
