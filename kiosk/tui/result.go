package tui

import (
	"errors"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui/bigtext"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
)

// resultPage is the full-screen answer to a scan: a verdict, a refused code,
// a failed record or an error. It stays until a deadline or a key.
type resultPage struct {
	c *common.Common

	shown *screen // nil while idle; a new one for every result
	until time.Time

	// frame is the last frame drawn, and drawn what it was drawn from. A
	// result's frame changes only when the countdown moves, while Update
	// runs for every message (each key of a scanner burst), and the big
	// titles are most of a frame's cost.
	frame string
	drawn frameKey
}

type frameKey struct {
	shown         *screen // a new pointer for every result
	left          int     // seconds on the countdown
	width, height int
	lang          i18n.Lang
}

// screen is what a result shows: a tone, big titles and detail lines.
type screen struct {
	tone    common.Tone
	titles  []string
	details []string
}

func newResultPage(c *common.Common) resultPage {
	return resultPage{c: c}
}

func (p resultPage) showing() bool { return p.shown != nil }

func (p resultPage) dismiss() resultPage {
	p.shown = nil
	return p
}

// expire returns to idle once the deadline has passed.
func (p resultPage) expire(now time.Time) resultPage {
	if p.shown != nil && !now.Before(p.until) {
		p.shown = nil
	}
	return p
}

func (p resultPage) showVerdict(v door.Verdict, now time.Time, d time.Duration) resultPage {
	s := verdictScreen(p.c.Lang, v)
	p.shown, p.until = &s, now.Add(d)
	return p
}

func (p resultPage) showError(err error, now time.Time, d time.Duration) resultPage {
	var s screen
	var pe *scanner.PayloadError
	switch {
	case errors.As(err, &pe):
		s = invalidScreen(p.c.Lang, pe)
	case errors.Is(err, door.ErrNotRecorded):
		s = notRecordedScreen(p.c.Lang, err)
	default:
		s = errorScreen(p.c.Lang, err)
	}
	p.shown, p.until = &s, now.Add(d)
	return p
}

// prepare draws the result's frame again when the countdown, the result,
// the size or the language has changed since the last one.
func (p resultPage) prepare(now time.Time) resultPage {
	if p.shown == nil {
		p.frame, p.drawn = "", frameKey{}
		return p
	}
	left := max(int(math.Ceil(p.until.Sub(now).Seconds())), 0)
	key := frameKey{shown: p.shown, left: left, width: p.c.Width, height: p.c.Height, lang: p.c.Lang.Lang()}
	if key != p.drawn {
		p.frame, p.drawn = p.draw(*p.shown, left), key
	}
	return p
}

// draw fills the whole screen with the tone's background: the titles in the
// big font (plain bold when it cannot fit), then the details and a countdown
// of left seconds, centred.
func (p resultPage) draw(s screen, left int) string {
	style := p.c.Styles.Screen(s.tone, p.c.Width)
	details := append(append([]string{}, s.details...), p.c.Lang.F(i18n.Countdown, left))

	var detailRows []string
	for _, d := range details {
		detailRows = append(detailRows, strings.Split(style.Render(d), "\n")...)
	}
	titleRows := p.bigTitles(s.titles, style, p.c.Height-len(detailRows)-1)
	body := append(titleRows, style.Render(""))
	body = append(body, detailRows...)

	blank := style.Render("")
	topPad := max((p.c.Height-len(body))/2, 0)
	rows := make([]string, 0, p.c.Height)
	for i := 0; i < topPad; i++ {
		rows = append(rows, blank)
	}
	rows = append(rows, body...)
	for len(rows) < p.c.Height {
		rows = append(rows, blank)
	}
	return strings.Join(rows[:p.c.Height], "\n")
}

// bigTitles draws the titles one under another within height rows, in the
// big font as titleBlocks lays them out; a title left without a block, or
// all of them when even the verdict cannot be big, is a plain bold line.
func (p resultPage) bigTitles(titles []string, style lipgloss.Style, height int) []string {
	bold := style.Bold(true)
	blocks, ok := titleBlocks(titles, p.c.Width-2, height)
	if !ok {
		blocks = make([]string, len(titles))
	}
	var rows []string
	for i, t := range titles {
		if i > 0 && blocks[i] != "" && blocks[i-1] != "" {
			rows = append(rows, style.Render(""))
		}
		if blocks[i] == "" {
			rows = append(rows, strings.Split(bold.Render(bigtext.Plain(t)), "\n")...)
			continue
		}
		for _, r := range strings.Split(blocks[i], "\n") {
			rows = append(rows, bold.Render(r))
		}
	}
	return rows
}
