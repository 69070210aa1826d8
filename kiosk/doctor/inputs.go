package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/ashyq/kiosk/scanner/evdev"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// inputChecks lists the input devices: which the config grabs, whether the
// kiosk may open them, what "auto" makes of each and why, and barcode
// scanners it could grab but does not.
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
	auto := slices.Contains(hid, evdev.Auto)
	patterns, filter := evdev.Patterns(underDev(hid, o.Dev))
	patterns = underDev(patterns, o.Dev) // the patterns "auto" stands for
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
		// What "auto" makes of it, and why: the same judgement the
		// package's udev rule makes (ASHYQ_SCANNER says udev's).
		why := "auto does not take it: " + safetext.Clean(d.Why, 160)
		if d.Scanner {
			why = "auto takes it: " + safetext.Clean(d.Why, 160)
		}
		if u := evdev.UdevProperty(d.Node, "ASHYQ_SCANNER"); u != "" {
			why += "; udev gave it to the kiosk's group: " + safetext.Clean(u, 80)
		}
		openErr := tryOpen(d.Node, os.O_RDONLY|syscall.O_NONBLOCK)
		switch {
		case c.Selected && openErr != nil:
			detail, fix := openAdvice(d.Node, openErr, o.User)
			if errors.Is(openErr, fs.ErrPermission) {
				fix = localRule(d)
			}
			c.Detail, c.Fix = fmt.Sprintf("%s %q, selected by scanner.hid: %s (%s)", kind, name, detail, why), fix
		case c.Selected:
			c.OK, c.Detail = true, fmt.Sprintf("%s %q: grabbed by the kiosk (its keys never reach the console); %s", kind, name, why)
		case d.Scanner:
			c.OK = true
			c.Detail = fmt.Sprintf("barcode scanner %q, not in scanner.hid: it types into the terminal; add %q (or \"auto\") to scanner.hid to grab it; %s",
				name, stableName(d), why)
		case auto:
			c.OK = true
			c.Detail = fmt.Sprintf("keyboard %q: for staff, left alone; %s. If it is a scanner, add %q to scanner.hid and give it to the kiosk: %s",
				name, why, stableName(d), localRule(d))
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

// localRule is the udev line that gives a scanner the package's rule does
// not know to the kiosk's group, matched by its kernel name.
func localRule(d evdev.Device) string {
	match := fmt.Sprintf(`ATTRS{name}=="%s"`, udevValue(d.Name))
	if d.Identity.Bus == "0003" && d.Identity.Vendor != "" && d.Identity.Product != "" {
		match = fmt.Sprintf(`ATTRS{id/vendor}=="%s", ATTRS{id/product}=="%s"`, udevValue(d.Identity.Vendor), udevValue(d.Identity.Product))
	}
	return fmt.Sprintf(`echo 'SUBSYSTEM=="input", KERNEL=="event*", %s, GROUP="ashyq-scanner", MODE="0660"' >> /etc/udev/rules.d/71-ashyq-local.rules && udevadm control --reload && udevadm trigger --subsystem-match=input, then restart the kiosk`, match)
}

// udevValue keeps what may stand in a quoted udev value of a shell line.
func udevValue(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == '"' || r == '\'' || r == '\\' || r > '~' {
			return '?'
		}
		return r
	}, s)
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
