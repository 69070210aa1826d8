package bigtext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

func TestGlyphShapes(t *testing.T) {
	for r, gl := range font {
		rows := gl.body[:]
		for _, extra := range []string{gl.top, gl.bottom} {
			if extra != "" {
				rows = append(rows, extra)
			}
		}
		for _, row := range rows {
			if len(row) != gl.width() || len(row) < glyphWidth || strings.Trim(row, "#.") != "" {
				t.Errorf("glyph %q has a bad row %q", r, row)
			}
		}
	}
}

// TestBigWordsHaveGlyphs keeps the font in step with the catalogs: every
// title the result screens draw big must be drawable in every language.
func TestBigWordsHaveGlyphs(t *testing.T) {
	big := []i18n.Key{
		i18n.ModeEntrance, i18n.ModeExit,
		i18n.ColourGreen, i18n.ColourYellow, i18n.ColourRed, i18n.ColourBlue,
		i18n.Welcome, i18n.EntryDenied, i18n.Goodbye,
		i18n.CodeNotAccepted, i18n.NotRecorded, i18n.ErrorTitle,
	}
	for _, lang := range i18n.Supported() {
		c := i18n.For(lang)
		for _, k := range big {
			if !Supported(c.T(k)) {
				t.Errorf("%s %s %q has a character without a glyph", lang, k, c.T(k))
			}
		}
	}
}

func TestRender(t *testing.T) {
	block := Draw("Go", Scale{2, 1})
	want := strings.Join([]string{
		"  ██████      ██████  ",
		"██      ██  ██      ██",
		"██          ██      ██",
		"██  ██████  ██      ██",
		"██      ██  ██      ██",
		"██      ██  ██      ██",
		"  ████████    ██████  ",
	}, "\n")
	if block != want {
		t.Errorf("Draw(Go) =\n%s\nwant\n%s", block, want)
	}
	big, s, ok := RenderScale("Go", 100, 20)
	if !ok || s != (Scale{6, 2}) || strings.Count(big, "\n") != 13 {
		t.Errorf("RenderScale(Go, 100, 20) = scale %v, %d rows, ok %v", s, strings.Count(big, "\n")+1, ok)
	}
}

func TestRenderFits(t *testing.T) {
	tests := []struct {
		text          string
		width, height int
		wantOK        bool
		wantRows      int
	}{
		{"WELCOME", 100, 30, true, 14},         // 41 px: 2x2 pixels, 82 columns
		{"WELCOME", 60, 30, true, 7},           // 1x1: 41 columns
		{"WELCOME", 200, 60, true, 28},         // 4x4: 164 columns
		{"ENTRY DENIED", 100, 30, true, 30},    // 2x2, wrapped onto two lines
		{"ENTRY DENIED", 100, 10, true, 7},     // too tall wrapped: 1x1, one line
		{"ДОБРО ПОЖАЛОВАТЬ", 100, 9, true, 8},  // 95 columns at 1x1, Д's tail
		{"ДОБРО ПОЖАЛОВАТЬ", 40, 30, false, 0}, // a word wider than the screen
		{"ЁЖ", 100, 30, true, 24},              // the accent row is added: 8 px at 3x3
		{"ҚОШ", 100, 30, true, 24},             // the tail row is added
		{"✓ WELCOME", 80, 25, true, 7},         // 55 px: 1x1 is all 80 columns allow
		{"GREEN", 10, 30, false, 0},
		{"日本", 100, 30, false, 0}, // no glyphs
		{"", 100, 30, false, 0},
	}
	for _, tt := range tests {
		block, ok := Render(tt.text, tt.width, tt.height)
		if ok != tt.wantOK {
			t.Errorf("Render(%q, %d, %d) ok = %v", tt.text, tt.width, tt.height, ok)
			continue
		}
		if !ok {
			continue
		}
		rows := strings.Split(block, "\n")
		if len(rows) != tt.wantRows {
			t.Errorf("Render(%q, %d, %d) has %d rows, want %d", tt.text, tt.width, tt.height, len(rows), tt.wantRows)
		}
		for _, row := range rows {
			if w := utf8.RuneCountInString(row); w > tt.width {
				t.Errorf("Render(%q) row is %d wide, max %d", tt.text, w, tt.width)
			}
		}
	}
}

// TestPlain: the symbols have ASCII stand-ins for screens too small for
// the big font.
func TestPlain(t *testing.T) {
	if got := Plain(string(Tick) + " Welcome"); got != "+ WELCOME" {
		t.Errorf("Plain tick = %q", got)
	}
	if got := Plain(string(NoEntry) + " " + string(Cross) + " " + string(Arrow)); got != "(-) x ->" {
		t.Errorf("Plain symbols = %q", got)
	}
}

// TestScalesPreferLargest: on a bigger screen the same word never gets
// smaller, and the pixels keep a sane shape.
func TestScalesPreferLargest(t *testing.T) {
	prev := 0
	for _, size := range [][2]int{{40, 12}, {80, 25}, {120, 40}, {160, 50}, {200, 60}, {300, 90}} {
		_, s, ok := RenderScale("GREEN", size[0], size[1])
		if !ok {
			t.Fatalf("GREEN does not fit %v", size)
		}
		if s.X < s.Y || s.X > 3*s.Y {
			t.Errorf("%v: pixel %v is out of shape", size, s)
		}
		if s.X*s.Y < prev {
			t.Errorf("%v: pixel %v is smaller than on a smaller screen", size, s)
		}
		prev = s.X * s.Y
	}
}

func BenchmarkRender(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, ok := Render("ДОБРО ПОЖАЛОВАТЬ", 100, 20); !ok {
			b.Fatal("no fit")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/render")
}

// TestWrappedLinesAreCentred: a text wrapped onto two lines has every row
// as wide as the widest, the shorter line in the middle: the idle screen's
// "ОТКРЫТО" over "0/40" once left the count hanging left.
func TestWrappedLinesAreCentred(t *testing.T) {
	block, ok := RenderAt("ОТКРЫТО 0/40", Scale{1, 1}, 50, 20)
	if !ok {
		t.Fatal("does not fit")
	}
	rows := strings.Split(block, "\n")
	w := len([]rune(rows[0]))
	for i, r := range rows {
		if len([]rune(r)) != w {
			t.Fatalf("row %d is %d wide, row 0 %d", i, len([]rune(r)), w)
		}
	}
	last := []rune(rows[len(rows)-1])
	left := len(last) - len([]rune(strings.TrimLeft(string(last), " ")))
	right := len(last) - len([]rune(strings.TrimRight(string(last), " ")))
	if left == 0 || left-right > 1 || right-left > 1 {
		t.Errorf("the count's last row is not centred: %d blank left, %d right: %q", left, right, string(last))
	}
}

func TestNewSymbolsHavePlainForms(t *testing.T) {
	if got := Plain(string(Box) + " " + string(Flag)); got != "[ ] [!]" {
		t.Errorf("Plain = %q", got)
	}
	if !Supported(string(Box) + string(Flag)) {
		t.Error("the big font lacks the new symbols")
	}
}
