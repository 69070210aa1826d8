package tui

import (
	"strings"

	"github.com/ashyq/kiosk/kiosk/tui/bigtext"
)

// titleBlocks lays titles out one under another in the big font, every one
// at the same, largest scale at which all fit in width by height with a
// blank font pixel between them: one size reads as one message. When they
// cannot all fit, the last title (the verdict) keeps the big font alone
// and the others are left for plain lines; ok is false only when even the
// last does not fit.
func titleBlocks(titles []string, width, height int) (blocks []string, ok bool) {
	l, ok := titleLayout(screen{titles: titles, main: len(titles) - 1}, width, height)
	return l.blocks, ok
}

// layout is the titles a screen shows and their big blocks, "" for a
// title drawn as a plain line.
type layout struct {
	titles, blocks []string
	scale          bigtext.Scale // the blocks' scale; zero when not all are big
}

// arrangements are the ways a screen's titles may be written: as given,
// then the alternative (the symbol beside the colour rather than the
// verdict, so that "ENTRY DENIED" fits one line of a small screen).
func (s screen) arrangements() [][]string {
	if len(s.alt) == len(s.titles) && len(s.alt) > 0 {
		return [][]string{s.titles, s.alt}
	}
	return [][]string{s.titles}
}

// titleLayout finds the largest scale at which every title of one
// arrangement fits in width by height; failing that, the main title big
// alone, the others plain lines. ok is false when even that does not fit.
func titleLayout(s screen, width, height int) (layout, bool) {
	var best layout
	for _, titles := range s.arrangements() {
		for _, sc := range bigtext.Scales() {
			if best.scale != (bigtext.Scale{}) && sc.X*sc.Y <= best.scale.X*best.scale.Y {
				break
			}
			if stackFits(titles, sc, width, height) {
				bs, _ := stack(titles, sc, width, height)
				best = layout{titles: titles, blocks: bs, scale: sc}
				break
			}
		}
	}
	if best.blocks != nil {
		return best, true
	}
	main := min(max(s.main, 0), len(s.titles)-1)
	plainRows := len(s.titles) - 1
	if block, fit := bigtext.Render(s.titles[main], width, height-plainRows); fit {
		out := make([]string, len(s.titles))
		out[main] = block
		return layout{titles: s.titles, blocks: out}, true
	}
	return layout{titles: s.titles, blocks: make([]string, len(s.titles))}, false
}

// withHeadline lays out the titles with the headline in the big font under
// them, at most half the titles' scale each way so it reads as a second
// voice, with the titles at least a third as large (by area) as they would
// be alone: a wide pixel that wraps "ENTRY DENIED" onto two lines gives way
// to a smaller one that keeps it on one, and room for the reason. ok is
// false when the screen has no such room.
func withHeadline(s screen, width, height int) (layout, string, bool) {
	alone, ok := titleLayout(s, width, height)
	if !ok || alone.scale.Y < 2 {
		return layout{}, "", false
	}
	area := alone.scale.X * alone.scale.Y
	// Sizes are found without drawing (bigtext.Rows); only the choice is
	// drawn: the search tries dozens of pairs of scales.
	for _, sc := range bigtext.Scales() {
		a := sc.X * sc.Y
		if a > area || sc.Y < 2 {
			continue
		}
		if 3*a < area {
			break
		}
		for _, hs := range bigtext.Scales() {
			if 2*hs.Y > sc.Y || 2*hs.X > sc.X {
				continue
			}
			rows, fit := bigtext.Rows(s.headline, hs, width, height)
			if !fit {
				continue
			}
			room := height - rows - hs.Y
			for _, titles := range s.arrangements() {
				if stackFits(titles, sc, width, room) {
					bs, _ := stack(titles, sc, width, room)
					head, _ := bigtext.RenderAt(s.headline, hs, width, height)
					return layout{titles: titles, blocks: bs, scale: sc}, head, true
				}
			}
		}
	}
	return layout{}, "", false
}

// stackFits reports whether stack would fit, without drawing.
func stackFits(titles []string, s bigtext.Scale, width, height int) bool {
	room := height - (len(titles)-1)*s.Y
	for _, t := range titles {
		rows, ok := bigtext.Rows(t, s, width, room)
		if !ok {
			return false
		}
		room -= rows
	}
	return true
}

// stack draws every title at scale s within width by height, or reports
// that they do not fit.
func stack(titles []string, s bigtext.Scale, width, height int) ([]string, bool) {
	out := make([]string, 0, len(titles))
	room := height - (len(titles)-1)*s.Y
	for _, t := range titles {
		block, ok := bigtext.RenderAt(t, s, width, room)
		if !ok {
			return nil, false
		}
		out = append(out, block)
		room -= strings.Count(block, "\n") + 1
	}
	return out, true
}
