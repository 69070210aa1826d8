package i18n_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui/consolefont"
)

// tuiGlyphs are drawn by kiosk/tui besides the catalogs' texts: the block
// font's ink, the masked IIN's dots, the idle screen's marks and the owner
// menu's rounded border. (Every golden screen is checked in full by
// kiosk/tui's TestScreensInConsoleFont.)
const tuiGlyphs = "█•·●╭╮╰╯─│▶◀▸"

// packagedFont is the console font named in packaging/kiosk/default, which
// the package's console-setup applies.
func packagedFont(t *testing.T) string {
	t.Helper()
	def, err := os.ReadFile(filepath.Join("..", "..", "packaging", "kiosk", "default"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(def), "\n") {
		if v, ok := strings.CutPrefix(line, "FONT="); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatal("packaging/kiosk/default names no FONT")
	return ""
}

// TestPackagedConsoleFontCoversEveryText: the package sets the Linux console
// font; a text the font lacks shows as a box on the door's screen. Every
// letter of every catalog, Kazakh's ә ғ қ ң ө ұ ү һ і included, every
// counted message's forms, and the TUI's marks must be in it.
func TestPackagedConsoleFontCoversEveryText(t *testing.T) {
	name := packagedFont(t)
	font, err := consolefont.Load(name)
	if err != nil {
		t.Fatalf("%v (the font comes from Debian's console-setup-linux, which .ci/run installs)", err)
	}
	check := func(where, s string) {
		if m := font.Missing(s); len(m) > 0 {
			t.Errorf("%s has no glyph for %q, used by %s", name, string(m), where)
		}
	}
	for _, lang := range i18n.Supported() {
		c := i18n.For(lang)
		for _, k := range i18n.Keys() {
			check(lang+"."+string(k), c.T(k))
		}
		for _, k := range i18n.PluralKeys() {
			for _, n := range []int{1, 2, 5} {
				check(lang+"."+string(k), c.N(k, n, "x"))
			}
		}
	}
	check("tui", tuiGlyphs)
}

// TestKioskFontIsThePackagedOne: the font the screens are checked against
// (consolefont.Kiosk) is the one the package sets.
func TestKioskFontIsThePackagedOne(t *testing.T) {
	if got := packagedFont(t); got != consolefont.Kiosk {
		t.Errorf("packaging/kiosk/default sets %s, the screens are checked against %s", got, consolefont.Kiosk)
	}
}
