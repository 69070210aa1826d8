package consolefont_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/kiosk/tui/consolefont"
)

// kioskFont loads the font the installation sets. It is in Debian's
// console-setup-linux package, which .ci/run installs; without it the test
// fails rather than skips, since a skipped check proves nothing.
func kioskFont(t *testing.T) consolefont.Font {
	t.Helper()
	f, err := consolefont.Load(consolefont.Kiosk)
	if err != nil {
		t.Fatalf("%v (apt-get install console-setup-linux)", err)
	}
	return f
}

// TestRealFontTable reads the real font and checks what is known about it:
// the Kazakh letters are there, and the warning sign and the pointers that
// once sat on the idle screen are in no Debian console font.
func TestRealFontTable(t *testing.T) {
	f := kioskFont(t)
	if f.Len() < 400 {
		t.Fatalf("%s maps only %d characters", f.Name, f.Len())
	}
	for _, r := range "ӘҒҚҢӨҰҮҺІәғқңөұүһіЁёAZaz09█•…·●↑↓—▶◀" {
		if !f.Has(r) {
			t.Errorf("%s has no %q (U+%04X)", f.Name, r, r)
		}
	}
	if f.Width != 8 || f.Height != 16 {
		t.Errorf("%s is %dx%d, want 8x16", f.Name, f.Width, f.Height)
	}
	for y := 0; y < f.Height; y++ {
		for x := 0; x < f.Width; x++ {
			if !f.Pixel('█', x, y) || f.Pixel(' ', x, y) {
				t.Fatalf("pixel %d,%d: full block %v, space %v", x, y, f.Pixel('█', x, y), f.Pixel(' ', x, y))
			}
		}
	}
	for _, r := range "⚠►◄✓▀▄" {
		if f.Has(r) {
			t.Errorf("%s claims %q (U+%04X), which it does not have", f.Name, r, r)
		}
	}
}

// TestLatinFontLacksKazakh shows why the kiosk must set a CyrAsia font: the
// Debian default Lat15 cannot show Kazakh.
func TestLatinFontLacksKazakh(t *testing.T) {
	f, err := consolefont.Load("Lat15-Fixed16")
	if err != nil {
		t.Fatalf("%v (apt-get install console-setup-linux)", err)
	}
	if m := f.Missing("ҚОШ КЕЛДІҢІЗ"); len(m) == 0 {
		t.Error("Lat15 shows Kazakh: the reason for CyrAsia is gone")
	}
}

func TestParseRejects(t *testing.T) {
	if _, err := consolefont.Parse([]byte("not a font at all, really")); err == nil {
		t.Error("garbage parsed")
	}
	// A PSF2 header claiming more glyphs than the file holds.
	h := []byte{0x72, 0xb5, 0x4a, 0x86, 0, 0, 0, 0, 32, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 16, 0, 0, 0, 16, 0, 0, 0, 8, 0, 0, 0}
	if _, err := consolefont.Parse(h); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated psf2: %v", err)
	}
	// A PSF1 font without a unicode table.
	psf1 := append([]byte{0x36, 0x04, 0x00, 1}, make([]byte, 256)...)
	if _, err := consolefont.Parse(psf1); err != consolefont.ErrNoTable {
		t.Errorf("psf1 without table: %v", err)
	}
}

// TestPSF1Table builds a tiny PSF1 font: glyph 0 is 'A' and a sequence,
// glyph 1 is 'Қ'.
func TestPSF1Table(t *testing.T) {
	data := []byte{0x36, 0x04, 0x02, 1}
	data = append(data, make([]byte, 256)...)
	u16 := func(v uint16) []byte { return []byte{byte(v), byte(v >> 8)} }
	data = append(data, u16('A')...)
	data = append(data, u16(0xFFFE)...)
	data = append(data, u16('E')...)
	data = append(data, u16(0x0301)...)
	data = append(data, u16(0xFFFF)...)
	data = append(data, u16('Қ')...)
	data = append(data, u16(0xFFFF)...)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	path := t.TempDir() + "/tiny.psf.gz"
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := consolefont.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Has('A') || !f.Has('Қ') || f.Has('E') || f.Has(0x0301) {
		t.Errorf("table read wrong: A %v Қ %v E %v", f.Has('A'), f.Has('Қ'), f.Has('E'))
	}
}
