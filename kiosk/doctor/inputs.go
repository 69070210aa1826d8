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

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/scanner/evdev"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// inputChecks lists the input devices: which the config grabs, whether the
// kiosk may open them, what "auto" makes of each and why, and barcode
// scanners it could grab but does not.
func inputChecks(o Options) []Check {
	hid, t := o.Config.Scanner.HID, o.t
	devs, err := evdev.List(filepath.Join(o.Dev, "input"))
	if err != nil {
		c := Check{Area: "input", Item: filepath.Join(o.Dev, "input"), OK: len(hid) == 0,
			Detail: t.T(i18n.DocInNone)}
		if !c.OK {
			c.Fix = t.F(i18n.DocInNoneFix, "scanner.hid", "/dev/input")
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
		kind := t.T(i18n.DocKeyboard)
		if d.Scanner {
			kind = t.T(i18n.DocBarcodeScanner)
		}
		// What "auto" makes of it, and why: the same judgement the
		// package's udev rule makes (ASHYQ_SCANNER says udev's). The why
		// is evdev's own words (vendor ids, capabilities).
		why := t.F(i18n.DocAutoSkips, evdev.Auto, safetext.Clean(d.Why, 160))
		if d.Scanner {
			why = t.F(i18n.DocAutoTakes, evdev.Auto, safetext.Clean(d.Why, 160))
		}
		if u := evdev.UdevProperty(d.Node, "ASHYQ_SCANNER"); u != "" {
			why += "; " + t.F(i18n.DocUdevGave, safetext.Clean(u, 80))
		}
		openErr := tryOpen(d.Node, os.O_RDONLY|syscall.O_NONBLOCK)
		switch {
		case c.Selected && openErr != nil:
			detail, fix := openAdvice(t, d.Node, openErr, o.User)
			if errors.Is(openErr, fs.ErrPermission) {
				fix = t.F(i18n.DocThenRestart, localRule(d))
			}
			c.Detail, c.Fix = t.F(i18n.DocInSelectedFails, kind, name, "scanner.hid", detail, why), fix
		case c.Selected:
			c.OK, c.Detail = true, t.F(i18n.DocInGrabbed, kind, name, why)
		case d.Scanner:
			c.OK = true
			c.Detail = t.F(i18n.DocInScannerFree, name, "scanner.hid", stableName(d), evdev.Auto, "scanner.hid", why)
		case auto:
			c.OK = true
			c.Detail = t.F(i18n.DocInKeyboardAuto, name, why, stableName(d), "scanner.hid", t.F(i18n.DocThenRestart, localRule(d)))
		default:
			c.OK, c.Detail = true, t.F(i18n.DocInKeyboard, name)
		}
		out = append(out, c)
	}
	if len(hid) > 0 && !slices.ContainsFunc(out, func(c Check) bool { return c.Selected }) {
		out = append(out, Check{Area: "input", Item: strings.Join(hid, ", "), Selected: true,
			Detail: t.F(i18n.DocInNoMatch, "scanner.hid"),
			Fix:    t.F(i18n.DocPlugNames, "ls /dev/input/by-id/", "scanner.hid")})
	}
	if len(out) == 0 {
		out = append(out, Check{Area: "input", OK: true, Detail: t.T(i18n.DocInNothing)})
	}
	return out
}

// localRule is the udev line that gives a scanner the package's rule does
// not know to the kiosk's group, matched by its kernel name: the commands
// that install it, to be followed by a restart of the kiosk.
func localRule(d evdev.Device) string {
	match := fmt.Sprintf(`ATTRS{name}=="%s"`, udevValue(d.Name))
	if d.Identity.Bus == "0003" && d.Identity.Vendor != "" && d.Identity.Product != "" {
		match = fmt.Sprintf(`ATTRS{id/vendor}=="%s", ATTRS{id/product}=="%s"`, udevValue(d.Identity.Vendor), udevValue(d.Identity.Product))
	}
	return fmt.Sprintf(`echo 'SUBSYSTEM=="input", KERNEL=="event*", %s, GROUP="ashyq-scanner", MODE="0660"' >> /etc/udev/rules.d/71-ashyq-local.rules && udevadm control --reload && udevadm trigger --subsystem-match=input`, match)
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
