// Package bigtext draws short words in a block font made of '█', as large as
// the terminal allows, so a verdict reads from across the room. The font
// covers A–Z, 0–9, some punctuation, the Russian alphabet, the Kazakh
// letters Ә Ғ Қ Ң Ө Ұ Ү Һ І and the verdict symbols (Tick, Cross, NoEntry,
// Arrow). Text is drawn upper case. When a glyph is missing or the text
// cannot fit, Render says so and the caller falls back to Plain text.
//
// Only '█' and the space are drawn, because '█' is in every Debian console
// font while the half blocks (▀ ▄) are not in the CyrAsia fonts that
// Kazakh needs.
package bigtext

import (
	"cmp"
	"slices"
	"strings"
)

// Ink is the character drawn for each pixel of a glyph.
const Ink = "█"

// The verdict symbols, drawn in the big font next to the verdict word so
// that colour is never the only signal.
const (
	Tick    = '✓' // may enter
	Cross   = '✗' // may not enter
	NoEntry = '⛔' // full: wait
	Arrow   = '→' // goodbye: leaving
	Box     = '☐' // not checked: a box without its tick
	Flag    = '⚑' // let in by staff: flagged, with a name and a reason
)

// Scale is the size of one font pixel in terminal cells: X columns by Y
// rows. A cell is about twice as tall as wide, so X = 2Y keeps a glyph's
// proportions.
type Scale struct{ X, Y int }

// scales are the pixel sizes Render tries, largest first. A pixel may be
// from half as wide as tall to one and a half times as wide (X from Y to
// 3Y), so a word can use a wide screen without looking like a different
// font.
var scales = func() []Scale {
	var out []Scale
	for y := 1; y <= 10; y++ {
		for x := y; x <= 3*y; x++ {
			out = append(out, Scale{x, y})
		}
	}
	slices.SortStableFunc(out, func(a, b Scale) int {
		if c := cmp.Compare(b.X*b.Y, a.X*a.Y); c != 0 {
			return c
		}
		return cmp.Compare(abs(a.X-2*a.Y), abs(b.X-2*b.Y)) // nearer square first
	})
	return out
}()

func abs(n int) int { return max(n, -n) }

// Supported reports whether every character of text (upper-cased) has a
// glyph.
func Supported(text string) bool {
	for _, r := range strings.ToUpper(text) {
		if _, ok := font[r]; !ok {
			return false
		}
	}
	return true
}

// Render draws text as large as fits in maxWidth columns and maxHeight
// rows: the largest pixel (see Scale) at which the words, on one line or
// wrapped onto several, fit. Every row of one text line has the same width,
// so each row can be centred on its own. ok is false when a character has
// no glyph or nothing fits even at one cell per pixel.
func Render(text string, maxWidth, maxHeight int) (block string, ok bool) {
	block, _, ok = RenderScale(text, maxWidth, maxHeight)
	return block, ok
}

// RenderScale is Render that also says which scale it drew at.
func RenderScale(text string, maxWidth, maxHeight int) (block string, s Scale, ok bool) {
	text = strings.ToUpper(strings.TrimSpace(text))
	if text == "" || !Supported(text) {
		return "", Scale{}, false
	}
	for _, s := range scales {
		if block, ok := RenderAt(text, s, maxWidth, maxHeight); ok {
			return block, s, true
		}
	}
	return "", Scale{}, false
}

// Scales lists the pixel sizes Render tries, largest first, for a caller
// that draws several texts at one scale.
func Scales() []Scale { return slices.Clone(scales) }

// RenderAt draws text at scale s within maxWidth by maxHeight, on one line
// or wrapped, or says it cannot.
func RenderAt(text string, s Scale, maxWidth, maxHeight int) (string, bool) {
	lines, ok := fit(text, s, maxWidth, maxHeight)
	if !ok {
		return "", false
	}
	return strings.Join(draw(lines, s), "\n"), true
}

// Rows is how many rows RenderAt would draw, without drawing: for a caller
// that tries many layouts and draws one.
func Rows(text string, s Scale, maxWidth, maxHeight int) (int, bool) {
	lines, ok := fit(text, s, maxWidth, maxHeight)
	if !ok {
		return 0, false
	}
	return height(lines, s.Y), true
}

// fit lays text out at scale s within maxWidth by maxHeight: the lines it
// takes, fewest first.
func fit(text string, s Scale, maxWidth, maxHeight int) ([]string, bool) {
	text = strings.ToUpper(strings.TrimSpace(text))
	if text == "" || !Supported(text) || bodyRows*s.Y > maxHeight || glyphWidth*s.X > maxWidth {
		return nil, false
	}
	for _, lines := range layouts(strings.Fields(text), s.X, maxWidth) {
		if height(lines, s.Y) <= maxHeight {
			return lines, true
		}
	}
	return nil, false
}

// Draw renders text on one line at scale s, however wide: for tests that
// look for big text in a frame.
func Draw(text string, s Scale) string {
	return strings.Join(draw([]string{strings.ToUpper(text)}, s), "\n")
}

// Plain is text for a screen too small for the big font: the symbols become
// ASCII, which every console font has.
func Plain(text string) string {
	return strings.NewReplacer(string(Tick), "+", string(Cross), "x", string(NoEntry), "(-)", string(Arrow), "->",
		string(Box), "[ ]", string(Flag), "[!]").Replace(strings.ToUpper(text))
}

// Width is the number of columns text takes on one line with pixels sx
// columns wide.
func Width(text string, sx int) int {
	n := 0
	for i, r := range text {
		if i > 0 {
			n++ // one pixel between glyphs
		}
		n += font[r].width()
	}
	return n * sx
}

// height is the number of rows lines take with pixels sy rows tall.
func height(lines []string, sy int) int {
	rows := len(lines) - 1 // one pixel between lines
	for _, line := range lines {
		top, bottom := extras(line)
		rows += bodyRows
		if top {
			rows++
		}
		if bottom {
			rows++
		}
	}
	return rows * sy
}

// extras reports whether a line needs its accent row and its tail row.
func extras(line string) (top, bottom bool) {
	for _, r := range line {
		gl := font[r]
		top = top || !blank(gl.top)
		bottom = bottom || !blank(gl.bottom)
	}
	return top, bottom
}

// layouts lists the ways to lay words out with pixels sx wide that fit
// maxWidth, fewest lines first: all on one line, then greedy wrapping.
func layouts(words []string, sx, maxWidth int) [][]string {
	var out [][]string
	one := strings.Join(words, " ")
	if Width(one, sx) <= maxWidth {
		out = append(out, []string{one})
	}
	var lines []string
	cur := ""
	for _, w := range words {
		if Width(w, sx) > maxWidth {
			return out // a single word is too wide at this scale
		}
		switch next := cur + " " + w; {
		case cur == "":
			cur = w
		case Width(next, sx) <= maxWidth:
			cur = next
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	lines = append(lines, cur)
	if len(lines) > 1 {
		out = append(out, lines)
	}
	return out
}

// draw renders text lines at scale s, separated by one blank pixel row. A
// line gets its accent or tail row only when one of its glyphs uses it.
// Every row is as wide as the widest line: a shorter line is centred under
// it, so "OPEN" over "12/40" does not leave the count hanging left.
func draw(lines []string, s Scale) []string {
	widest := 0
	for _, line := range lines {
		widest = max(widest, Width(line, s.X))
	}
	var rows []string
	for i, line := range lines {
		pad := (widest - Width(line, s.X)) / 2
		left, right := strings.Repeat(" ", pad), strings.Repeat(" ", widest-Width(line, s.X)-pad)
		emit := func(row string) {
			for range s.Y {
				rows = append(rows, left+row+right)
			}
		}
		if i > 0 {
			for range s.Y {
				rows = append(rows, strings.Repeat(" ", widest))
			}
		}
		gs := make([]glyph, 0, len(line))
		for _, r := range line {
			gs = append(gs, font[r])
		}
		top, bottom := extras(line)
		if top {
			emit(drawRow(gs, s.X, func(gl glyph) string { return gl.top }))
		}
		for y := 0; y < bodyRows; y++ {
			emit(drawRow(gs, s.X, func(gl glyph) string { return gl.body[y] }))
		}
		if bottom {
			emit(drawRow(gs, s.X, func(gl glyph) string { return gl.bottom }))
		}
	}
	return rows
}

func drawRow(gs []glyph, sx int, row func(glyph) string) string {
	var b strings.Builder
	gap := strings.Repeat(" ", sx)
	ink := strings.Repeat(Ink, sx)
	for i, gl := range gs {
		if i > 0 {
			b.WriteString(gap)
		}
		px := row(gl)
		if px == "" {
			px = strings.Repeat(".", gl.width())
		}
		for _, p := range px {
			if p == '#' {
				b.WriteString(ink)
			} else {
				b.WriteString(gap)
			}
		}
	}
	return b.String()
}
