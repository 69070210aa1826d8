package common

import (
	"testing"

	"github.com/muesli/termenv"
)

// TestDetectDisplayForcesColour: whatever the environment says, the kiosk
// draws in colour; the bare console is recognised by TERM=linux or no TERM.
func TestDetectDisplayForcesColour(t *testing.T) {
	tests := []struct {
		term, colorterm string
		want            Display
	}{
		{"", "", Display{termenv.ANSI, true}},
		{"linux", "", Display{termenv.ANSI, true}},
		{"dumb", "", Display{termenv.ANSI, false}},
		{"vt100", "", Display{termenv.ANSI, false}},
		{"xterm", "", Display{termenv.ANSI, false}},
		{"xterm-256color", "", Display{termenv.ANSI256, false}},
		{"xterm-256color", "truecolor", Display{termenv.TrueColor, false}},
		{"screen", "24bit", Display{termenv.TrueColor, false}},
	}
	for _, tt := range tests {
		env := map[string]string{"TERM": tt.term, "COLORTERM": tt.colorterm}
		if got := DetectDisplay(func(k string) string { return env[k] }); got != tt.want {
			t.Errorf("TERM=%q COLORTERM=%q: %+v, want %+v", tt.term, tt.colorterm, got, tt.want)
		}
	}
}

// TestTextColourFollowsDisplay: the green screen's text is white on a
// monitor and black on the Linux console, whose green is too light for
// white.
func TestTextColourFollowsDisplay(t *testing.T) {
	if fg := NewStyles(Display{termenv.TrueColor, false}).Tones[ToneGreen].Foreground; fg != "#ffffff" {
		t.Errorf("true colour green text = %s", fg)
	}
	if fg := NewStyles(Display{termenv.ANSI, true}).Tones[ToneGreen].Foreground; fg != "#000000" {
		t.Errorf("linux console green text = %s", fg)
	}
	if fg := NewStyles(Display{termenv.ANSI, true}).Tones[ToneYellow].Foreground; fg != "#000000" {
		t.Errorf("yellow text = %s", fg)
	}
}
