package evdev

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Auto in a device list stands for every keyboard-like input device that
// is a barcode scanner by its maker or its name (see Patterns, Judge).
const Auto = "auto"

// Patterns turns a configured device list into glob patterns and a filter
// for them: Auto stands for every keyboard-like input device that Judge
// calls a scanner, by its by-id name (ByIDPattern, USB devices) or its
// event node (EventPattern: Bluetooth and other devices without a by-id
// name); a device the list names explicitly is always taken.
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
		patterns = append(patterns, ByIDPattern, EventPattern)
	}
	filter := func(path string) bool {
		for _, p := range explicit {
			if ok, _ := filepath.Match(p, path); ok {
				return true
			}
		}
		return auto && IsKeyboard(path) && LooksLikeScanner(path)
	}
	return patterns, filter
}

// ByIDPattern finds keyboard-like USB input devices by a name that
// survives a replug into another USB port.
const ByIDPattern = "/dev/input/by-id/*-event-kbd"

// EventPattern is every input event node.
const EventPattern = "/dev/input/event*"

// IsKeyboard reports whether the input device at path types keys: a by-id
// "-event-kbd" name, or udev's ID_INPUT_KEYBOARD (which Bluetooth devices,
// having no by-id name, carry too).
func IsKeyboard(path string) bool {
	return strings.HasSuffix(path, "-event-kbd") || UdevProperty(path, "ID_INPUT_KEYBOARD") == "1"
}

// UdevProperty reads a property udev recorded for the input device at path
// ("" when it has none, or udev's database cannot be read). The package's
// rule records ASHYQ_SCANNER: why it gave the device to the kiosk's group.
func UdevProperty(path, key string) string {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return ""
	}
	dev, err := os.ReadFile(filepath.Join(sysClassInput, filepath.Base(real), "dev"))
	if err != nil {
		return ""
	}
	db, err := os.ReadFile(filepath.Join(udevData, "c"+strings.TrimSpace(string(dev))))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(db), "\n") {
		if v, ok := strings.CutPrefix(line, "E:"+key+"="); ok {
			return v
		}
	}
	return ""
}

// udevData is udev's database of device properties; a variable for tests.
var udevData = "/run/udev/data"

// Device is an input device as doctor lists it.
type Device struct {
	Node     string   // /dev/input/eventN
	Links    []string // its /dev/input/by-id names
	Name     string   // from sysfs
	Keyboard bool     // it types keys (see IsKeyboard)
	Scanner  bool     // a barcode scanner by Judge
	Identity Identity
	// Why says why "auto" takes the device or not.
	Why string
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
		id := Identify(n, byNode[n])
		v := id.Judge()
		d := Device{Node: n, Links: byNode[n], Name: id.Name, Identity: id, Scanner: v.Scanner, Why: v.Why,
			Keyboard: IsKeyboard(n) || slices.ContainsFunc(byNode[n], IsKeyboard)}
		out = append(out, d)
	}
	return out, nil
}
