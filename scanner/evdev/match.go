package evdev

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ScannerVendors are the USB vendor ids of barcode-scanner makers: a
// keyboard-like device of theirs is a scanner whatever its name says. The
// packaged udev rule (packaging/udev/70-ashyq-kiosk.rules, written by
// UdevRules) gives the same devices to the kiosk's group, so what "auto"
// takes the kiosk may also open.
var ScannerVendors = []Vendor{
	{"0c2e", "Honeywell (Metrologic)"},
	{"0536", "Hand Held Products (Honeywell)"},
	{"05e0", "Zebra (Symbol)"},
	{"05f9", "Datalogic"},
	{"1eab", "Newland"},
	{"065a", "Opticon"},
}

// Vendor is a USB vendor id (four lowercase hex digits) and its maker.
type Vendor struct{ ID, Maker string }

// scannerWords are parts of the by-id or kernel names of common USB barcode
// scanners (vendors, and the "HID KBW" of many unbranded ones). Only such
// devices, or those of ScannerVendors, are taken by "auto": grabbing the
// staff's keyboard would leave them unable to type an IIN.
var scannerWords = []string{
	"scanner", "barcode", "bar_code", "bar code", "hid_kbw", "hid kbw",
	"honeywell", "metrologic", "hand_held", "handheld", "symbol", "zebra",
	"datalogic", "newland", "zebex", "netum", "eyoyo", "inateck",
	"mindeo", "sunmi", "scanhome", "opticon",
}

// Input bus types (linux/input.h) as sysfs's id/bustype prints them.
const (
	busUSB       = "0003"
	busBluetooth = "0005"
)

// Identity is what the kernel says about an input device: its name and
// ids (from /sys/class/input/eventN/device), and its by-id names.
type Identity struct {
	Name    string
	Bus     string // id/bustype: 0003 USB, 0005 Bluetooth, 0006 virtual, ...
	Vendor  string // id/vendor, four hex digits
	Product string // id/product
	Links   []string
}

// Identify reads the identity of the input device at path (an event node
// or a symlink to one), with links as its by-id names.
func Identify(path string, links []string) Identity {
	id := Identity{Name: DeviceName(path), Links: links}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return id
	}
	dir := filepath.Join(sysClassInput, filepath.Base(real), "device", "id")
	read := func(f string) string {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		return strings.ToLower(strings.TrimSpace(string(b)))
	}
	id.Bus, id.Vendor, id.Product = read("bustype"), read("vendor"), read("product")
	return id
}

// Verdict is whether "auto" takes a device, and why, in words for an
// installer (doctor prints it, the kiosk logs it).
type Verdict struct {
	Scanner bool
	Why     string
}

// Judge decides whether a keyboard-like device is a barcode scanner: by its
// USB maker (any name), or by a scanner word in its kernel or by-id name
// (any bus: USB, Bluetooth, or none).
func (id Identity) Judge() Verdict {
	if id.Bus == busUSB {
		if i := slices.IndexFunc(ScannerVendors, func(v Vendor) bool { return v.ID == id.Vendor }); i >= 0 {
			return Verdict{true, fmt.Sprintf("USB vendor %s is %s, a barcode-scanner maker", id.Vendor, ScannerVendors[i].Maker)}
		}
	}
	names := append([]string{id.Name}, id.Links...)
	for _, n := range names {
		low := strings.ToLower(filepath.Base(n))
		if i := slices.IndexFunc(scannerWords, func(w string) bool { return strings.Contains(low, w) }); i >= 0 {
			return Verdict{true, fmt.Sprintf("its name %q contains %q", filepath.Base(n), scannerWords[i])}
		}
	}
	maker := "no USB vendor id"
	switch {
	case id.Bus == busUSB && id.Vendor != "":
		maker = "USB vendor " + id.Vendor + " is no known barcode-scanner maker"
	case id.Bus == busBluetooth:
		maker = "a Bluetooth device has no USB vendor id"
	}
	name := id.Name
	if name == "" {
		name = "(no name)"
	}
	return Verdict{false, fmt.Sprintf("its name %q has no scanner word, and %s", name, maker)}
}

// LooksLikeScanner reports whether the input device at path (a by-id link
// or an event node) is a barcode scanner by Judge.
func LooksLikeScanner(path string) bool {
	var links []string
	if filepath.Dir(path) != "." && strings.HasSuffix(filepath.Dir(path), "by-id") {
		links = []string{path}
	}
	return Identify(path, links).Judge().Scanner
}
