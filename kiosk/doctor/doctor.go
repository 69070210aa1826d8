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
	"unicode/utf8"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Check is one line of the report.
type Check struct {
	// Area and Item name what a line is about, the same in every language
	// (the text report words them in its own).
	Area string `json:"area"`           // camera, input, serial, upstream, clock, storage, passes, font, sound, config
	Item string `json:"item,omitempty"` // the device, URL or path it is about, or token, device clock, pass keys, deny list
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
	lang   i18n.Catalog
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
	t            i18n.Catalog // the report's language, from Lang

	// HTTPClient talks to the upstream (default: 5 s timeout).
	HTTPClient *http.Client
	// Now is the device clock (default time.Now), compared with the
	// upstream's.
	Now func() time.Time
	// Aplay is ALSA's player (default: aplay from PATH).
	Aplay string
	// Lang is the language of the report's words (en, ru, kk; default
	// English); the JSON keys and areas are the same in every language.
	Lang string
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
	o.t = i18n.For(o.Lang)
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
	t := opts.t
	r := Report{lang: t}
	add := func(cs ...Check) { r.Checks = append(r.Checks, cs...) }
	if opts.ConfigErr != nil {
		add(Check{Area: "config", Detail: safetext.Clean(i18n.Say(t, opts.ConfigErr), 300),
			Fix: t.F(i18n.DocConfigFix, "config.example.toml")})
	} else {
		add(Check{Area: "config", Item: opts.Config.Path, OK: true, Detail: t.T(i18n.DocConfigOK)})
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
	t := r.lang
	if t.Lang() == "" {
		t = i18n.For("en")
	}
	okMark, failMark := t.T(i18n.DocOK), t.T(i18n.DocFail)
	markW := max(utf8.RuneCountInString(okMark), utf8.RuneCountInString(failMark))
	areaW := 8
	for _, c := range r.Checks {
		areaW = max(areaW, utf8.RuneCountInString(areaName(t, c.Area)))
	}
	for _, c := range r.Checks {
		mark := failMark
		if c.OK {
			mark = okMark
		}
		item := ""
		if c.Item != "" {
			item = " " + safetext.Clean(itemName(t, c.Item), 120)
		}
		sel := ""
		if c.Selected {
			sel = " " + t.T(i18n.DocSelected)
		}
		head := pad(mark, markW) + " " + pad(areaName(t, c.Area), areaW)
		if item == "" && sel == "" { // "serial   no serial ports", not "serial  : no serial ports"
			fmt.Fprintf(&b, "%s %s\n", head, c.Detail)
		} else {
			fmt.Fprintf(&b, "%s%s%s: %s\n", head, item, sel, c.Detail)
		}
		if !c.OK && c.Fix != "" {
			fmt.Fprintf(&b, "%s -> %s\n", strings.Repeat(" ", markW), c.Fix)
		}
	}
	if r.OK {
		b.WriteString(t.T(i18n.DocAllPassed) + "\n")
	} else {
		b.WriteString(t.F(i18n.DocNeedAttn, r.failures(), len(r.Checks)) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// pad fills s with spaces to w characters.
func pad(s string, w int) string {
	return s + strings.Repeat(" ", max(w-utf8.RuneCountInString(s), 0))
}

// areaNames word each area in the report's language.
var areaNames = map[string]i18n.Key{
	"camera": i18n.DocAreaCamera, "input": i18n.DocAreaInput, "serial": i18n.DocAreaSerial,
	"upstream": i18n.DocAreaUp, "clock": i18n.DocAreaClock, "storage": i18n.DocAreaStorage,
	"passes": i18n.DocAreaPasses, "font": i18n.DocAreaFont, "sound": i18n.DocAreaSound, "config": i18n.DocAreaConfig,
}

// itemNames word the items that are no device, path or URL: the JSON keeps
// them as they are, for scripts.
var itemNames = map[string]i18n.Key{
	"device clock": i18n.DocItemClock, "token": i18n.DocItemToken,
	"pass keys": i18n.DocItemPassKeys, "deny list": i18n.DocItemDenyList,
}

func itemName(t i18n.Catalog, item string) string {
	if k, ok := itemNames[item]; ok {
		return t.T(k)
	}
	return item
}

func areaName(t i18n.Catalog, area string) string {
	if k, ok := areaNames[area]; ok {
		return t.T(k)
	}
	return area
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
