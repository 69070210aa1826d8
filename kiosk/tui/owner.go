package tui

import (
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/pinlock"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/wedge"
)

// The owner panel's limits.
const (
	// OwnerTimeout closes the PIN prompt or the menu after this long
	// without a key, so a menu left open does not block the door.
	OwnerTimeout = 30 * time.Second
)

// ownerStage is what the owner panel shows.
type ownerStage int

const (
	ownerClosed ownerStage = iota
	ownerAskPIN
	ownerMenu
	ownerLocked
)

// ownerItem is one choice of the menu. Items are numbered from 1 in the
// order shown, then lettered from a; Close is 0.
type ownerItem struct {
	mode  door.Mode
	lang  string
	act   ownerActKind
	close bool
}

// ownerActKind is a menu item that does something beyond mode and
// language (ownerops.go carries them out).
type ownerActKind int

const (
	actNone ownerActKind = iota
	actCapacity
	actClosing
	actSync
	actQueue
	actHealth
	actCheckout
	actQuit
)

// ownerPage is what the open menu shows: the list, or one item's page.
type ownerPage int

const (
	pageMenu    ownerPage = iota
	pageEdit              // a value typed and Enter (capacity, closing time)
	pageQueue             // waiting records and dead letters
	pageHealth            // camera, scanner, storage, clock, server, sound
	pageConfirm           // check everybody out?
)

// ownerItems are the two modes, every language i18n has, the venue's
// limits, the device's actions, and Close.
var ownerItems = func() []ownerItem {
	items := []ownerItem{{mode: door.Entrance}, {mode: door.Exit}}
	for _, code := range i18n.Supported() {
		items = append(items, ownerItem{lang: code})
	}
	for _, a := range []ownerActKind{actCapacity, actClosing, actSync, actQueue, actHealth, actCheckout, actQuit} {
		items = append(items, ownerItem{act: a})
	}
	return append(items, ownerItem{close: true})
}()

// ownerActionKind is what a key in the panel asks the Model to do.
type ownerActionKind int

const (
	ownerNone     ownerActionKind = iota
	ownerScan                     // a scanner burst ended: handle it as a scan
	ownerClose                    // the owner left the panel
	ownerUnlocked                 // the right PIN
	ownerWrong                    // a wrong PIN, tries remain
	ownerLock                     // a wrong PIN, the menu is now locked
	ownerChoose                   // a menu item was chosen
	ownerCheck                    // a PIN was typed: check it (in a command)
	ownerQuit                     // the right PIN to quit the kiosk
	ownerEdit                     // a value was typed on the edit page
	ownerConfirm                  // the owner confirmed checking everybody out
	ownerQueueOp                  // r or x on the queue page
)

// ownerPurpose is why the PIN prompt is open: the owner menu, or quitting
// the kiosk from the keyboard (which needs the PIN once one is set).
type ownerPurpose int

const (
	forMenu ownerPurpose = iota
	forQuit
)

// PINGuard checks the owner PIN and owns the wrong-try count and the lock;
// kiosk/pinlock's Guard, which keeps them on disk, is one. Check may write
// a file, so it runs in a command; LockedUntil must be quick.
type PINGuard interface {
	Check(typed string, now time.Time) (pinlock.Result, error)
	LockedUntil(now time.Time) time.Time
}

type ownerAction struct {
	kind ownerActionKind
	scan scanner.Scan
	item ownerItem
	left int    // tries left after a wrong PIN
	pin  string // ownerCheck: what was typed; never logged
	text string // the value typed (ownerEdit)
	key  rune   // the queue page's key (ownerQueueOp)
}

// ownerPanel is the PIN prompt and the owner menu. Its keys go through a
// wedge.Detector of their own, so a scanner burst (fast keys ending in
// Enter) is told apart from a PIN or a menu choice and never taken for one.
// The detector holds only the latest run of fast keys: a pause moves what
// it holds to held, so a scan that follows a half-typed PIN is still one
// clean burst. The wrong-PIN count and the lock belong to the guard, so they
// outlive closing the panel (and, with kiosk/pinlock, a restart).
type ownerPanel struct {
	c     *common.Common
	guard PINGuard // nil: no PIN set, the menu is disabled

	stage    ownerStage
	purpose  ownerPurpose
	checking bool // a typed PIN is with the guard
	det      *wedge.Detector
	held     []rune // keys typed before the detector's run
	lastKey  time.Time
	cursor   int
	note     string // the outcome of the last action, shown under it
	noteBad  bool

	page    ownerPage
	editing ownerActKind // the value the edit page sets
	queue   QueueView
	qcursor int // the chosen dead letter
	health  HealthView
}

// openPage shows a page of the menu (pageMenu for the list).
func (p ownerPanel) openPage(pg ownerPage, act ownerActKind) ownerPanel {
	p.page, p.editing, p.qcursor = pg, act, 0
	p.note, p.noteBad = "", false
	if p.det != nil {
		p.det.Clear()
	}
	p.held = nil
	return p
}

func (p ownerPanel) setQueue(q QueueView) ownerPanel {
	p.queue = q
	p.qcursor = min(p.qcursor, max(len(q.Dead)-1, 0))
	return p
}

// chosenDead is the dead letter under the queue page's cursor.
func (p ownerPanel) chosenDead() (DeadItem, bool) {
	if p.page != pageQueue || p.qcursor >= len(p.queue.Dead) {
		return DeadItem{}, false
	}
	return p.queue.Dead[p.qcursor], true
}

func newOwnerPanel(c *common.Common, guard PINGuard) ownerPanel {
	return ownerPanel{c: c, guard: guard}
}

func (p ownerPanel) enabled() bool { return p.guard != nil }
func (p ownerPanel) isOpen() bool  { return p.stage != ownerClosed }

// open shows the PIN prompt, or the lock notice while locked.
func (p ownerPanel) open(now time.Time, why ownerPurpose) ownerPanel {
	p.stage, p.det, p.held, p.lastKey = ownerAskPIN, wedge.New(), nil, now
	p.note, p.noteBad, p.cursor, p.purpose, p.checking, p.page = "", false, 0, why, false, pageMenu
	if p.locked(now) {
		p.stage = ownerLocked
	}
	return p
}

func (p ownerPanel) locked(now time.Time) bool { return !p.guard.LockedUntil(now).IsZero() }

func (p ownerPanel) close() ownerPanel {
	if p.det != nil {
		p.det.Clear()
	}
	p.held = nil
	p.stage, p.note, p.noteBad = ownerClosed, "", false
	return p
}

func (p ownerPanel) setNote(text string, bad bool) ownerPanel {
	p.note, p.noteBad = text, bad
	return p
}

// expire ends the lock when its time is up, and closes the panel after
// OwnerTimeout without a key; it reports whether it closed it.
func (p ownerPanel) expire(now time.Time) (ownerPanel, bool) {
	if !p.isOpen() {
		return p, false
	}
	if now.Sub(p.lastKey) >= OwnerTimeout {
		return p.close(), true
	}
	if p.stage == ownerLocked && !p.locked(now) {
		p.stage = ownerAskPIN
	}
	return p, false
}

// update applies one key. Runes are buffered in every stage; Enter (or the
// Tab or line feed scanners may end with) first asks the detector whether
// a scanner typed the line.
func (p ownerPanel) update(msg tea.KeyMsg, now time.Time) (ownerPanel, ownerAction) {
	prev := p.lastKey
	p.lastKey = now
	switch msg.Type {
	case tea.KeyEscape:
		if p.stage == ownerMenu && p.page != pageMenu {
			return p.openPage(pageMenu, actNone), ownerAction{}
		}
		return p, ownerAction{kind: ownerClose}
	case tea.KeyRunes, tea.KeySpace:
		if msg.Alt || len(p.held)+p.det.Len() > scanner.MaxPayload {
			break
		}
		if p.stage == ownerMenu && p.page == pageQueue && len(msg.Runes) == 1 && !msg.Paste &&
			(msg.Runes[0] == 'r' || msg.Runes[0] == 'x') {
			return p, ownerAction{kind: ownerQueueOp, key: msg.Runes[0]}
		}
		if p.det.Len() > 0 && now.Sub(prev) > p.det.MaxGap {
			p.held = append(p.held, []rune(p.det.Text())...)
			p.det.Clear()
		}
		p.det.Feed(msg.Runes, now, msg.Paste)
		if p.stage == ownerMenu && p.page == pageMenu && len(msg.Runes) == 1 {
			if i, ok := itemForDigit(msg.Runes[0]); ok {
				p.cursor = i
			}
		}
	case tea.KeyBackspace, tea.KeyCtrlH:
		if p.det.Len() > 0 {
			p.det.Backspace(now)
		} else if len(p.held) > 0 {
			p.held = p.held[:len(p.held)-1]
		}
	case tea.KeyCtrlU:
		p.det.Clear()
		p.held = nil
	case tea.KeyUp:
		switch {
		case p.stage == ownerMenu && p.page == pageQueue:
			p.qcursor = max(p.qcursor-1, 0)
		case p.stage == ownerMenu && p.page == pageMenu:
			p.cursor = (p.cursor + len(ownerItems) - 1) % len(ownerItems)
		}
	case tea.KeyDown:
		switch {
		case p.stage == ownerMenu && p.page == pageQueue:
			p.qcursor = min(p.qcursor+1, max(len(p.queue.Dead)-1, 0))
		case p.stage == ownerMenu && p.page == pageMenu:
			p.cursor = (p.cursor + 1) % len(ownerItems)
		}
	case tea.KeyEnter, tea.KeyTab, tea.KeyCtrlJ:
		return p.enter(now)
	}
	return p, ownerAction{}
}

func (p ownerPanel) enter(now time.Time) (ownerPanel, ownerAction) {
	typed := p.det.Len()+len(p.held) > 0
	text, fast := p.det.Enter(now)
	if fast && text != "" {
		p.held = nil
		return p, ownerAction{kind: ownerScan, scan: scanner.Scan{Payload: text, Source: scanner.SourceWedge, At: now}}
	}
	text = string(p.held) + text
	p.held = nil
	switch p.stage {
	case ownerAskPIN:
		if !typed || p.checking {
			return p, ownerAction{}
		}
		p.checking = true
		return p, ownerAction{kind: ownerCheck, pin: text}
	case ownerMenu:
		switch p.page {
		case pageEdit:
			return p, ownerAction{kind: ownerEdit, text: text}
		case pageConfirm:
			return p, ownerAction{kind: ownerConfirm}
		case pageQueue, pageHealth:
			return p.openPage(pageMenu, actNone), ownerAction{}
		}
		it := ownerItems[p.cursor]
		if it.close {
			return p, ownerAction{kind: ownerClose}
		}
		return p, ownerAction{kind: ownerChoose, item: it}
	}
	return p, ownerAction{}
}

// checked applies the guard's answer to a typed PIN.
func (p ownerPanel) checked(r pinlock.Result) (ownerPanel, ownerAction) {
	p.checking = false
	if !p.isOpen() {
		return p, ownerAction{} // closed meanwhile (a scan, the timeout)
	}
	switch {
	case r.OK && p.purpose == forQuit:
		return p, ownerAction{kind: ownerQuit}
	case r.OK:
		p.stage, p.cursor = ownerMenu, 0
		return p.setNote("", false), ownerAction{kind: ownerUnlocked}
	case r.Locked():
		p.stage = ownerLocked
		if r.NewLock {
			return p, ownerAction{kind: ownerLock}
		}
		return p, ownerAction{}
	}
	return p.setNote(p.c.Lang.F(i18n.OwnerWrongPIN, r.Left), true), ownerAction{kind: ownerWrong, left: r.Left}
}

// itemForDigit maps a typed key to its menu item: 1..9 in order, then a,
// b, c..., and 0 Close.
func itemForDigit(r rune) (int, bool) {
	n := len(ownerItems) - 1 // without Close
	switch {
	case r == '0':
		return n, true
	case r >= '1' && r <= '9' && int(r-'1') < n:
		return int(r - '1'), true
	case r >= 'a' && r <= 'z' && 9+int(r-'a') < n:
		return 9 + int(r-'a'), true
	}
	return 0, false
}

// itemKey is the key shown beside item i.
func itemKey(i int) string {
	switch {
	case i == len(ownerItems)-1:
		return "0"
	case i < 9:
		return string(rune('1' + i))
	}
	return string(rune('a' + i - 9))
}

// pinShown is at most this many dots: a scanner burst on its way to being a
// scan must not fill the screen.
const pinShown = 12

// view draws the panel in a box in the middle of the screen. mode (the
// device's) and the UI's language are marked in the menu.
func (p ownerPanel) view(now time.Time, mode door.Mode, ctx ownerContext) string {
	st, c := p.c.Styles, p.c.Lang
	title := c.T(i18n.OwnerTitle)
	if p.purpose == forQuit {
		title = c.T(i18n.OwnerQuitTitle)
	}
	lines := []string{st.Header.Render(title), ""}
	switch p.stage {
	case ownerAskPIN:
		dots := strings.Repeat("•", min(len(p.held)+p.det.Len(), pinShown))
		lines = append(lines, st.Label.Render(c.T(i18n.OwnerPIN))+" "+st.Input.Render(dots)+st.Cursor.Render(" "))
		lines = append(lines, p.noteLine(), st.Hint.Render(c.T(i18n.OwnerPINHelp)))
	case ownerLocked:
		left := int(p.guard.LockedUntil(now).Sub(now).Round(time.Second) / time.Second)
		lines = append(lines, st.Bad.Render(c.F(i18n.OwnerLocked, max(left, 1))))
	case ownerMenu:
		if p.page != pageMenu {
			lines = append(lines, p.pageLines(now, ctx)...)
			return p.box(lines)
		}
		// A short screen gets the items without their group labels and
		// help, so that every item still shows.
		compact := p.c.Height < len(ownerItems)+14
		lines = append(lines, p.menuLines(mode, string(c.Lang()), ctx, compact)...)
		lines = append(lines, "", p.noteLine())
		if !compact {
			lines = append(lines, st.Hint.Render(c.T(i18n.OwnerMenuHelp)))
		}
	}
	return p.box(lines)
}

// box draws lines in a rounded box in the middle of the screen. The box
// hugs its text and wraps it on a narrow screen rather than losing its
// right edge; on a short screen it drops its padding and blank lines, then
// its last lines, so the view never scrolls the terminal.
func (p ownerPanel) box(lines []string) string { return drawBox(p.c, lines) }

// drawBox is ownerPanel.box for any panel.
func drawBox(c *common.Common, lines []string) string {
	style := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(1, 3)
	render := func(lines []string, pad int) string {
		body := strings.Join(lines, "\n")
		// Width counts the padding, not the border.
		w := min(lipgloss.Width(body)+2*pad, max(c.Width-2, 12))
		return style.Width(w).Render(body)
	}
	out := render(lines, 3)
	if lipgloss.Height(out) > c.Height {
		style = style.Padding(0, 1)
		out = render(slices.DeleteFunc(slices.Clone(lines), func(l string) bool { return l == "" }), 1)
		out = lipgloss.NewStyle().MaxHeight(c.Height).Render(out)
	}
	return lipgloss.Place(c.Width, c.Height, lipgloss.Center, lipgloss.Center, out)
}

func (p ownerPanel) menuLines(mode door.Mode, lang string, ctx ownerContext, compact bool) []string {
	st, c := p.c.Styles, p.c.Lang
	var out []string
	for i, it := range ownerItems {
		switch {
		case compact:
		case i == 0:
			out = append(out, st.Label.Render(c.T(i18n.OwnerModeLabel)))
		case i == 2:
			out = append(out, st.Label.Render(c.T(i18n.OwnerLangLabel)))
		case i == 5:
			out = append(out, st.Label.Render(c.T(i18n.OwnerVenueLabel)))
		case i == 7:
			out = append(out, st.Label.Render(c.T(i18n.OwnerDeviceLabel)))
		case i == len(ownerItems)-1:
			out = append(out, "")
		}
		var name string
		current := false
		switch {
		case it.close:
			name = c.T(i18n.OwnerClose)
		case it.act != actNone:
			name = actName(c, it.act, ctx)
		case it.mode == door.Exit:
			name, current = c.T(i18n.ModeExit), mode == door.Exit
		case it.mode != "":
			name, current = c.T(i18n.ModeEntrance), mode != door.Exit
		default:
			name, current = i18n.Name(it.lang), lang == it.lang
		}
		row := "  " + itemKey(i) + "  " + name
		if current {
			row += "  ●"
		}
		if i == p.cursor {
			out = append(out, st.Cursor.Render("▸"+row+" "))
		} else {
			out = append(out, " "+row)
		}
	}
	return out
}

func (p ownerPanel) noteLine() string {
	switch {
	case p.note == "":
		return ""
	case p.noteBad:
		return p.c.Styles.Bad.Render(p.note)
	}
	return p.c.Styles.OK.Render(p.note)
}
