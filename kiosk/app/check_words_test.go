package app

import (
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/server"
)

// englishRun is two Latin words in a row: a sentence, or a piece of one.
var englishRun = regexp.MustCompile(`[A-Za-z]{2,}[ ,:()-]+[A-Za-z]{2,}`)

// TestCheckSpeaksTheKiosksLanguage: `check` prints its JSON line for
// scripts and, on stderr, what the screen would say, in the configured
// language: a welcome and a refused code in Kazakh, with no English.
func TestCheckSpeaksTheKiosksLanguage(t *testing.T) {
	demo, err := StartDemo(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { demo.Close() })
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "data"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "kiosk.toml")
	if err := os.WriteFile(cfg, []byte(`[device]
id = "door-1"
venue = "`+server.DemoVenue+`"
language = "kk"
[upstream]
url = "`+demo.URL+`"
token = "`+server.DemoToken+`"
[storage]
data_dir = "`+filepath.Join(dir, "data")+`"
`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		payload, verdict string
		code             int
		words            []string
	}{
		{"900101300017", `"verdict":"welcome"`, exitOK, []string{"ҚОШ КЕЛДІҢІЗ", "ЖАСЫЛ", "Тексеру ештеңе тіркемейді."}},
		{"900101300018", `"verdict":"invalid"`, exitFailure, []string{"КОД ҚАБЫЛДАНБАДЫ", "Бақылау цифры сәйкес келмейді"}},
	} {
		code, out, errOut := runMain("check", "--config", cfg, c.payload)
		if code != c.code || !strings.Contains(out, c.verdict) {
			t.Errorf("%s: exit %d, stdout %s", c.payload, code, out)
		}
		for _, w := range c.words {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", c.payload, w, errOut)
			}
		}
		// A notice starts with the program's name, "ashyq-kiosk check: ".
		if run := englishRun.FindString(strings.ReplaceAll(errOut, "ashyq-kiosk check: ", "")); run != "" {
			t.Errorf("%s: English %q on stderr:\n%s", c.payload, run, errOut)
		}
	}
}

// TestDecodeSpeaksTheLocalesLanguage: decode reads no config, so the
// locale names its language: an image without a code is said in Russian.
func TestDecodeSpeaksTheLocalesLanguage(t *testing.T) {
	for _, k := range []string{"ASHYQ_LANGUAGE", "LC_ALL", "LC_MESSAGES"} {
		t.Setenv(k, "")
	}
	t.Setenv("LANG", "ru_RU.UTF-8")
	blank := filepath.Join(t.TempDir(), "blank.png")
	f, err := os.Create(blank)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 64, 64))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, out, errOut := runMain("decode", blank)
	if code != exitFailure || out != "" || !strings.Contains(errOut, "QR-код не найден") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, _, errOut := runMain("decode"); !strings.Contains(errOut, "не указано ни одного изображения") {
		t.Errorf("no file given: %q", errOut)
	}
}

// TestEnrolSpeaksTheKiosksLanguage: `ashyq-kiosk enrol` with a code the
// upstream does not know says so as the blank kiosk's screen would, in
// Russian, before the cause for the log.
func TestEnrolSpeaksTheKiosksLanguage(t *testing.T) {
	demo, err := StartDemo(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { demo.Close() })
	dir := t.TempDir()
	cfg := filepath.Join(dir, "kiosk.toml")
	if err := os.WriteFile(cfg, []byte(`[device]
language = "ru"
[upstream]
url = "`+demo.URL+`"
[storage]
data_dir = "`+filepath.Join(dir, "data")+`"
`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runMain("enrol", "--config", cfg, "ABCD2345EFGH")
	first, _, _ := strings.Cut(errOut, "\n")
	if code != exitFailure || out != "" || !strings.Contains(first, "Такого кода нет") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
