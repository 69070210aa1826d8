package common

import (
	"fmt"
	"testing"

	"github.com/lucasb-eyer/go-colorful"
	"github.com/muesli/termenv"
)

// screenBackground is what the idle screen's text stands on: the console's
// black. The result screens bring their own background.
const screenBackground = "#000000"

type display struct {
	name    string
	profile termenv.Profile
	linux   bool
}

// displays are the screens a kiosk meets: a true-colour monitor, a
// 256-colour terminal, and 16 colours in xterm's palette and on the bare
// Linux console (TERM=linux), whose palette is different.
var displays = []display{
	{"truecolor", termenv.TrueColor, false},
	{"256", termenv.ANSI256, false},
	{"16 xterm", termenv.ANSI, false},
	{"16 linux", termenv.ANSI, true},
}

// pair is one text colour on one background, and the ratio it needs.
type pair struct {
	what   string
	fg, bg string
	need   float64
}

// pairs lists every text on every background the screens draw: each
// result tone's details (normal text, 4.5) and big titles (large, 3), the
// idle screen's coloured lines on black (4.5), the demo swatches.
func pairs(st *Styles) []pair {
	var out []pair
	for tone, p := range st.Tones {
		out = append(out,
			pair{fmt.Sprintf("tone %d details", tone), string(p.Foreground), string(p.Background), 4.5},
			pair{fmt.Sprintf("tone %d big title", tone), string(p.Foreground), string(p.Background), 3})
	}
	idle := map[string]string{
		"mode": st.fg(st.Mode), "mode exit": st.fg(st.ModeExit), "ok": st.fg(st.OK),
		"warn": st.fg(st.Warn), "bad": st.fg(st.Bad), "dim": st.fg(st.Dim),
		"label": st.fg(st.Label), "hint": st.fg(st.Hint), "busy": st.fg(st.Busy),
	}
	for name, fg := range idle {
		out = append(out, pair{"idle " + name, fg, screenBackground, 4.5})
	}
	return out
}

// TestContrastAA checks every pair on every display against WCAG AA and
// logs each ratio (go test -v shows the table).
func TestContrastAA(t *testing.T) {
	for _, d := range displays {
		for _, p := range pairs(NewStyles(Display{Profile: d.profile, Linux: d.linux})) {
			fg, bg := Shown(p.fg, d.profile, d.linux), Shown(p.bg, d.profile, d.linux)
			r := Contrast(fg, bg)
			t.Logf("%-9s %-22s %s on %s: %5.2f (needs %.1f)", d.name, p.what, fg.Hex(), bg.Hex(), r, p.need)
			if r < p.need {
				t.Errorf("%s: %s (%s on %s, shown %s on %s) has contrast %.2f, below %.1f",
					d.name, p.what, p.fg, p.bg, fg.Hex(), bg.Hex(), r, p.need)
			}
		}
	}
}

func TestContrastFormula(t *testing.T) {
	black, _ := colorful.Hex("#000000")
	white, _ := colorful.Hex("#ffffff")
	grey, _ := colorful.Hex("#767676") // the lightest grey with 4.5:1 on white
	if r := Contrast(black, white); r < 20.99 || r > 21.01 {
		t.Errorf("black on white = %.3f, want 21", r)
	}
	if r := Contrast(grey, white); r < 4.5 || r > 4.6 {
		t.Errorf("#767676 on white = %.3f, want 4.54", r)
	}
	if r := Contrast(white, white); r != 1 {
		t.Errorf("white on white = %.3f", r)
	}
}
