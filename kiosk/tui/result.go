package tui

import (
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui/bigtext"
	"github.com/ashyq/kiosk/kiosk/tui/common"
)

// resultPage is the full-screen answer to a scan: a verdict, a refused code,
// a failed record or an error. It stays until a deadline or a key.
type resultPage struct {
	c    *common.Common
	opts screenOpts

	shown *screen // nil while idle; a new one for every result
	until time.Time
	// shownVerdict is the verdict on screen, for staff to override; nil
	// for anything else.
	shownVerdict *door.Verdict

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

// screen is what a result shows: a tone, big titles, a headline (a few
// words: drawn big, smaller than the titles, when the screen has room, else
// a plain line) and detail lines.
type screen struct {
	tone   common.Tone
	titles []string
	// alt writes the titles another way, tried when titles cannot all be
	// big; main is the title that stays big when not all can.
	alt      []string
	main     int
	headline string
	// headlineSaid: a detail says what the headline says, so a screen
	// with no room for the headline in the big font leaves it out.
	headlineSaid bool
	details      []string
}

func newResultPage(c *common.Common, o screenOpts) resultPage {
	return resultPage{c: c, opts: o}
}

func (p resultPage) showing() bool { return p.shown != nil }

func (p resultPage) dismiss() resultPage {
	p.shown, p.shownVerdict = nil, nil
	return p
}

// verdict is the verdict on screen, if a verdict is.
func (p resultPage) verdict() (door.Verdict, bool) {
	if p.shown == nil || p.shownVerdict == nil {
		return door.Verdict{}, false
	}
	return *p.shownVerdict, true
}

// expire returns to idle once the deadline has passed.
func (p resultPage) expire(now time.Time) resultPage {
	if p.shown != nil && !now.Before(p.until) {
		p.shown, p.shownVerdict = nil, nil
	}
	return p
}

func (p resultPage) showVerdict(v door.Verdict, now time.Time, d time.Duration) resultPage {
	s := verdictScreen(p.c.Lang, v, p.opts)
	p.shown, p.until, p.shownVerdict = &s, now.Add(d), &v
	return p
}

func (p resultPage) showError(err error, now time.Time, d time.Duration) resultPage {
	s := errorScreenFor(p.c.Lang, err)
	p.shown, p.until, p.shownVerdict = &s, now.Add(d), nil
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
// big font (plain bold when they cannot fit), the headline, then the
// details and a countdown of left seconds, centred.
func (p resultPage) draw(s screen, left int) string {
	style := p.c.Styles.Screen(s.tone, p.c.Width)
	details := append(append([]string{}, s.details...), p.c.Lang.F(i18n.Countdown, left))

	var detailRows []string
	for _, d := range details {
		detailRows = append(detailRows, strings.Split(style.Render(d), "\n")...)
	}
	body := p.bigBody(s, style, p.c.Height-len(detailRows)-1)
	body = append(body, style.Render(""))
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

// bigBody is the titles and the headline within height rows. The headline
// is drawn in the big font, smaller than the titles, when the screen has
// room for it beside titles at least nearly as large as they would be
// alone; else it is a plain bold line under them, so it grows with the
// screen and never takes the verdict's size.
func (p resultPage) bigBody(s screen, style lipgloss.Style, height int) []string {
	bold := style.Bold(true)
	width := p.c.Width - 2
	if s.headline != "" {
		if l, head, ok := withHeadline(s, width, height); ok {
			rows := titleRows(l, style)
			rows = append(rows, style.Render(""))
			for _, r := range strings.Split(head, "\n") {
				rows = append(rows, bold.Render(r))
			}
			return rows
		}
		if s.headlineSaid {
			s.headline = ""
		} else {
			height--
		}
	}
	l, _ := titleLayout(s, width, height)
	rows := titleRows(l, style)
	if s.headline != "" {
		rows = append(rows, strings.Split(bold.Render(s.headline), "\n")...)
	}
	return rows
}

// titleRows draws the titles one under another: a big block each, or a
// plain bold line for a title left without one.
func titleRows(l layout, style lipgloss.Style) []string {
	bold := style.Bold(true)
	var rows []string
	for i, t := range l.titles {
		if i > 0 && l.blocks[i] != "" && l.blocks[i-1] != "" {
			rows = append(rows, style.Render(""))
		}
		if l.blocks[i] == "" {
			rows = append(rows, strings.Split(bold.Render(bigtext.Plain(t)), "\n")...)
			continue
		}
		for _, r := range strings.Split(l.blocks[i], "\n") {
			rows = append(rows, bold.Render(r))
		}
	}
	return rows
}
