package common

import (
	"strings"
	"sync"

	"github.com/charmbracelet/lipgloss"
	"github.com/lucasb-eyer/go-colorful"
	"github.com/muesli/termenv"
)

// Display is what the kiosk's terminal can show: its colour profile, and
// whether it is the bare Linux console, whose 16 colours are the VGA
// palette rather than xterm's.
type Display struct {
	Profile termenv.Profile
	Linux   bool
}

// DetectDisplay decides the display from the environment (os.Getenv). A
// kiosk has no reason to guess that its screen is monochrome: colours are
// always on. COLORTERM=truecolor or 24bit gives true colour, a TERM naming
// 256 colours gives 256, anything else 16. An unset TERM is the bare
// console (a service started on a tty before a login sets one), as is
// TERM=linux.
func DetectDisplay(getenv func(string) string) Display {
	term, colorterm := getenv("TERM"), strings.ToLower(getenv("COLORTERM"))
	d := Display{Profile: termenv.ANSI, Linux: term == "" || term == "linux" || strings.HasPrefix(term, "linux-")}
	switch {
	case colorterm == "truecolor" || colorterm == "24bit":
		d.Profile = termenv.TrueColor
	case strings.Contains(term, "256color"):
		d.Profile = termenv.ANSI256
	}
	return d
}

var (
	displayMu sync.Mutex
	current   = Display{Profile: termenv.ANSI256}
)

// UseDisplay makes d the display every later DefaultStyles draws for, and
// sets lipgloss's colour profile to match: a process has one terminal.
func UseDisplay(d Display) {
	displayMu.Lock()
	defer displayMu.Unlock()
	current = d
	lipgloss.SetColorProfile(d.Profile)
}

// CurrentDisplay is the display set by UseDisplay (256 colours, xterm
// palette, until then).
func CurrentDisplay() Display {
	displayMu.Lock()
	defer displayMu.Unlock()
	return current
}

// readableOn is black or white, whichever contrasts more with bg as the
// display shows it. One of the two always reaches 4.58:1, above WCAG AA's
// 4.5, whatever the background; a fixed white on green fails on the Linux
// console, whose green is light.
func readableOn(bg lipgloss.Color, d Display) lipgloss.Color {
	shown := Shown(string(bg), d.Profile, d.Linux)
	black, _ := colorful.Hex("#000000")
	white, _ := colorful.Hex("#ffffff")
	if Contrast(shown, black) > Contrast(shown, white) {
		return "#000000"
	}
	return "#ffffff"
}
