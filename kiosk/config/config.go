// Package config loads the kiosk's TOML configuration: defaults, then the file
// decoded over them, then environment overrides, then Validate, whose errors
// name the file, the key and what is allowed.
package config

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/trust"
)

// Config is the whole kiosk configuration. config.example.toml documents every
// key; keep the two in step (a test decodes the example).
type Config struct {
	Device   Device   `toml:"device"`
	Upstream Upstream `toml:"upstream"`
	Storage  Storage  `toml:"storage"`
	Display  Display  `toml:"display"`
	Offline  Offline  `toml:"offline"`
	Camera   Camera   `toml:"camera"`
	Sync     Sync     `toml:"sync"`
	Log      Log      `toml:"log"`
	Owner    Owner    `toml:"owner"`
	Metrics  Metrics  `toml:"metrics"`
	Passes   Passes   `toml:"passes"`
	// The door experience (door.go).
	Sound       Sound       `toml:"sound"`
	Venue       Venue       `toml:"venue"`
	ScreenSaver ScreenSaver `toml:"screensaver"`
	Scanner     Scanner     `toml:"scanner"`
	// Staff overrides (staff.go).
	Override Override `toml:"override"`

	// Path is the file the config came from ("" for defaults only).
	Path string `toml:"-"`
	// Enrolled: the device token (and what the file left out of the
	// identity) came from this kiosk's enrolment (EnrolmentFile).
	Enrolled bool `toml:"-"`
	// TokenFileMissing is upstream.token_file when that file does not
	// exist: no error for a kiosk enrolled by code, or blank.
	TokenFileMissing string `toml:"-"`
	// Notices are what Load changed or wants said about the file that is
	// not an error: an old value mapped to its new name. The kiosk logs
	// them at start and `doctor` shows them.
	Notices []*i18n.Error `toml:"-"`
	// Advice is what is worth a line in the log about a file that loads
	// and works, but perhaps not as its owner thinks; not said on stderr.
	Advice []string `toml:"-"`
}

// Device says who this kiosk is and how it behaves at its door.
type Device struct {
	ID       string `toml:"id"`
	Venue    string `toml:"venue"`
	Door     string `toml:"door"`
	Mode     string `toml:"mode"`
	Language string `toml:"language"`
}

// Upstream is where events go and statuses come from.
type Upstream struct {
	URL           string   `toml:"url"`
	Token         string   `toml:"token"`
	TokenFile     string   `toml:"token_file"`
	LookupTimeout Duration `toml:"lookup_timeout"`
	// CAFile is a PEM file of the CA certificates an https upstream must
	// chain to (instead of the system's); AllowPlainHTTP permits http:// to
	// a host that is not this machine.
	CAFile         string `toml:"ca_file"`
	AllowPlainHTTP bool   `toml:"allow_plain_http"`
}

// Storage is the outbox on this device.
type Storage struct {
	DataDir   string   `toml:"data_dir"`
	MaxMB     int64    `toml:"max_mb"`
	Retention Duration `toml:"retention"`
	CacheTTL  Duration `toml:"cache_ttl"`
	CacheMax  int      `toml:"cache_max"`
}

// Display tunes the screens.
type Display struct {
	ResultFor Duration `toml:"result_for"`
	// Identity shows the birth date and sex the IIN holds on the result
	// screen, for staff to compare with an ID card; never in --headless
	// output or the log.
	Identity bool `toml:"identity"`
}

// Offline decides what happens to a person nobody could check (the
// upstream unreachable or refusing the token, nothing cached, no valid
// pass): "ask" (refuse unless staff let them in), "refuse", or "admit"
// (let in, recorded as unchecked). No policy gives them a colour.
type Offline struct {
	Policy string `toml:"policy"`
}

// Camera selects the USB camera.
type Camera struct {
	Device   string   `toml:"device"`
	Width    int      `toml:"width"`
	Height   int      `toml:"height"`
	FPS      int      `toml:"fps"`
	Format   string   `toml:"format"`
	Cooldown Duration `toml:"cooldown"`
	// DecodeBudget is what one frame may cost the decoder (camera.go).
	DecodeBudget AutoDuration `toml:"decode_budget"`
}

// Sync tunes the background sender.
type Sync struct {
	BatchSize  int      `toml:"batch_size"`
	BatchWait  Duration `toml:"batch_wait"`
	MaxBackoff Duration `toml:"max_backoff"`
	PollEvery  Duration `toml:"poll_every"`
	// CheckInEvery is how often the kiosk reports itself upstream and
	// picks up the settings its venue's owner changed there.
	CheckInEvery Duration `toml:"checkin_every"`
}

// Passes tunes the offline check of signed passes (docs/pass-format.md).
type Passes struct {
	// ClockTolerance is how far a phone's clock and the kiosk's may
	// disagree: a proof made at P is accepted from P-tolerance until
	// P+30s+tolerance.
	ClockTolerance Duration `toml:"clock_tolerance"`
	MaxKeyAge      Duration `toml:"max_key_age"`   // keys older than this: a pass's colour is not trusted offline
	RefreshEvery   Duration `toml:"refresh_every"` // how often keys and deny list are fetched while online
	// RequireVenue, when set, overrides the venue's setting upstream:
	// true refuses a proof that names no venue, false accepts one.
	RequireVenue *bool `toml:"require_venue"`
	// MaxDenied is how many revoked passes the kiosk holds (about 60 bytes
	// of memory and 25 of disk each). A longer deny list is not cut short:
	// passes are then not trusted offline, and the screen and doctor say so.
	MaxDenied int `toml:"max_denied"`
}

// Log says where logs go while the TUI owns the terminal.
type Log struct {
	File  string `toml:"file"`
	Level string `toml:"level"`
	// MaxMB rotates the file at this size, keeping one older copy.
	MaxMB int64 `toml:"max_mb"`
}

// Owner guards the owner menu, where a running kiosk is switched between
// entrance and exit and its language changed.
type Owner struct {
	// PIN opens the owner menu: 4 to 8 digits. Empty disables the menu.
	PIN string `toml:"pin"`
}

// String never shows the PIN, so printing a Config (%+v) cannot leak it.
func (o Owner) String() string {
	if o.PIN == "" {
		return "{pin:off}"
	}
	return "{pin:set}"
}

// Scanner selects the hardware barcode scanners the kiosk reads itself. A
// keyboard-wedge scanner left out of it still works through the terminal.
type Scanner struct {
	// HID lists USB keyboard-wedge scanners to grab (exclusive evdev
	// access: their keys never reach the console): paths or glob patterns
	// under /dev/input/, or "auto" for every /dev/input/by-id/*-event-kbd
	// named like a barcode scanner. Empty: none.
	HID []string `toml:"hid"`
	// Layout is the keyboard layout the HID scanners are set to type for.
	Layout string `toml:"layout"`
	// Serial lists serial or USB CDC-ACM scanners: paths or patterns under
	// /dev/ (/dev/ttyACM0, /dev/serial/by-id/...). Empty: none.
	Serial []string `toml:"serial"`
	// SerialSpeed is the line speed in baud.
	SerialSpeed int `toml:"serial_speed"`
	// SerialTerminator ends a code on the serial line.
	SerialTerminator string `toml:"serial_terminator"`
}

// Duration is a time.Duration written as a string ("4s", "1h30m"). A bare
// number is refused: "result_for = 4" would otherwise mean four nanoseconds.
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return i18n.Errorf(i18n.CfgNotDuration, strconv.Quote(string(b)))
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration back as a string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Allowed values, also used in error messages.
var (
	Modes     = []string{"entrance", "exit"}
	Languages = i18n.Supported() // every language with a catalog
	Policies  = []string{"ask", "refuse", "admit"}
	Formats   = []string{"mjpeg", "yuyv"}
	LogLevels = []string{"debug", "info", "warn", "error"}
)

// EnvVar is an environment variable that overrides a config key.
type EnvVar struct {
	Name, Key string
	set       func(*Config, string)
}

// EnvVars are the environment overrides, in the order --help lists them.
var EnvVars = []EnvVar{
	{"ASHYQ_UPSTREAM_URL", "upstream.url", func(c *Config, v string) { c.Upstream.URL = v }},
	{"ASHYQ_UPSTREAM_TOKEN", "upstream.token", func(c *Config, v string) { c.Upstream.Token = v }},
	{"ASHYQ_DATA_DIR", "storage.data_dir", func(c *Config, v string) { c.Storage.DataDir = v }},
	{"ASHYQ_DEVICE_MODE", "device.mode", func(c *Config, v string) { c.Device.Mode = v }},
	{"ASHYQ_LANGUAGE", "device.language", func(c *Config, v string) { c.Device.Language = v }},
	{"ASHYQ_OWNER_PIN", "owner.pin", func(c *Config, v string) { c.Owner.PIN = v }},
	{"ASHYQ_METRICS_LISTEN", "metrics.listen", func(c *Config, v string) { c.Metrics.Listen = v }},
}

// DefaultResultFor is how long a result stays on screen when display.result_for
// is not set: the one default, which the TUI uses too.
const DefaultResultFor = 4 * time.Second

// Default returns the configuration used for every key the file leaves out.
func Default() Config {
	c := Config{
		Device:   Device{Door: "main", Mode: "entrance", Language: "en"},
		Upstream: Upstream{LookupTimeout: Duration{1500 * time.Millisecond}},
		Storage: Storage{
			DataDir:   "/var/lib/ashyq-kiosk",
			MaxMB:     512,
			Retention: Duration{7 * 24 * time.Hour},
			CacheTTL:  Duration{24 * time.Hour},
			CacheMax:  100000,
		},
		Display: Display{ResultFor: Duration{DefaultResultFor}, Identity: true},
		Offline: Offline{Policy: "ask"},
		Camera: Camera{Device: "auto", Width: 640, Height: 480, FPS: 15, Format: "mjpeg",
			Cooldown: Duration{3 * time.Second}},
		Sync: Sync{BatchSize: 500, BatchWait: Duration{200 * time.Millisecond},
			MaxBackoff: Duration{60 * time.Second}, PollEvery: Duration{10 * time.Second},
			CheckInEvery: Duration{30 * time.Second}},
		Log: Log{File: "ashyq-kiosk.log", Level: "info", MaxMB: 10},
		Passes: Passes{ClockTolerance: Duration{pass.DefaultTolerance}, MaxKeyAge: Duration{72 * time.Hour},
			RefreshEvery: Duration{5 * time.Minute}, MaxDenied: trust.DefaultMaxDenied},
		Scanner: Scanner{Layout: "us", SerialSpeed: 9600, SerialTerminator: "cr"},
	}
	defaultDoor(&c)
	return c
}

// Load reads path over the defaults, applies ASHYQ_* environment overrides
// (env is os.Environ() form; nil means none), reads the token file, and
// validates. Every error names the file and, where there is one, the key.
func Load(path string, env []string) (Config, error) {
	cfg := Default()
	cfg.Path = path
	md, err := toml.DecodeFile(path, &cfg)
	if err != nil {
		return Config{}, decodeError(path, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = k.String()
		}
		return Config{}, i18n.Errorf(i18n.CfgUnknownKey, path, strings.Join(names, ", "))
	}
	cfg.ApplyEnv(env)
	cfg.migrate()
	if err := cfg.readTokenFile(); err != nil {
		return Config{}, i18n.Errorf(i18n.CfgAt, path, err)
	}
	if err := cfg.applyEnrolment(definedKeys(md, env)); err != nil {
		return Config{}, i18n.Errorf(i18n.CfgAt, path, err)
	}
	if cfg.Upstream.Token == "" && cfg.TokenFileMissing != "" && !cfg.Blank() {
		return Config{}, i18n.Errorf(i18n.CfgTokenMissing, path, cfg.TokenFileMissing)
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, prefixLines(path, err)
	}
	cfg.advise()
	return cfg, nil
}

// ApplyEnv applies the ASHYQ_* overrides found in env (os.Environ() form).
func (c *Config) ApplyEnv(env []string) {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			for _, e := range EnvVars {
				if e.Name == k {
					e.set(c, v)
				}
			}
		}
	}
}

func (c *Config) readTokenFile() error {
	if c.Upstream.TokenFile == "" {
		return nil
	}
	if c.Upstream.Token != "" {
		return i18n.Errorf(i18n.CfgTokenBoth)
	}
	b, err := os.ReadFile(c.Upstream.TokenFile)
	if errors.Is(err, fs.ErrNotExist) {
		c.TokenFileMissing = c.Upstream.TokenFile
		return nil
	}
	if err != nil {
		return i18n.Errorf(i18n.CfgTokenRead, err)
	}
	c.Upstream.Token = strings.TrimSpace(string(b))
	return nil
}

// prefixLines puts the file name before every problem of a joined error, so
// each line of the message stands on its own.
func prefixLines(path string, err error) error {
	return &FileError{Path: path, Err: err}
}

// FileError is a configuration problem in a named file: each line of Err
// (errors.Join's) said after the file's name.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.In(i18n.For(string(i18n.English))) }

// In says e in c's language.
func (e *FileError) In(c i18n.Catalog) string {
	lines := strings.Split(i18n.Say(c, e.Err), "\n")
	for i, l := range lines {
		lines[i] = c.F(i18n.CfgAt, e.Path, l)
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the underlying validation error.
func (e *FileError) Unwrap() error { return e.Err }

// PeekLanguage is the device.language of the file at path, for what is said
// about a file that does not load: "" when the file cannot be decoded that
// far or names no language the kiosk speaks.
func PeekLanguage(path string) string {
	var f struct {
		Device struct {
			Language string `toml:"language"`
		} `toml:"device"`
	}
	if _, err := toml.DecodeFile(path, &f); err != nil || !i18n.IsSupported(f.Device.Language) {
		return ""
	}
	return f.Device.Language
}
