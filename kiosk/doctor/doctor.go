// Package doctor is `ashyq-kiosk doctor`: the installer's check of a kiosk.
// It lists the cameras, input devices and serial ports it can see, whether
// the kiosk may open each and which the config selects, measures the
// configured camera's frame rate, asks the upstream whether it answers and
// accepts the token, measures the clock skew, checks the data directory, the
// console font and the sound output. Every line says OK, or what to do; the exit status is 0
// when every line is OK.
package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/user"
	"strings"
	"time"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Check is one line of the report.
type Check struct {
	Area string `json:"area"`           // camera, input, serial, upstream, clock, storage, passes, font, sound, config
	Item string `json:"item,omitempty"` // the device, URL or path it is about
	OK   bool   `json:"ok"`
	// Selected: the config uses this device.
	Selected bool   `json:"selected,omitempty"`
	Detail   string `json:"detail"`        // what was found
	Fix      string `json:"fix,omitempty"` // what to do, when not OK
}

// Report is every check, in order.
type Report struct {
	OK     bool    `json:"ok"`
	Checks []Check `json:"checks"`
}

// Options say what to check and where to look. Zero fields take the real
// system's paths.
type Options struct {
	Config config.Config
	// ConfigErr is why the config file could not be loaded; the checks
	// then run on the defaults, and the report fails.
	ConfigErr error
	// Dev is where device nodes are (default /dev).
	Dev string
	// KioskDefault is the package's console settings (default
	// /etc/default/ashyq-kiosk): where it exists, the kiosk's unit loads
	// its FONT on the kiosk's tty, whatever console-setup says.
	KioskDefault string
	// ConsoleSetup is console-setup's file (default
	// /etc/default/console-setup), read when the kiosk runs without the
	// package's unit.
	ConsoleSetup string
	// FontDir holds the console fonts (default /usr/share/consolefonts).
	FontDir string
	// CameraWindow is how long the camera is watched for frames (default 3s).
	CameraWindow time.Duration
	// HTTPClient talks to the upstream (default: 5 s timeout).
	HTTPClient *http.Client
	// Now is the device clock (default time.Now), compared with the
	// upstream's.
	Now func() time.Time
	// Aplay is ALSA's player (default: aplay from PATH).
	Aplay string
	// User is the account the kiosk runs as, named in advice (default:
	// the current user).
	User string
}

func (o Options) withDefaults() Options {
	if o.Dev == "" {
		o.Dev = "/dev"
	}
	if o.KioskDefault == "" {
		o.KioskDefault = "/etc/default/ashyq-kiosk"
	}
	if o.ConsoleSetup == "" {
		o.ConsoleSetup = "/etc/default/console-setup"
	}
	if o.FontDir == "" {
		o.FontDir = "/usr/share/consolefonts"
	}
	if o.CameraWindow <= 0 {
		o.CameraWindow = 3 * time.Second
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 5 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.User == "" {
		o.User = "ashyq-kiosk"
		if u, err := user.Current(); err == nil && u.Username != "root" {
			o.User = u.Username
		}
	}
	return o
}

// Run makes every check.
func Run(ctx context.Context, opts Options) Report {
	opts = opts.withDefaults()
	var r Report
	add := func(cs ...Check) { r.Checks = append(r.Checks, cs...) }
	if opts.ConfigErr != nil {
		add(Check{Area: "config", Detail: safetext.Clean(opts.ConfigErr.Error(), 300),
			Fix: "fix the configuration (see config.example.toml); the checks below use the defaults"})
	} else {
		add(Check{Area: "config", Item: opts.Config.Path, OK: true, Detail: "parses and validates"})
	}
	add(cameraChecks(ctx, opts)...)
	add(inputChecks(opts)...)
	add(serialChecks(opts)...)
	add(upstreamChecks(ctx, opts)...)
	add(storageChecks(opts)...)
	add(passChecks(opts)...)
	add(fontChecks(opts)...)
	add(soundChecks(ctx, opts)...)
	r.OK = true
	for _, c := range r.Checks {
		r.OK = r.OK && c.OK
	}
	return r
}

// WriteText prints one line a check: OK or FAIL, the area, the item, what
// was found, and for a failure what to do.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, c := range r.Checks {
		mark := "OK  "
		if !c.OK {
			mark = "FAIL"
		}
		item := ""
		if c.Item != "" {
			item = " " + safetext.Clean(c.Item, 120)
		}
		sel := ""
		if c.Selected {
			sel = " [selected]"
		}
		if item == "" && sel == "" { // "serial   no serial ports", not "serial  : no serial ports"
			fmt.Fprintf(&b, "%s %-8s %s\n", mark, c.Area, c.Detail)
		} else {
			fmt.Fprintf(&b, "%s %-8s%s%s: %s\n", mark, c.Area, item, sel, c.Detail)
		}
		if !c.OK && c.Fix != "" {
			fmt.Fprintf(&b, "     -> %s\n", c.Fix)
		}
	}
	if r.OK {
		b.WriteString("All checks passed.\n")
	} else {
		fmt.Fprintf(&b, "%d of %d checks need attention.\n", r.failures(), len(r.Checks))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON prints the report as one JSON object.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // its \u0026 could join the digits after it into an IIN
	return enc.Encode(r)
}

func (r Report) failures() int {
	n := 0
	for _, c := range r.Checks {
		if !c.OK {
			n++
		}
	}
	return n
}
