package doctor

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// serialPatterns are where USB serial and CDC-ACM scanners appear.
var serialPatterns = []string{"ttyACM*", "ttyUSB*", "serial/by-id/*"}

// serialChecks lists the serial ports, whether each opens, and which the
// config reads.
func serialChecks(o Options) []Check {
	sc, t := o.Config.Scanner, o.t
	found := map[string]bool{}
	var ports []string
	add := func(p string) {
		if real, err := filepath.EvalSymlinks(p); err == nil && !found[real] {
			found[real] = true
			ports = append(ports, p)
		}
	}
	for _, pat := range serialPatterns {
		matches, _ := filepath.Glob(filepath.Join(o.Dev, pat))
		for _, m := range matches {
			add(m)
		}
	}
	var configured []string
	for _, pat := range sc.Serial {
		matches, _ := filepath.Glob(pat)
		for _, m := range matches {
			configured = append(configured, m)
			add(m)
		}
	}
	slices.Sort(ports)
	var out []Check
	for _, p := range ports {
		c := Check{Area: "serial", Item: p, Selected: slices.Contains(configured, p)}
		err := tryOpen(p, os.O_RDWR|syscall.O_NOCTTY|syscall.O_NONBLOCK)
		switch {
		case err != nil:
			c.Detail, c.Fix = openAdvice(t, p, err, o.User)
			c.OK = !c.Selected
		case c.Selected:
			c.OK = true
			c.Detail = t.F(i18n.DocSerialRead, sc.SerialSpeed, sc.SerialTerminator)
		default:
			c.OK, c.Detail = true, t.F(i18n.DocSerialFree, "scanner.serial")
		}
		out = append(out, c)
	}
	if len(sc.Serial) > 0 && len(configured) == 0 {
		out = append(out, Check{Area: "serial", Item: safetext.Escape(strings.Join(sc.Serial, ", "), 120), Selected: true,
			Detail: t.F(i18n.DocSerialNoMatch, "scanner.serial"),
			Fix:    t.F(i18n.DocPlugNames, "ls /dev/serial/by-id/", "scanner.serial")})
	}
	if len(out) == 0 {
		out = append(out, Check{Area: "serial", OK: true, Detail: t.T(i18n.DocSerialNone)})
	}
	return out
}
