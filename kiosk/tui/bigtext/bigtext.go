// Package bigtext draws short words in a block font made of '█', large enough
// to read from two metres. The font covers A–Z, 0–9, some punctuation, the
// Russian alphabet and the Kazakh letters Ә Ғ Қ Ң Ө Ұ Ү Һ І. Text is drawn
// upper case. When a glyph is missing or the text cannot fit, Render says so
// and the caller falls back to plain bold text.
package bigtext

import (
	"strings"
)

// Ink is the character drawn for each pixel of a glyph.
const Ink = "█"

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

// Render draws text as large as fits in maxWidth columns and maxHeight rows:
// pixels two columns wide when that fits (terminal cells are twice as tall as
// wide, so this keeps the letters' proportions), otherwise one column; words
// wrap onto several lines when one line is too wide. Every row of one text
// line has the same width, so each row can be centred on its own. ok is false
// when a character has no glyph or nothing fits.
func Render(text string, maxWidth, maxHeight int) (block string, ok bool) {
	text = strings.ToUpper(strings.TrimSpace(text))
	if text == "" || !Supported(text) {
		return "", false
	}
	words := strings.Fields(text)
	for _, scale := range []int{2, 1} {
		for _, lines := range layouts(words, scale, maxWidth) {
			rows := draw(lines, scale)
			if len(rows) <= maxHeight {
				return strings.Join(rows, "\n"), true
			}
		}
	}
	return "", false
}

// Width is the number of columns text takes on one line at a scale.
func Width(text string, scale int) int {
	n := len([]rune(text))
	if n == 0 {
		return 0
	}
	return n*glyphWidth*scale + (n-1)*scale
}

// layouts lists the ways to lay words out at a scale that fit maxWidth,
// fewest lines first: all on one line, then greedy wrapping.
func layouts(words []string, scale, maxWidth int) [][]string {
	var out [][]string
	one := strings.Join(words, " ")
	if Width(one, scale) <= maxWidth {
		out = append(out, []string{one})
	}
	var lines []string
	cur := ""
	for _, w := range words {
		if Width(w, scale) > maxWidth {
			return out // a single word is too wide at this scale
		}
		switch next := strings.TrimSpace(cur + " " + w); {
		case cur == "":
			cur = w
		case Width(next, scale) <= maxWidth:
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

// draw renders text lines, separated by one blank row. A line gets its
// accent or tail row only when one of its glyphs uses it.
func draw(lines []string, scale int) []string {
	var rows []string
	for i, line := range lines {
		if i > 0 {
			rows = append(rows, "")
		}
		gs := make([]glyph, 0, len(line))
		top, bottom := false, false
		for _, r := range line {
			gl := font[r]
			top = top || gl.top != blankRow
			bottom = bottom || gl.bottom != blankRow
			gs = append(gs, gl)
		}
		if top {
			rows = append(rows, drawRow(gs, scale, func(gl glyph) string { return gl.top }))
		}
		for y := 0; y < bodyRows; y++ {
			rows = append(rows, drawRow(gs, scale, func(gl glyph) string { return gl.body[y] }))
		}
		if bottom {
			rows = append(rows, drawRow(gs, scale, func(gl glyph) string { return gl.bottom }))
		}
	}
	return rows
}

func drawRow(gs []glyph, scale int, row func(glyph) string) string {
	var b strings.Builder
	gap := strings.Repeat(" ", scale)
	ink := strings.Repeat(Ink, scale)
	for i, gl := range gs {
		if i > 0 {
			b.WriteString(gap)
		}
		for _, px := range row(gl) {
			if px == '#' {
				b.WriteString(ink)
			} else {
				b.WriteString(gap)
			}
		}
	}
	return b.String()
}
