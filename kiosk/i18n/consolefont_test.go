package i18n

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// tuiGlyphs are drawn by kiosk/tui besides the catalogs' texts: the block
// font's ink, the masked IIN's dots, the idle screen's marks and the owner
// menu's rounded border. The idle screen's warning sign U+26A0 is left out:
// no Linux console font has it (it shows as a box on the console), which
// is the screen's to change, not the font's.
const tuiGlyphs = "█•·●╭╮╰╯─│"

// The package sets the Linux console font named in packaging/kiosk/default
// (console-setup-linux's fonts); a text the font lacks shows as a box on the
// door's screen. Every letter of every catalog, Kazakh's ә ғ қ ң ө ұ ү һ і
// included, must be in it.
func TestPackagedConsoleFontCoversEveryText(t *testing.T) {
	def, err := os.ReadFile(filepath.Join("..", "..", "packaging", "kiosk", "default"))
	if err != nil {
		t.Fatal(err)
	}
	font := ""
	for _, line := range strings.Split(string(def), "\n") {
		if v, ok := strings.CutPrefix(line, "FONT="); ok {
			font = v
		}
	}
	path := "/usr/share/consolefonts/" + font + ".psf.gz"
	have, err := psfRunes(path)
	if err != nil {
		t.Fatalf("%v (the font comes from Debian's console-setup-linux, which .ci/run installs)", err)
	}
	missing := map[rune][]string{}
	check := func(where, s string) {
		for _, r := range s {
			if r >= ' ' && !have[r] {
				missing[r] = append(missing[r], where)
			}
		}
	}
	for lang, msgs := range catalogs {
		for k, s := range msgs {
			check(string(lang)+"."+string(k), s)
		}
	}
	check("tui", tuiGlyphs)
	for r, where := range missing {
		t.Errorf("%s has no glyph for %q (U+%04X), used by %s", font, r, r, strings.Join(where[:min(3, len(where))], ", "))
	}
}

// psfRunes reads the Unicode table of a gzipped PSF1 or PSF2 console font.
func psfRunes(path string) (map[rune]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	data, err := io.ReadAll(io.LimitReader(zr, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	runes := map[rune]bool{}
	switch {
	case len(data) >= 4 && data[0] == 0x36 && data[1] == 0x04: // PSF1
		mode, charsize := data[2], int(data[3])
		n := 256
		if mode&0x01 != 0 {
			n = 512
		}
		if mode&0x02 == 0 {
			return nil, fmt.Errorf("%s: no Unicode table", path)
		}
		table := data[4+n*charsize:]
		for i := 0; i+1 < len(table); i += 2 {
			if u := binary.LittleEndian.Uint16(table[i:]); u < 0xFFFE {
				runes[rune(u)] = true
			}
		}
	case len(data) >= 32 && bytes.Equal(data[:4], []byte{0x72, 0xb5, 0x4a, 0x86}): // PSF2
		hdr, flags := binary.LittleEndian.Uint32(data[8:]), binary.LittleEndian.Uint32(data[12:])
		n, charsize := binary.LittleEndian.Uint32(data[16:]), binary.LittleEndian.Uint32(data[20:])
		if flags&1 == 0 {
			return nil, fmt.Errorf("%s: no Unicode table", path)
		}
		r := bufio.NewReader(bytes.NewReader(data[hdr+n*charsize:]))
		for {
			b, err := r.ReadByte()
			if errors.Is(err, io.EOF) {
				break
			}
			if b == 0xFF || b == 0xFE {
				continue
			}
			r.UnreadByte()
			c, _, _ := r.ReadRune()
			if c != utf8.RuneError {
				runes[c] = true
			}
		}
	default:
		return nil, fmt.Errorf("%s: not a PSF font", path)
	}
	return runes, nil
}
