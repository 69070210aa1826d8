package doctor_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/ashyq/kiosk/kiosk/app"
	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/doctor"
	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/scanner/camera/cameratest"
)

// rig is a kiosk config against the real reference upstream on loopback,
// with an empty device directory (no camera, no scanner, no serial port)
// and the console font the installation sets.
type rig struct {
	opts doctor.Options
	dev  string
}

func newRig(t *testing.T) *rig {
	t.Helper()
	demo, err := app.StartDemo(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { demo.Close() })
	dir := t.TempDir()
	cfg := app.DemoConfig(demo.URL, filepath.Join(dir, "data"))
	cfg.Device.Language = "kk"
	cfg.Storage.MaxMB = 1
	cfg.Sound.Device = "null" // tests make no noise; TestSound plays into a file
	setup := filepath.Join(dir, "console-setup")
	writeFile(t, setup, "# CONFIGURATION FILE FOR SETUPCON\nCHARMAP=\"UTF-8\"\nCODESET=\"CyrAsia\"\nFONTFACE=\"TerminusBold\"\nFONTSIZE=\"16\"\n")
	dev := filepath.Join(dir, "dev")
	if err := os.MkdirAll(dev, 0o755); err != nil {
		t.Fatal(err)
	}
	return &rig{dev: dev, opts: doctor.Options{Config: cfg, Dev: dev, ConsoleSetup: setup,
		KioskDefault: filepath.Join(dir, "no-package-default"),
		CameraWindow: 300 * time.Millisecond, User: "ashyq-kiosk"}}
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// find returns the checks of an area whose item contains item.
func find(r doctor.Report, area, item string) []doctor.Check {
	var out []doctor.Check
	for _, c := range r.Checks {
		if c.Area == area && strings.Contains(c.Item, item) {
			out = append(out, c)
		}
	}
	return out
}

func one(t *testing.T, r doctor.Report, area, item string) doctor.Check {
	t.Helper()
	cs := find(r, area, item)
	if len(cs) != 1 {
		t.Fatalf("%d %s checks for %q in %+v", len(cs), area, item, r.Checks)
	}
	return cs[0]
}

func text(r doctor.Report) string {
	var b bytes.Buffer
	r.WriteText(&b)
	return b.String()
}

// TestNoHardwareGivesTheRightAdvice: no camera, no scanner, no serial port,
// with all three configured: each says what to do; the rest is OK.
func TestNoHardwareGivesTheRightAdvice(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Scanner.HID = []string{"auto"}
	r.opts.Config.Scanner.Serial = []string{filepath.Join(r.dev, "ttyACM0")}
	rep := doctor.Run(context.Background(), r.opts)
	t.Log("\n" + text(rep))
	if rep.OK {
		t.Fatal("report OK without the configured camera and scanners")
	}
	cam := one(t, rep, "camera", "auto")
	if cam.OK || !cam.Selected {
		t.Errorf("camera: %+v", cam)
	}
	if camera.Supported() && !strings.Contains(cam.Fix, "plug in a USB camera") {
		t.Errorf("camera advice %q", cam.Fix)
	}
	if in := one(t, rep, "input", ""); in.OK || !strings.Contains(in.Fix, "plug the scanner in") {
		t.Errorf("input: %+v", in)
	}
	if se := one(t, rep, "serial", "ttyACM0"); se.OK || !strings.Contains(se.Detail, "matches no port") {
		t.Errorf("serial: %+v", se)
	}
	for _, c := range append(find(rep, "upstream", ""), append(find(rep, "clock", ""), append(find(rep, "storage", ""), find(rep, "font", "")...)...)...) {
		if !c.OK {
			t.Errorf("%s %s: %s (%s)", c.Area, c.Item, c.Detail, c.Fix)
		}
	}
	if tok := one(t, rep, "upstream", "token"); !strings.Contains(tok.Detail, "accepted") {
		t.Errorf("token: %+v", tok)
	}
	for _, c := range rep.Checks {
		if !c.OK && c.Fix == "" {
			t.Errorf("%s %s fails without saying what to do", c.Area, c.Item)
		}
	}
}

func TestNothingConfiguredNothingMissing(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Camera.Device = "off"
	rep := doctor.Run(context.Background(), r.opts)
	if !rep.OK {
		t.Fatalf("a kiosk with camera off and no scanners configured fails:\n%s", text(rep))
	}
	if !strings.HasSuffix(text(rep), "All checks passed.\n") {
		t.Errorf("text report:\n%s", text(rep))
	}
}

func TestWrongToken(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Camera.Device = "off"
	r.opts.Config.Upstream.Token = "not-the-token"
	rep := doctor.Run(context.Background(), r.opts)
	tok := one(t, rep, "upstream", "token")
	if tok.OK || !strings.Contains(tok.Detail, "not accepted for venue") || !strings.Contains(tok.Fix, "upstream.token") {
		t.Fatalf("token check %+v", tok)
	}
	if rep.OK {
		t.Fatal("report OK with a refused token")
	}
}

func TestUpstreamDown(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Camera.Device = "off"
	r.opts.Config.Upstream.URL = "http://127.0.0.1:1" // nothing listens on port 1
	rep := doctor.Run(context.Background(), r.opts)
	up := one(t, rep, "upstream", "127.0.0.1:1")
	if up.OK || !strings.Contains(up.Detail, "does not answer") || !strings.Contains(up.Fix, "upstream.url") {
		t.Fatalf("upstream check %+v", up)
	}
}

func TestClockSkew(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Camera.Device = "off"
	r.opts.Now = func() time.Time { return time.Now().Add(-2 * time.Minute) } // the device clock is behind
	rep := doctor.Run(context.Background(), r.opts)
	c := one(t, rep, "clock", "")
	// The skew is measured against the request's midpoint: under load it
	// comes out a few milliseconds off (1m59.999s once), never seconds.
	skew, err := time.ParseDuration(strings.Fields(c.Detail)[0])
	if err != nil || skew < 2*time.Minute-5*time.Second || skew > 2*time.Minute+5*time.Second {
		t.Errorf("skew %q (%v), want about 2m", c.Detail, err)
	}
	if c.OK || !strings.Contains(c.Detail, "behind") || !strings.Contains(c.Fix, "timedatectl") {
		t.Fatalf("clock check %+v", c)
	}
}

// TestCameraFrameRate measures a camera through the kiosk's real capture
// pipeline (the test driver stands in for the USB camera).
func TestCameraFrameRate(t *testing.T) {
	drv := cameratest.Register(t, cameratest.Options{FPS: 30})
	r := newRig(t)
	r.opts.Config.Camera.Device = drv.Label()
	r.opts.Config.Camera.FPS = 15
	r.opts.CameraWindow = time.Second
	rep := doctor.Run(context.Background(), r.opts)
	c := one(t, rep, "camera", drv.Label())
	if !c.OK || !strings.Contains(c.Detail, "gives frames") {
		t.Fatalf("camera at 30 fps: %+v", c)
	}

	slow := cameratest.Register(t, cameratest.Options{FPS: 4})
	r.opts.Config.Camera.Device = slow.Label()
	r.opts.Config.Camera.FPS = 30
	rep = doctor.Run(context.Background(), r.opts)
	if c := one(t, rep, "camera", slow.Label()); c.OK || !strings.Contains(c.Fix, "too slow") {
		t.Fatalf("camera at 4 fps asked for 30: %+v", c)
	}
}

func TestDevicesSeenAndSelected(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Camera.Device = "off"
	// A barcode scanner and a keyboard on the input bus, as udev names them.
	writeFile(t, filepath.Join(r.dev, "input", "event3"), "")
	writeFile(t, filepath.Join(r.dev, "input", "event4"), "")
	os.MkdirAll(filepath.Join(r.dev, "input", "by-id"), 0o755)
	os.Symlink("../event3", filepath.Join(r.dev, "input", "by-id", "usb-Honeywell_Imaging_Scanner_1900-event-kbd"))
	os.Symlink("../event4", filepath.Join(r.dev, "input", "by-id", "usb-Logitech_USB_Keyboard-event-kbd"))
	// A serial scanner on a pseudo-terminal.
	m, s, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	defer s.Close()
	r.opts.Config.Scanner.Serial = []string{s.Name()}

	rep := doctor.Run(context.Background(), r.opts)
	sc := one(t, rep, "input", "event3")
	if !sc.OK || sc.Selected || !strings.Contains(sc.Detail, "add") || !strings.Contains(sc.Detail, "usb-Honeywell_Imaging_Scanner_1900-event-kbd") {
		t.Errorf("unconfigured scanner: %+v", sc)
	}
	if kb := one(t, rep, "input", "event4"); !kb.OK || kb.Selected || !strings.Contains(kb.Detail, "left alone") {
		t.Errorf("keyboard: %+v", kb)
	}
	if se := one(t, rep, "serial", s.Name()); !se.OK || !se.Selected || !strings.Contains(se.Detail, "9600 baud") {
		t.Errorf("serial: %+v", se)
	}

	r.opts.Config.Scanner.HID = []string{"auto"}
	rep = doctor.Run(context.Background(), r.opts)
	if sc := one(t, rep, "input", "event3"); !sc.OK || !sc.Selected || !strings.Contains(sc.Detail, "grabbed") {
		t.Errorf("auto-selected scanner: %+v", sc)
	}
	if sc := one(t, rep, "input", "event3"); !strings.Contains(sc.Detail, `auto takes it: its name "usb-Honeywell_Imaging_Scanner_1900-event-kbd" contains "scanner"`) {
		t.Errorf("auto does not say why it took the scanner: %+v", sc)
	}
	kb := one(t, rep, "input", "event4")
	if kb.Selected {
		t.Errorf("auto grabbed the keyboard: %+v", kb)
	}
	// Why auto left it alone, and what to do if it is a scanner after all.
	for _, want := range []string{"auto does not take it", "no scanner word", "usb-Logitech_USB_Keyboard-event-kbd", "71-ashyq-local.rules", `GROUP="ashyq-scanner"`} {
		if !strings.Contains(kb.Detail, want) {
			t.Errorf("keyboard under auto: %q lacks %q", kb.Detail, want)
		}
	}
}

func TestStorageAdvice(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Camera.Device = "off"
	dir := r.opts.Config.Storage.DataDir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	r.opts.Config.Storage.MaxMB = config.Default().Storage.MaxMB << 20 // far more than any test disk
	rep := doctor.Run(context.Background(), r.opts)
	var perm, free doctor.Check
	for _, c := range find(rep, "storage", dir) {
		switch {
		case strings.HasPrefix(c.Detail, "mode"):
			perm = c
		case strings.Contains(c.Detail, "free"):
			free = c
		}
	}
	if perm.OK || perm.Fix != "chmod 700 "+dir {
		t.Errorf("permissions: %+v", perm)
	}
	if free.OK || !strings.Contains(free.Fix, "storage.max_mb") {
		t.Errorf("free space: %+v", free)
	}
}

// TestFontWithoutKazakh: Debian's default Latin console font cannot show
// the Kazakh screens, and doctor says which font to set.
func TestFontWithoutKazakh(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Camera.Device = "off"
	writeFile(t, r.opts.ConsoleSetup, "CODESET=\"Lat15\"\nFONTFACE=\"Fixed\"\nFONTSIZE=\"8x16\"\n")
	rep := doctor.Run(context.Background(), r.opts)
	f := one(t, rep, "font", "Lat15-Fixed16")
	if f.OK || !strings.Contains(f.Detail, "kk screens") || !strings.Contains(f.Fix, "CyrAsia") {
		t.Fatalf("font check %+v", f)
	}
	r.opts.Config.Device.Language = "en"
	if f := one(t, doctor.Run(context.Background(), r.opts), "font", "Lat15"); !f.OK {
		t.Errorf("Lat15 for English: %+v", f)
	}
	writeFile(t, r.opts.ConsoleSetup, "CODESET=\"guess\"\n")
	if f := one(t, doctor.Run(context.Background(), r.opts), "font", "console-setup"); f.OK || !strings.Contains(f.Fix, "setupcon") {
		t.Errorf("CODESET=guess: %+v", f)
	}
}

// TestPackagedFont: installed from the package, the kiosk's unit loads the
// FONT of /etc/default/ashyq-kiosk on its tty; console-setup's file need
// not exist (doctor used to fail a correct install for lacking it).
func TestPackagedFont(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Camera.Device = "off"
	r.opts.ConsoleSetup = filepath.Join(t.TempDir(), "missing-console-setup")
	r.opts.KioskDefault = filepath.Join(t.TempDir(), "ashyq-kiosk")
	pkg, err := os.ReadFile(filepath.Join("..", "..", "packaging", "kiosk", "default"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, r.opts.KioskDefault, string(pkg))
	rep := doctor.Run(context.Background(), r.opts)
	f := one(t, rep, "font", "CyrAsia-Terminus16")
	if !f.OK || !strings.Contains(f.Detail, r.opts.KioskDefault) {
		t.Fatalf("the package's own font (kk screens): %+v", f)
	}
	if !rep.OK {
		t.Errorf("a correct install fails:\n%s", text(rep))
	}

	writeFile(t, r.opts.KioskDefault, "# no FONT: the unit's script loads its default\n")
	if f := one(t, doctor.Run(context.Background(), r.opts), "font", doctor.PackagedFont); !f.OK {
		t.Errorf("the script's default font: %+v", f)
	}

	writeFile(t, r.opts.KioskDefault, "FONT=Lat15-Fixed16\n")
	f = one(t, doctor.Run(context.Background(), r.opts), "font", "Lat15-Fixed16")
	if f.OK || !strings.Contains(f.Detail, "kk screens") || !strings.Contains(f.Fix, "FONT=CyrAsia-Terminus16 in "+r.opts.KioskDefault) {
		t.Errorf("a Latin font for Kazakh: %+v", f)
	}

	os.Remove(r.opts.KioskDefault)
	f = one(t, doctor.Run(context.Background(), r.opts), "font", "")
	if f.OK || !strings.Contains(f.Fix, "ashyq-kiosk package") {
		t.Errorf("neither file: %+v", f)
	}
}

// TestCommandOnThisMachine runs `ashyq-kiosk doctor --json` as an installer
// would, on this machine's real /dev: the output is one JSON report, every
// failing line says what to do, and the exit status agrees with it.
func TestCommandOnThisMachine(t *testing.T) {
	r := newRig(t)
	cfg := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, cfg, `[device]
id = "door-1"
venue = "demo-cafe"
language = "ru"
[upstream]
url = "`+r.opts.Config.Upstream.URL+`"
token = "demo-token"
[storage]
data_dir = "`+r.opts.Config.Storage.DataDir+`"
[scanner]
hid = ["auto"]
`)
	var out, errOut bytes.Buffer
	code := app.Main([]string{"doctor", "--json", "--camera-window", "200ms", "--config", cfg},
		app.Stdio{Out: &out, Err: &errOut}, "test")
	var rep doctor.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output is not one JSON report: %v\n%s", err, out.String())
	}
	if (code == 0) != rep.OK || code > 1 {
		t.Fatalf("exit %d with report ok=%v (stderr %q)", code, rep.OK, errOut.String())
	}
	for _, c := range rep.Checks {
		if !c.OK && c.Fix == "" {
			t.Errorf("%s %s fails without advice", c.Area, c.Item)
		}
	}
	if tok := one(t, rep, "upstream", "token"); !tok.OK {
		t.Errorf("token against the demo upstream: %+v", tok)
	}
	if _, err := os.Stat("/dev/input"); os.IsNotExist(err) {
		// This machine (and CI's) has no input devices at all. The config
		// says language = "ru": so does doctor.
		if in := one(t, rep, "input", "/dev/input"); in.OK || !strings.Contains(in.Fix, "подключите сканер") {
			t.Errorf("input on a machine without /dev/input: %+v", in)
		}
	}
	if code := app.Main([]string{"doctor", "--bogus"}, app.Stdio{Out: &out, Err: &errOut}, "test"); code != 2 {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
}

// TestTextLines: a check about no item in particular reads "serial   no
// serial ports", not "serial  : no serial ports" with an empty name.
func TestTextLines(t *testing.T) {
	r := doctor.Report{Checks: []doctor.Check{
		{Area: "serial", OK: true, Detail: "no serial ports (none configured)"},
		{Area: "camera", Item: "/dev/video0", Selected: true, OK: true, Detail: "opens"},
		{Area: "storage", Item: "/var/lib/x", Detail: "mode 0755", Fix: "chmod 700 /var/lib/x"},
	}}
	want := "OK   serial   no serial ports (none configured)\n" +
		"OK   camera   /dev/video0 [selected]: opens\n" +
		"FAIL storage  /var/lib/x: mode 0755\n" +
		"     -> chmod 700 /var/lib/x\n" +
		"1 of 3 checks need attention.\n"
	if got := text(r); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestSound: the may-enter cue goes through the real aplay into ALSA's
// file plugin (an installer would hear it); a chosen card that cannot play
// fails with advice; on the default device the bell standing in is no
// failure but says so; a configured sound file that is no WAV fails.
func TestSound(t *testing.T) {
	aplay, err := exec.LookPath("aplay")
	if err != nil {
		t.Fatalf("aplay: %v (apt-get install alsa-utils; .ci/run installs it)", err)
	}
	r := newRig(t)
	out := filepath.Join(t.TempDir(), "heard.wav")
	r.opts.Config.Sound.Device = "file:'" + out + "',wav"
	r.opts.Aplay = aplay
	if c := one(t, doctor.Run(context.Background(), r.opts), "sound", "ALSA"); !c.OK || !strings.Contains(c.Detail, "played") {
		t.Errorf("aplay into a file: %+v", c)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() < 1000 {
		t.Errorf("nothing was played into the file: %v", err)
	}
	r.opts.Config.Sound.Device = "hw:CARD=NoSuchCard"
	if c := one(t, doctor.Run(context.Background(), r.opts), "sound", "NoSuchCard"); c.OK || !strings.Contains(c.Detail, "cannot play") ||
		!strings.Contains(c.Detail, "bell") || !strings.Contains(c.Fix, "sound.device") {
		t.Errorf("a card that is not there: %+v", c)
	}
	r.opts.Config.Sound.Device = "default"
	r.opts.Aplay = filepath.Join(t.TempDir(), "no-aplay-here")
	if c := one(t, doctor.Run(context.Background(), r.opts), "sound", "default"); !c.OK || !strings.Contains(c.Detail, "bell") {
		t.Errorf("default device, aplay failing: %+v", c)
	}
	notWAV := filepath.Join(t.TempDir(), "x.wav")
	writeFile(t, notWAV, "hello")
	r.opts.Config.Sound.Refused = notWAV
	if c := one(t, doctor.Run(context.Background(), r.opts), "sound", ""); c.OK || !strings.Contains(c.Detail, "not a WAV") {
		t.Errorf("a configured file that is no WAV: %+v", c)
	}
	r.opts.Config.Sound.Enabled = false
	if c := one(t, doctor.Run(context.Background(), r.opts), "sound", ""); !c.OK || !strings.Contains(c.Detail, "sound.enabled = false") {
		t.Errorf("sound off: %+v", c)
	}
}

// cyrillic finds a Cyrillic letter: a Russian or Kazakh word.
var cyrillic = regexp.MustCompile(`\p{Cyrillic}`)

// TestReportInRussianAndKazakh: an installer in Almaty reads doctor in the
// kiosk's language. With no hardware, a scanner and a serial port
// configured, an open data directory and a wrong token, every line's
// finding and advice is in Russian or Kazakh (the commands, paths and keys
// in them as typed), and so are the marks, areas and the summary.
func TestReportInRussianAndKazakh(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Scanner.HID = []string{"auto"}
	r.opts.Config.Scanner.Serial = []string{filepath.Join(r.dev, "ttyACM0")}
	r.opts.Config.Upstream.Token = "not-the-demo-token"
	if err := os.MkdirAll(r.opts.Config.Storage.DataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(r.opts.Config.Storage.DataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"ru", "kk"} {
		r.opts.Lang = lang
		rep := doctor.Run(context.Background(), r.opts)
		out := text(rep)
		t.Logf("%s:\n%s", lang, out)
		for _, c := range rep.Checks {
			if !cyrillic.MatchString(c.Detail) && c.Area != "config" {
				t.Errorf("%s %s %s: finding not translated: %q", lang, c.Area, c.Item, c.Detail)
			}
			if c.Fix != "" && !cyrillic.MatchString(c.Fix) && !strings.HasPrefix(c.Fix, "chmod ") {
				t.Errorf("%s %s %s: advice not translated: %q", lang, c.Area, c.Item, c.Fix)
			}
		}
		want := map[string][]string{
			"ru": {"СБОЙ", "камера", "хранилище", "Требуют внимания:", "токен устройства не принят"},
			"kk": {"АҚАУ", "камера", "жад", "Назар аудару керек:", "құрылғы токені"},
		}[lang]
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s report lacks %q", lang, w)
			}
		}
		for _, en := range []string{"FAIL", "need attention", "storage ", "not accepted", "plug the scanner in"} {
			if strings.Contains(out, en) {
				t.Errorf("%s report holds the English %q", lang, en)
			}
		}
	}
}

func TestLocaleLanguage(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want string
	}{
		{nil, "en"},
		{[]string{"LANG=ru_RU.UTF-8"}, "ru"},
		{[]string{"LANG=kk_KZ.UTF-8"}, "kk"},
		{[]string{"LANG=ru_RU.UTF-8", "LC_ALL=kk_KZ"}, "kk"},
		{[]string{"LANG=ru_RU.UTF-8", "LC_MESSAGES=C.UTF-8"}, "en"},
		{[]string{"LANG=de_DE.UTF-8"}, "en"},
		{[]string{"LANG=C"}, "en"},
		{[]string{"LANG=ru_RU.UTF-8", "ASHYQ_LANGUAGE=kk"}, "kk"},
	} {
		if got := app.LocaleLanguage(c.env); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
}
