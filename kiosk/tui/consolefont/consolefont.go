// Package consolefont reads the Unicode table of a Linux console font (PSF1
// or PSF2, optionally gzipped, as Debian's console-setup and kbd packages
// ship them in /usr/share/consolefonts), so a test can prove that every
// character the kiosk draws exists in the font its installation sets. A
// character missing from the console font shows as a diamond or a blank on
// the bare Linux console, which no terminal emulator reveals.
package consolefont

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// Dir is where Debian installs console fonts.
const Dir = "/usr/share/consolefonts"

// Kiosk is the console font the kiosk's package sets (FONT= in its
// console-setup defaults): the CyrAsia set is the only Debian console
// codeset with all Kazakh letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І) as well as Russian
// and Latin; Terminus is the clearest face.
const Kiosk = "CyrAsia-Terminus16"

// maxFontBytes bounds what Load reads: the largest Debian console font is
// about 70 KiB unpacked.
const maxFontBytes = 4 << 20

// Font is the set of characters a console font can show, and their
// bitmaps (for pictures of the screens as the console draws them).
type Font struct {
	Name          string
	Width, Height int          // of a glyph, in pixels
	runes         map[rune]int // rune -> glyph index
	glyphs        []byte       // glyph bitmaps, rows of (Width+7)/8 bytes
}

// Pixel reports whether the glyph for r has ink at x, y; a rune without a
// glyph draws as glyph 0 (what the kernel shows for it).
func (f Font) Pixel(r rune, x, y int) bool {
	i := f.runes[r]
	row := (f.Width + 7) / 8
	size := row * f.Height
	off := i*size + y*row + x/8
	if x < 0 || y < 0 || x >= f.Width || y >= f.Height || off >= len(f.glyphs) {
		return false
	}
	return f.glyphs[off]&(0x80>>(x%8)) != 0
}

// Has reports whether the font has a glyph for r. Space and the controls a
// terminal never draws count as present.
func (f Font) Has(r rune) bool {
	if r == ' ' || r == '\n' {
		return true
	}
	_, ok := f.runes[r]
	return ok
}

// Missing lists the distinct characters of s the font cannot show, in
// order of appearance.
func (f Font) Missing(s string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if !f.Has(r) && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// Len is the number of characters the font maps.
func (f Font) Len() int { return len(f.runes) }

// Load reads the font name (a file in Dir, with or without ".psf.gz") or
// path.
func Load(nameOrPath string) (Font, error) {
	path := nameOrPath
	if !strings.ContainsRune(path, '/') {
		path = Dir + "/" + strings.TrimSuffix(path, ".psf.gz") + ".psf.gz"
	}
	f, err := os.Open(path)
	if err != nil {
		return Font{}, fmt.Errorf("open console font: %w", err)
	}
	defer f.Close()
	var r io.Reader = bufio.NewReader(f)
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return Font{}, fmt.Errorf("console font %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	data, err := io.ReadAll(io.LimitReader(r, maxFontBytes+1))
	if err != nil {
		return Font{}, fmt.Errorf("console font %s: %w", path, err)
	}
	if len(data) > maxFontBytes {
		return Font{}, fmt.Errorf("console font %s: larger than %d bytes", path, maxFontBytes)
	}
	font, err := parse(data)
	if err != nil {
		return Font{}, fmt.Errorf("console font %s: %w", path, err)
	}
	font.Name = path
	return font, nil
}

// ErrNoTable is returned for a font without a Unicode table: the kernel
// then maps it through the current code page and nothing can be promised.
var ErrNoTable = errors.New("font has no unicode table")

// Parse reads the Unicode table of an unpacked PSF1 or PSF2 font. Only
// single code points count; sequences (a letter plus a combining mark) are
// skipped, the kiosk draws none.
func Parse(data []byte) (map[rune]bool, error) {
	f, err := parse(data)
	if err != nil {
		return nil, err
	}
	out := make(map[rune]bool, len(f.runes))
	for r := range f.runes {
		out[r] = true
	}
	return out, nil
}

func parse(data []byte) (Font, error) {
	switch {
	case len(data) >= 4 && data[0] == 0x36 && data[1] == 0x04:
		return parsePSF1(data)
	case len(data) >= 32 && bytes.Equal(data[:4], []byte{0x72, 0xb5, 0x4a, 0x86}):
		return parsePSF2(data)
	}
	return Font{}, errors.New("not a PSF1 or PSF2 font")
}

func parsePSF1(data []byte) (Font, error) {
	mode, charSize := data[2], int(data[3])
	glyphs := 256
	if mode&0x01 != 0 {
		glyphs = 512
	}
	if mode&0x06 == 0 {
		return Font{}, ErrNoTable
	}
	table := 4 + glyphs*charSize
	if table > len(data) {
		return Font{}, errors.New("psf1: truncated glyphs")
	}
	f := Font{Width: 8, Height: charSize, runes: map[rune]int{}, glyphs: data[4:table]}
	rest, inSeq, glyph := data[table:], false, 0
	for len(rest) >= 2 {
		v := binary.LittleEndian.Uint16(rest)
		rest = rest[2:]
		switch v {
		case 0xFFFF:
			inSeq = false
			glyph++
		case 0xFFFE:
			inSeq = true
		default:
			if _, seen := f.runes[rune(v)]; !inSeq && !seen {
				f.runes[rune(v)] = glyph
			}
		}
	}
	return f, nil
}

func parsePSF2(data []byte) (Font, error) {
	le := binary.LittleEndian
	headerSize, flags := int(le.Uint32(data[8:])), le.Uint32(data[12:])
	glyphs, charSize := int(le.Uint32(data[16:])), int(le.Uint32(data[20:]))
	height, width := int(le.Uint32(data[24:])), int(le.Uint32(data[28:]))
	if flags&0x01 == 0 {
		return Font{}, ErrNoTable
	}
	if glyphs <= 0 || charSize <= 0 || glyphs > 1<<16 || charSize > 1<<12 || width <= 0 || height <= 0 ||
		(width+7)/8*height > charSize {
		return Font{}, errors.New("psf2: implausible header")
	}
	table := headerSize + glyphs*charSize
	if headerSize < 32 || table > len(data) {
		return Font{}, errors.New("psf2: truncated glyphs")
	}
	f := Font{Width: width, Height: height, runes: map[rune]int{}}
	// Glyphs are charSize apart; Pixel expects them packed.
	row := (width + 7) / 8
	for i := 0; i < glyphs; i++ {
		off := headerSize + i*charSize
		f.glyphs = append(f.glyphs, data[off:off+row*height]...)
	}
	rest, inSeq, glyph := data[table:], false, 0
	for len(rest) > 0 {
		switch rest[0] {
		case 0xFF:
			inSeq = false
			glyph++
			rest = rest[1:]
			continue
		case 0xFE:
			inSeq = true
			rest = rest[1:]
			continue
		}
		r, n := utf8.DecodeRune(rest)
		if r == utf8.RuneError && n <= 1 {
			return Font{}, errors.New("psf2: bad utf-8 in the unicode table")
		}
		if _, seen := f.runes[r]; !inSeq && !seen {
			f.runes[r] = glyph
		}
		rest = rest[n:]
	}
	return f, nil
}
