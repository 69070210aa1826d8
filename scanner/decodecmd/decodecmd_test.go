package decodecmd_test

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/scanner/decodecmd"
	"github.com/ashyq/kiosk/scanner/qrgen"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// writeFrame writes a seeded 320x240 PNG (no code when payload is "").
func writeFrame(t *testing.T, dir, name, payload string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, qrgen.MustFrame(qrgen.Spec{Payload: payload, Width: 320, Height: 240, Seed: 7})); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := decodecmd.Run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExitCodesAndOrder(t *testing.T) {
	dir := t.TempDir()
	a := writeFrame(t, dir, "a.png", qrgen.DemoIIN)
	b := writeFrame(t, dir, "b.png", "https://ashyq.example/p/second")
	empty := writeFrame(t, dir, "empty.png", "")
	missing := filepath.Join(dir, "missing.png")

	code, out, errOut := run("--reveal", a, b)
	if code != decodecmd.ExitOK || errOut != "" {
		t.Fatalf("two codes: exit %d, stderr %q", code, errOut)
	}
	want := a + "\t" + qrgen.DemoIIN + "\n" + b + "\thttps://ashyq.example/p/second\n"
	if out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}

	code, out, errOut = run("--reveal", b, empty, missing, a)
	if code != decodecmd.ExitMissing {
		t.Errorf("with a file lacking a code: exit %d, want %d", code, decodecmd.ExitMissing)
	}
	if want := b + "\thttps://ashyq.example/p/second\n" + a + "\t" + qrgen.DemoIIN + "\n"; out != want {
		t.Errorf("stdout %q, want %q (argument order)", out, want)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "empty.png: no QR code found") ||
		!strings.Contains(lines[1], "missing.png") || !strings.Contains(lines[1], "no such file") {
		t.Errorf("stderr %q, want one line for the empty file then one for the missing one", errOut)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"--json"}, {"--bogus", "x.png"}} {
		code, out, errOut := run(args...)
		if code != decodecmd.ExitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, decodecmd.ExitUsage)
		}
		if out != "" || !strings.Contains(errOut, "usage: ashyq-kiosk decode") {
			t.Errorf("%q: stdout %q stderr %q, want usage on stderr only", args, out, errOut)
		}
	}
}

func TestJSONLines(t *testing.T) {
	dir := t.TempDir()
	a := writeFrame(t, dir, "a.png", qrgen.DemoIIN)
	code, out, _ := run("--json", "--reveal", a)
	if code != decodecmd.ExitOK {
		t.Fatalf("exit %d", code)
	}
	var line struct {
		File, Payload, Attempt string
		MS                     float64
	}
	if err := json.Unmarshal([]byte(out), &line); err != nil {
		t.Fatalf("stdout %q is not one JSON object: %v", out, err)
	}
	if line.File != a || line.Payload != qrgen.DemoIIN || line.Attempt == "" || line.MS <= 0 {
		t.Errorf("got %+v", line)
	}
}

// TestEscapeSequencesNeverReachTheTerminal: a code carrying ESC and other
// control characters must come out escaped in both output modes.
func TestEscapeSequencesNeverReachTheTerminal(t *testing.T) {
	dir := t.TempDir()
	evil := "\x1b]0;owned\x07\x1b[2Jgreen"
	p := writeFrame(t, dir, "evil.png", evil)
	code, out, _ := run(p)
	if code != decodecmd.ExitOK {
		t.Fatalf("exit %d", code)
	}
	if strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, `\x1b]0;owned\x07\x1b[2Jgreen`) {
		t.Errorf("text output %q is not escaped", out)
	}
	code, out, _ = run("--json", p)
	if code != decodecmd.ExitOK || strings.ContainsAny(out, "\x1b\x07") {
		t.Fatalf("json output %q (exit %d) carries raw control characters", out, code)
	}
	var line struct{ Payload string }
	if err := json.Unmarshal([]byte(out), &line); err != nil || line.Payload != evil {
		t.Errorf("json payload %q (err %v), want the exact payload back", line.Payload, err)
	}
}

func TestIINMaskedUnlessRevealed(t *testing.T) {
	a := writeFrame(t, t.TempDir(), "a.png", qrgen.DemoIIN)
	for _, args := range [][]string{{a}, {"--json", a}} {
		code, out, _ := run(args...)
		if code != decodecmd.ExitOK || strings.Contains(out, qrgen.DemoIIN) || !strings.Contains(out, "••••••••0017") {
			t.Errorf("decode %v: exit %d, output %q: want the IIN masked", args, code, out)
		}
	}
}

// TestFrameRunsTheCameraPath: --frame reads camera-like photos (rendered
// by qrencode and ImageMagick, see scanner/qrdecode/testdata/camera: dark
// mode, a small code, uneven light) within its ten frames and says which
// frame did, and refuses an image larger than a camera frame. The budget is
// the default, counted by qrdecode's model meter (export_test.go), so the
// outcome depends neither on the machine nor on its load nor on -race.
func TestFrameRunsTheCameraPath(t *testing.T) {
	const dir = "../qrdecode/testdata/camera"
	want := map[string]string{}
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(manifest)), "\n") {
		f := strings.Split(line, "\t")
		want[f[0]] = f[2]
	}
	for _, name := range []string{"dark-01.jpg", "small-02.jpg", "uneven-03.jpg"} {
		p := filepath.Join(dir, name)
		code, out, errOut := run("--json", "--frame", p)
		if code != decodecmd.ExitOK {
			t.Fatalf("%s: exit %d, stderr %q", name, code, errOut)
		}
		var line struct {
			File, Payload, Attempt string
			Frame                  int
		}
		if err := json.Unmarshal([]byte(out), &line); err != nil {
			t.Fatalf("%s: stdout %q: %v", name, out, err)
		}
		if line.Payload != want[name] || line.Frame < 1 || line.Frame > 10 || line.Attempt == "" {
			t.Errorf("%s: got %+v, want payload %q read in frame 1-10", name, line, want[name])
		}
	}

	big := filepath.Join(t.TempDir(), "photo.png")
	var buf bytes.Buffer
	if err := png.Encode(&buf, qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Width: 2000, Height: 1200, Seed: 3})); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run("--frame", big)
	if code != decodecmd.ExitMissing || out != "" || !strings.Contains(errOut, "2000x1200: larger than a camera frame") {
		t.Errorf("2000x1200 with --frame: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, out, _ := run("--reveal", big); code != decodecmd.ExitOK || !strings.Contains(out, qrgen.DemoIIN) {
		t.Errorf("2000x1200 without --frame: exit %d, stdout %q; the file path must still read it", code, out)
	}
}

// TestBudgetIsChecked: --budget takes "auto" or 1ms to 100ms, and says
// what is wrong with anything else.
func TestBudgetIsChecked(t *testing.T) {
	a := writeFrame(t, t.TempDir(), "a.png", qrgen.DemoIIN)
	for _, b := range []string{"auto", "1ms", "100ms"} {
		// Accepted: the file is decoded (a 1 ms budget may read nothing
		// under -race, so only a usage error is wrong here).
		if code, _, errOut := run("--frame", "--budget", b, a); code == decodecmd.ExitUsage {
			t.Errorf("--budget %s: exit %d, stderr %q", b, code, errOut)
		}
	}
	for b, want := range map[string]string{
		"fast":  `"fast" is not "auto" or a duration`,
		"20":    `"20" is not "auto" or a duration`,
		"500us": "500µs is out of range",
		"1s":    "1s is out of range",
	} {
		code, _, errOut := run("--frame", "--budget", b, a)
		if code != decodecmd.ExitUsage || !strings.Contains(errOut, "--budget: "+want) {
			t.Errorf("--budget %s: exit %d, stderr %q; want usage error %q", b, code, errOut, want)
		}
	}
}

// TestEscapesFormNoIIN: a control character's escape, in either output
// mode, does not join its hex digits to the digits after it. "\x01" then
// eleven digits is written \x01 (text) or \u0001 (JSON), and both read
// 100101300000, a valid IIN, unless the masking comes after the escaping.
func TestEscapesFormNoIIN(t *testing.T) {
	dir := t.TempDir()
	p := writeFrame(t, dir, "ctl.png", "\x01"+"00101300000")
	for _, args := range [][]string{{p}, {"--json", p}} {
		code, out, _ := run(args...)
		if code != decodecmd.ExitOK {
			t.Fatalf("%v: exit %d", args, code)
		}
		if found := iin.FindValid(out); found != "" {
			t.Errorf("%v: output shows IIN %s: %q", args, iin.Mask(found), out)
		}
	}
}
