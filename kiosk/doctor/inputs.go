package doctor

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/ashyq/kiosk/scanner/evdev"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// inputChecks lists the input devices: which the config grabs, whether the
// kiosk may open them, and barcode scanners it could grab but does not.
func inputChecks(o Options) []Check {
	hid := o.Config.Scanner.HID
	devs, err := evdev.List(filepath.Join(o.Dev, "input"))
	if err != nil {
		c := Check{Area: "input", Item: filepath.Join(o.Dev, "input"), OK: len(hid) == 0,
			Detail: "no input devices visible"}
		if !c.OK {
			c.Fix = "scanner.hid is set but this system shows no input devices: plug the scanner in (in a container, pass /dev/input through)"
		}
		return []Check{c}
	}
	patterns, filter := evdev.Patterns(underDev(hid, o.Dev))
	patterns = underDev(patterns, o.Dev) // the pattern "auto" stands for
	var out []Check
	for _, d := range devs {
		if !d.Keyboard && !d.Scanner {
			continue // mice, power buttons: nothing to do with codes
		}
		c := Check{Area: "input", Item: d.Node, Selected: selects(patterns, filter, d)}
		name := safetext.Escape(d.Name, 60)
		if name == "" && len(d.Links) > 0 {
			name = safetext.Escape(filepath.Base(d.Links[0]), 60)
		}
		kind := "keyboard"
		if d.Scanner {
			kind = "barcode scanner"
		}
		openErr := tryOpen(d.Node, os.O_RDONLY|syscall.O_NONBLOCK)
		switch {
		case c.Selected && openErr != nil:
			detail, fix := openAdvice(d.Node, openErr, o.User)
			c.Detail, c.Fix = fmt.Sprintf("%s %q, selected by scanner.hid: %s", kind, name, detail), fix
		case c.Selected:
			c.OK, c.Detail = true, fmt.Sprintf("%s %q: grabbed by the kiosk (its keys never reach the console)", kind, name)
		case d.Scanner:
			c.OK = true
			c.Detail = fmt.Sprintf("barcode scanner %q, not in scanner.hid: it types into the terminal; add %q (or \"auto\") to scanner.hid to grab it",
				name, stableName(d))
		default:
			c.OK, c.Detail = true, fmt.Sprintf("keyboard %q: for staff, left alone", name)
		}
		out = append(out, c)
	}
	if len(hid) > 0 && !slices.ContainsFunc(out, func(c Check) bool { return c.Selected }) {
		out = append(out, Check{Area: "input", Item: strings.Join(hid, ", "), Selected: true,
			Detail: "scanner.hid matches no device plugged in",
			Fix:    "plug the scanner in; ls /dev/input/by-id/ shows the names to put in scanner.hid"})
	}
	if len(out) == 0 {
		out = append(out, Check{Area: "input", OK: true, Detail: "no keyboard or barcode scanner plugged in"})
	}
	return out
}

func selects(patterns []string, filter func(string) bool, d evdev.Device) bool {
	for _, name := range append([]string{d.Node}, d.Links...) {
		for _, p := range patterns {
			if ok, _ := filepath.Match(p, name); ok && filter(name) {
				return true
			}
		}
	}
	return false
}

// stableName is the by-id name of a device, which survives a replug.
func stableName(d evdev.Device) string {
	for _, l := range d.Links {
		if strings.HasSuffix(l, "-event-kbd") {
			return l
		}
	}
	return d.Node
}

// underDev rewrites /dev/ paths and patterns to lie under dev (a test's
// device directory).
func underDev(list []string, dev string) []string {
	if dev == "/dev" {
		return list
	}
	var out []string
	for _, p := range list {
		if rel, ok := strings.CutPrefix(p, "/dev/"); ok {
			p = filepath.Join(dev, rel)
		}
		out = append(out, p)
	}
	return out
}
