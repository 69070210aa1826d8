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
	for _, s := range bigtext.Scales() {
		if bs, fit := stack(titles, s, width, height); fit {
			return bs, true
		}
	}
	if len(titles) > 1 {
		last := titles[len(titles)-1]
		plainRows := len(titles) - 1
		if block, fit := bigtext.Render(last, width, height-plainRows); fit {
			out := make([]string, len(titles))
			out[len(out)-1] = block
			return out, true
		}
	}
	return nil, false
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
