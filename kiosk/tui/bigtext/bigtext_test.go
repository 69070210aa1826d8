package bigtext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

func TestGlyphShapes(t *testing.T) {
	for r, gl := range font {
		rows := append([]string{gl.top, gl.bottom}, gl.body[:]...)
		for _, row := range rows {
			if len(row) != glyphWidth || strings.Trim(row, "#.") != "" {
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
	block, ok := Render("Go", 100, 20)
	if !ok {
		t.Fatal("Render(Go) failed")
	}
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
		t.Errorf("Render(Go) =\n%s\nwant\n%s", block, want)
	}
}

func TestRenderFits(t *testing.T) {
	tests := []struct {
		text          string
		width, height int
		wantOK        bool
		wantRows      int
	}{
		{"WELCOME", 100, 30, true, 7},          // 7*12-2 = 82 columns at scale 2
		{"WELCOME", 60, 30, true, 7},           // scale 1: 41 columns
		{"ENTRY DENIED", 100, 30, true, 15},    // scale 2 wraps onto two lines
		{"ENTRY DENIED", 100, 10, true, 7},     // too tall wrapped: scale 1, one line
		{"ДОБРО ПОЖАЛОВАТЬ", 100, 9, true, 8},  // 95 columns at scale 1, Д's tail
		{"ДОБРО ПОЖАЛОВАТЬ", 40, 30, false, 0}, // a word wider than the screen
		{"ЁЖ", 100, 30, true, 8},               // the accent row is added
		{"ҚОШ", 100, 30, true, 8},              // the tail row is added
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

func BenchmarkRender(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, ok := Render("ДОБРО ПОЖАЛОВАТЬ", 100, 20); !ok {
			b.Fatal("no fit")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/render")
}
