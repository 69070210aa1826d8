package evdev

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Auto in a device list stands for every keyboard-like device named like
// a barcode scanner (see Patterns).
const Auto = "auto"

// Patterns turns a configured device list into glob patterns and a filter
// for them: Auto stands for ByIDPattern filtered by LooksLikeScanner, while
// a device the list names explicitly is always taken.
func Patterns(list []string) ([]string, func(string) bool) {
	var explicit []string
	auto := false
	for _, p := range list {
		if p == Auto {
			auto = true
			continue
		}
		explicit = append(explicit, p)
	}
	patterns := slices.Clone(explicit)
	if auto {
		patterns = append(patterns, ByIDPattern)
	}
	filter := func(path string) bool {
		for _, p := range explicit {
			if ok, _ := filepath.Match(p, path); ok {
				return true
			}
		}
		return LooksLikeScanner(path)
	}
	return patterns, filter
}

// ByIDPattern finds keyboard-like input devices by a name that survives a
// replug into another USB port.
const ByIDPattern = "/dev/input/by-id/*-event-kbd"

// scannerWords are parts of the by-id or sysfs names of common USB barcode
// scanners (vendors, and the "HID KBW" of many unbranded ones). Only such
// devices are grabbed by "auto": grabbing the staff's keyboard would leave
// them unable to type an IIN.
var scannerWords = []string{
	"scanner", "barcode", "bar_code", "bar code", "hid_kbw", "hid kbw",
	"honeywell", "metrologic", "hand_held", "handheld", "symbol", "zebra",
	"datalogic", "newland", "zebex", "netum", "eyoyo", "inateck",
	"mindeo", "sunmi", "scanhome", "opticon",
}

// LooksLikeScanner reports whether the input device at path (a by-id link
// or an event node) is named like a barcode scanner.
func LooksLikeScanner(path string) bool {
	name := strings.ToLower(filepath.Base(path) + " " + DeviceName(path))
	return slices.ContainsFunc(scannerWords, func(w string) bool { return strings.Contains(name, w) })
}

// Device is an input device as doctor lists it.
type Device struct {
	Node     string   // /dev/input/eventN
	Links    []string // its /dev/input/by-id names
	Name     string   // from sysfs
	Keyboard bool     // it has a by-id -event-kbd name
	Scanner  bool     // named like a barcode scanner
}

// List finds the input devices under dir (normally /dev/input).
func List(dir string) ([]Device, error) {
	nodes, err := filepath.Glob(filepath.Join(dir, "event*"))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	links, _ := filepath.Glob(filepath.Join(dir, "by-id", "*"))
	byNode := map[string][]string{}
	for _, l := range links {
		if real, err := filepath.EvalSymlinks(l); err == nil {
			byNode[real] = append(byNode[real], l)
		}
	}
	var out []Device
	for _, n := range nodes {
		d := Device{Node: n, Links: byNode[n], Name: DeviceName(n)}
		for _, l := range d.Links {
			d.Keyboard = d.Keyboard || strings.HasSuffix(l, "-event-kbd")
			d.Scanner = d.Scanner || LooksLikeScanner(l)
		}
		d.Scanner = d.Scanner || LooksLikeScanner(n)
		out = append(out, d)
	}
	return out, nil
}
