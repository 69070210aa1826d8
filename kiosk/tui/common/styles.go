package common

import (
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/charmbracelet/lipgloss"
)

// Tone is the colour scheme of a full-screen result.
type Tone int

// Tones. The four status tones carry the registry's colours; the others are
// deliberately none of them, so a typo or a storage failure is never
// mistaken for a health status.
const (
	ToneGreen Tone = iota
	ToneYellow
	ToneRed
	ToneBlue
	ToneNeutral     // a verdict without a known status (an exit, say)
	ToneInvalid     // the code was not accepted: nothing recorded
	ToneNotRecorded // storage failed: staff must act
	ToneError       // anything else went wrong
	ToneFull        // may enter but the venue is full: wait
	// ToneUnchecked: nobody could check the person. Light grey: the
	// colour of no colour, unlike any status on every display.
	ToneUnchecked
	// ToneAdmitted: door staff let a refused person in.
	ToneAdmitted
)

// StatusTones are the four registry colours' tones; every other tone must
// look unlike each of them on every display (TestTonesAreDistinct).
var StatusTones = []Tone{ToneGreen, ToneYellow, ToneRed, ToneBlue}

// Palette is a background with a foreground readable on it.
type Palette struct {
	Background, Foreground lipgloss.Color
}

// StatusTone maps a registry status to its tone; an unknown or empty status
// is neutral.
func StatusTone(s wire.Status) Tone {
	switch s {
	case wire.Green:
		return ToneGreen
	case wire.Yellow:
		return ToneYellow
	case wire.Red:
		return ToneRed
	case wire.Blue:
		return ToneBlue
	}
	return ToneNeutral
}

// Styles are the kiosk's lipgloss styles.
type Styles struct {
	Tones map[Tone]Palette

	Header, Clock, Mode, ModeExit   lipgloss.Style
	OK, Warn, Bad, Dim, Label, Hint lipgloss.Style
	Input, Cursor, Busy, DemoIIN    lipgloss.Style
	Swatch                          map[wire.Status]lipgloss.Style
	QuitNotice                      lipgloss.Style
}

// toneBackgrounds are the result screens' colours.
var toneBackgrounds = map[Tone]lipgloss.Color{
	ToneGreen:  "#1b7a2e",
	ToneYellow: "#f5d000",
	ToneRed:    "#c0161d",
	ToneBlue:   "#1456b8",
	// Teal, not grey: an exit recorded must not look like a code refused
	// (ToneInvalid's grey), which on 256 and 16 colours it did.
	ToneNeutral:     "#00838f",
	ToneInvalid:     "#5f5f5f",
	ToneNotRecorded: "#8e24aa",
	ToneError:       "#262626",
	ToneFull:        "#e65100",
	ToneUnchecked:   "#d0d0d0",
	// Light cyan: never on the same device as the exit's teal (an override
	// is at an entrance), and far from the magenta of NOT RECORDED.
	ToneAdmitted: "#4dd0e1",
}

// DefaultStyles returns the kiosk's look for the CurrentDisplay.
func DefaultStyles() *Styles { return NewStyles(CurrentDisplay()) }

// NewStyles returns the kiosk's look on display d. Colours are given in
// hex; lipgloss reduces them to the terminal's palette. Each result
// screen's text is black or white, whichever reads better on its
// background as d shows it (TestContrastAA checks every pair).
func NewStyles(d Display) *Styles {
	tones := map[Tone]Palette{}
	for tone, bg := range toneBackgrounds {
		tones[tone] = Palette{Background: bg, Foreground: readableOn(bg, d)}
	}
	swatch := map[wire.Status]lipgloss.Style{}
	for st, tone := range map[wire.Status]Tone{wire.Green: ToneGreen, wire.Yellow: ToneYellow, wire.Red: ToneRed, wire.Blue: ToneBlue} {
		p := tones[tone]
		swatch[st] = lipgloss.NewStyle().Background(p.Background).Foreground(p.Foreground).Bold(true).Padding(0, 1)
	}
	return &Styles{
		Tones:      tones,
		Header:     lipgloss.NewStyle().Bold(true),
		Clock:      lipgloss.NewStyle().Bold(true),
		Mode:       lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#00c853")),
		ModeExit:   lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#40c4ff")),
		OK:         lipgloss.NewStyle().Foreground(lipgloss.Color("#00c853")).Bold(true),
		Warn:       lipgloss.NewStyle().Foreground(lipgloss.Color("#ffb300")).Bold(true),
		Bad:        lipgloss.NewStyle().Foreground(lipgloss.Color("#ff5252")).Bold(true),
		Dim:        lipgloss.NewStyle().Foreground(lipgloss.Color("#9e9e9e")),
		Label:      lipgloss.NewStyle().Foreground(lipgloss.Color("#9e9e9e")),
		Hint:       lipgloss.NewStyle().Foreground(lipgloss.Color("#9e9e9e")).Italic(true),
		Input:      lipgloss.NewStyle().Bold(true),
		Cursor:     lipgloss.NewStyle().Reverse(true),
		Busy:       lipgloss.NewStyle().Foreground(lipgloss.Color("#ffb300")),
		DemoIIN:    lipgloss.NewStyle(),
		Swatch:     swatch,
		QuitNotice: lipgloss.NewStyle().Reverse(true).Bold(true),
	}
}

// Screen returns the style of a full-screen result line: the tone's colours
// over the whole width, centred.
func (s *Styles) Screen(t Tone, width int) lipgloss.Style {
	p := s.Tones[t]
	return lipgloss.NewStyle().Background(p.Background).Foreground(p.Foreground).
		Width(width).Align(lipgloss.Center)
}

// fg is a style's foreground colour as hex, "" when it has none.
func (s *Styles) fg(st lipgloss.Style) string {
	if c, ok := st.GetForeground().(lipgloss.Color); ok {
		return string(c)
	}
	return ""
}
