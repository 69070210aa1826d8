package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
)

// bigKey is everything the idle screen's big block is drawn from.
type bigKey struct {
	lang     i18n.Lang
	mode     door.Mode
	inside   int64
	capacity int
	w, h     int
	dim      bool
	offline  string // the offline word, "" online
}

// bigTitles are the idle block's lines, largest first: the mode, then at
// an entrance OPEN or FULL with the count ("OPEN 12/40"), at an exit the
// count alone. On a screen too small for both big, the second choice keeps
// only the count big, under one plain line with the mode and the state.
func (p idlePage) bigTitles(st idleState) [][]string {
	c := p.c.Lang
	mode, _ := p.modeText(st.mode)
	count := fmt.Sprint(st.count.Inside)
	if st.count.Capacity > 0 {
		count += "/" + fmt.Sprint(st.count.Capacity)
	}
	if p.offline() {
		// Offline the door says so in large letters; the count, an
		// estimate now, goes to the line under the block.
		return [][]string{{mode, p.offlineWord()}}
	}
	if st.mode == door.Exit {
		return [][]string{{mode, count}}
	}
	state := c.T(i18n.Open)
	if st.count.Full() {
		state = c.T(i18n.Full)
	}
	return [][]string{{mode, state + " " + count}, {mode + " · " + state, count}}
}

// bigBlock draws the idle block in w by h, or keeps the last drawing when
// nothing it was drawn from changed: the clock redraws the screen every
// second, the block changes only with the mode, the count, the language
// or the room.
func (p idlePage) bigBlock(st idleState, w, h int, dim bool) modeBlock {
	key := bigKey{lang: p.c.Lang.Lang(), mode: st.mode, inside: st.count.Inside,
		capacity: st.count.Capacity, w: w, h: h, dim: dim}
	if p.offline() {
		key.offline = p.offlineWord()
	}
	if p.mode.key == key {
		return p.mode
	}
	m := modeBlock{key: key}
	var titles, blocks []string
	for _, t := range p.bigTitles(st) {
		if bs, ok := titleBlocks(t, w, h); ok {
			titles, blocks = t, bs
			break
		}
	}
	if blocks == nil {
		return m
	}
	_, modeStyle := p.modeText(st.mode)
	countStyle := p.c.Styles.Header
	switch {
	case p.offline():
		// Not the green of an open door: the door works, unchecked.
		modeStyle, countStyle = p.c.Styles.Warn, p.c.Styles.Bad
	case st.count.Full():
		countStyle = p.c.Styles.Bad
	}
	if dim {
		modeStyle, countStyle = p.c.Styles.Dim, p.c.Styles.Dim
	}
	centre := lipgloss.NewStyle().Width(w).Align(lipgloss.Center)
	var rows []string
	for i, b := range blocks {
		style := modeStyle
		if i > 0 {
			style = countStyle
		}
		if b == "" {
			rows = append(rows, centre.Render(style.Render(plainTitle(titles[i]))))
			continue
		}
		if i > 0 && blocks[i-1] != "" {
			rows = append(rows, "")
		}
		rows = append(rows, centre.Render(style.Render(b)))
	}
	m.block = strings.Join(rows, "\n")
	return m
}

// plainTitle is a title for a row without the big font.
func plainTitle(t string) string { return "▶ " + strings.ToUpper(t) + " ◀" }

// countPlain is the count in one line, for a screen too small for the
// big block.
func (p idlePage) countPlain(cnt door.Count) string {
	st := p.c.Styles
	if cnt.Full() {
		return st.Bad.Render(p.countPlainText(cnt))
	}
	return st.Header.Render(p.countPlainText(cnt))
}

// countPlainText is countPlain's text, unstyled.
func (p idlePage) countPlainText(cnt door.Count) string {
	c := p.c.Lang
	switch {
	case cnt.Capacity == 0:
		return c.F(i18n.CapacityNone, cnt.Inside)
	case cnt.Full():
		return c.T(i18n.Full) + " · " + c.F(i18n.InsideOf, cnt.Inside, cnt.Capacity)
	}
	return c.F(i18n.InsideOf, cnt.Inside, cnt.Capacity)
}

// countLine says where the head count comes from (the server, an offline
// estimate, this device alone) and when the venue closes.
func (p idlePage) countLine(cnt door.Count) string {
	c, st := p.c.Lang, p.c.Styles
	var text string
	switch cnt.Source {
	case door.CountUpstream:
		text = c.T(i18n.CountUpstream)
	case door.CountEstimate:
		text = c.T(i18n.CountEstimate)
	default:
		text = c.T(i18n.CountLocal)
	}
	if p.offline() {
		text = p.countPlainText(cnt) + " · " + c.T(i18n.CountEstimateShort)
	}
	if p.closing != "" {
		text += " · " + c.F(i18n.ClosingAt, p.closing)
	}
	style := st.Dim
	if cnt.Source == door.CountEstimate {
		style = st.Warn
	}
	return style.Render(text)
}

// saverStep is how often the screen saver moves its content.
const saverStep = time.Minute

// renderSaver draws the screen saver: the big block, dimmed, and the clock,
// at an offset that moves one step a minute round the free room, so no
// cell stays lit in one place; the count stays readable from the door.
func (p idlePage) renderSaver(now time.Time, st idleState) (idlePage, string) {
	w, h := p.c.Width, p.c.Height
	p.mode = p.bigBlock(st, max(w*2/3, 20), max(h*2/3, 7), true)
	block := p.mode.block
	if block == "" {
		block = p.c.Styles.Dim.Render(p.countPlain(st.count))
	}
	lines := append(strings.Split(block, "\n"), "", p.c.Styles.Dim.Render(now.Format("15:04")+"  "+p.c.Lang.T(i18n.WakeHint)))
	bw, bh := lipgloss.Width(strings.Join(lines, "\n")), len(lines)
	step := int(now.Unix() / int64(saverStep/time.Second))
	freeX, freeY := max(w-bw, 0), max(h-bh, 0)
	x, y := bounce(step*7, freeX), bounce(step*3, freeY)
	box := lipgloss.NewStyle().MarginLeft(x).MarginTop(y).Render(strings.Join(lines, "\n"))
	return p, lipgloss.NewStyle().Width(w).Height(h).MaxWidth(w).MaxHeight(h).Render(box)
}

// bounce maps a growing step onto 0..n and back, like a ball between two
// walls.
func bounce(step, n int) int {
	if n <= 0 {
		return 0
	}
	k := step % (2 * n)
	if k > n {
		k = 2*n - k
	}
	return k
}
