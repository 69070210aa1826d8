package tui

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/keymap"
	"github.com/ashyq/kiosk/scanner/throttle"
	"github.com/ashyq/kiosk/scanner/wedge"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// field is the input line. Its wedge.Detector holds the text and the key
// timing; the pointer is shared by copies of the model, which is fine as
// bubbletea keeps only the latest model.
type field struct {
	c   *common.Common
	det *wedge.Detector
	lim *throttle.Limiter // keeps a jammed wedge scanner from flooding the queue
}

func newField(c *common.Common, det *wedge.Detector, lim *throttle.Limiter) field {
	return field{c: c, det: det, lim: lim}
}

// update applies one key. On Enter (or the Tab or line feed some scanners
// end with) it returns the line as a scan; an empty line submits nothing.
func (f field) update(msg tea.KeyMsg, now time.Time) (field, *scanner.Scan) {
	switch msg.Type {
	case tea.KeyRunes, tea.KeySpace:
		// A runaway scanner must not grow the line without bound; one
		// rune over the limit is enough for the Engine to say "too long".
		if !msg.Alt && f.det.Len() <= scanner.MaxPayload {
			if f.det.Feed(msg.Runes, now, msg.Paste) {
				return f, cutScan(now)
			}
		}
	case tea.KeyBackspace, tea.KeyCtrlH:
		f.det.Backspace(now)
	case tea.KeyCtrlU, tea.KeyEscape:
		f.det.Clear()
	case tea.KeyEnter, tea.KeyTab, tea.KeyCtrlJ: // as endsLine
		if f.det.Len() == 0 {
			return f, nil
		}
		text, fast := f.det.Enter(now)
		if fast {
			// A scanner types ASCII; Cyrillic in its burst is the
			// terminal's Russian or Kazakh layout, undone here.
			text = keymap.FromHostLayout(text)
		}
		if fast && f.lim.Allow(text, now) != throttle.Pass {
			// A scanner repeating a code (a card left in front of it)
			// or sending faster than visitors walk: not a new visit.
			f.c.Logger.Warn("wedge scan dropped by the throttle", "dropped", f.lim.Dropped())
			return f, nil
		}
		return f, &scanner.Scan{Payload: text, Source: wedge.Source(fast), At: now}
	}
	return f, nil
}

// endsLine: the keys that end a line, Enter or the Tab or line feed some
// scanners end with.
func endsLine(msg tea.KeyMsg) bool {
	return msg.Type == tea.KeyEnter || msg.Type == tea.KeyTab || msg.Type == tea.KeyCtrlJ
}

// expire drops a scanner burst that never got its Enter, and returns it as
// a cut scan so the visitor is told to scan again.
func (f field) expire(now time.Time) *scanner.Scan {
	if f.det.Expire(now) {
		return cutScan(now)
	}
	return nil
}

func cutScan(now time.Time) *scanner.Scan {
	return &scanner.Scan{Source: scanner.SourceWedge, At: now, Cut: true}
}

// view draws the prompt, the masked text and a cursor. A long line shows
// its end, where the typing happens.
func (f field) view() string {
	st := f.c.Styles
	prompt := st.Label.Render(f.c.Lang.T(i18n.InputPrompt)) + " "
	text := maskTyped(f.det.Text())
	room := f.c.Width - len([]rune(f.c.Lang.T(i18n.InputPrompt))) - 4
	if r := []rune(text); room > 0 && len(r) > room {
		text = "…" + string(r[len(r)-room+1:])
	}
	return prompt + st.Input.Render(text) + st.Cursor.Render(" ")
}

// typedVisible is how many of the last typed characters stay readable.
const typedVisible = 4

// maskTyped hides all but the last few characters of the line: people
// queueing behind must not read an IIN off the screen, while staff still see
// each digit as they type it and how many they have typed. The visible tail
// is untrusted and sanitized.
func maskTyped(s string) string {
	r := []rune(s)
	if len(r) <= typedVisible {
		return safetext.Clean(s, 0)
	}
	n := len(r) - typedVisible
	return strings.Repeat("•", n) + safetext.Clean(string(r[n:]), 0)
}
