package tui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui/bigtext"
)

// TestTitlesFillTheScreen: on every screen from the Linux console to a
// 24-inch monitor, the verdict's titles in every language take most of the
// room the details leave them, and a tiny terminal gets plain lines
// instead of a broken frame.
func TestTitlesFillTheScreen(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 25}, {120, 40}, {200, 60}}
	for _, lang := range i18n.Supported() {
		c := i18n.For(lang)
		for _, titles := range [][]string{
			{c.T(i18n.ColourGreen), string(bigtext.Tick) + " " + c.T(i18n.Welcome)},
			{c.T(i18n.ColourRed), string(bigtext.Cross) + " " + c.T(i18n.EntryDenied)},
		} {
			for _, sz := range sizes {
				room := sz.h - 6 // the details and margins
				blocks, ok := titleBlocks(titles, sz.w-2, room)
				if !ok {
					t.Errorf("%s %v at %dx%d: no big titles", lang, titles, sz.w, sz.h)
					continue
				}
				rows, wide := 0, 0
				for i, b := range blocks {
					if i > 0 && b != "" && blocks[i-1] != "" {
						rows++ // the blank between two big titles
					}
					for _, r := range strings.Split(b, "\n") { // "" is one plain line
						rows++
						wide = max(wide, utf8.RuneCountInString(r))
					}
				}
				if rows > room || wide > sz.w-2 {
					t.Errorf("%s %v at %dx%d: %d rows, %d wide overflow", lang, titles, sz.w, sz.h, rows, wide)
				}
				// Most of the width or most of the height: a word is
				// limited by one or the other.
				if 10*wide < 6*sz.w && 10*rows < 5*room {
					t.Errorf("%s %v at %dx%d: titles only %d wide, %d tall", lang, titles, sz.w, sz.h, wide, rows)
				}
			}
		}
	}
	if _, ok := titleBlocks([]string{"GREEN", "WELCOME"}, 30, 6); ok {
		t.Error("titles claimed to fit a 30x6 room")
	}
}
