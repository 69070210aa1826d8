package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// skewLimit is the clock difference beyond which the idle screen warns:
// verdicts on time-limited passes depend on the device clock.
const skewLimit = 30 * time.Second

// idlePage is the screen between scans: where the device is, what state it
// is in, and the input line.
type idlePage struct {
	c    *common.Common
	opts *Options

	sync       syncer.State
	haveSync   bool
	camera     scanner.CameraStatus
	haveCamera bool
	cameraAt   time.Time              // when the camera's state last changed
	devices    []scanner.DeviceStatus // hardware scanners, see devices.go
	byOwner    bool                   // the mode was set in the owner menu
	closing    string                 // the venue's closing time, "" none: Options.ClosingTime, then the owner's

	// mode is the last big mode drawn: the clock redraws the screen every
	// second, the mode block changes only with the mode, the language or
	// the room. render keeps it up to date.
	mode modeBlock
}

// modeBlock is the drawn big block (mode, open or full, the count) and
// what it was drawn from.
type modeBlock struct {
	key   bigKey
	block string // "" when the big font does not fit
}

func newIdlePage(c *common.Common, opts *Options) idlePage {
	return idlePage{c: c, opts: opts, byOwner: opts.ModeSetByOwner, closing: opts.ClosingTime, mode: modeBlock{key: bigKey{w: -1}}}
}

func (p idlePage) setSync(st syncer.State) idlePage {
	p.sync, p.haveSync = st, true
	return p
}

func (p idlePage) setClosing(t string) idlePage {
	p.closing = t
	return p
}

func (p idlePage) setModeByOwner(by bool) idlePage {
	p.byOwner = by
	return p
}

func (p idlePage) setCamera(st scanner.CameraStatus, now time.Time) idlePage {
	if !p.haveCamera || st.State != p.camera.State {
		p.cameraAt = now
	}
	p.camera, p.haveCamera = st, true
	return p
}

// cameraNoneAfter is how long the camera may search before the idle screen
// says there is none: a machine without a camera must not read "searching"
// forever. The camera goes on looking, and one plugged in is found.
const cameraNoneAfter = 5 * time.Second

// idleState is what the root model knows that the idle page shows.
type idleState struct {
	mode       door.Mode
	count      door.Count
	in         field
	busy       bool
	queued     int
	quitNotice bool
	ownerOff   bool // F2 or ctrl+o was pressed with no owner PIN set
	saver      bool // the screen saver is on
}

// render lays the screen out top to bottom. The big block (mode, open or
// full, how many inside) is what a visitor reads from across the room;
// when the screen is too short it keeps the count big and the mode plain,
// then goes plain, then the demo table loses its last rows. With the
// screen saver on, only the big block and the clock remain, dimmed, at a
// place that moves every minute. The page it returns holds the big block
// it drew.
func (p idlePage) render(now time.Time, st idleState) (idlePage, string) {
	if st.saver {
		return p.renderSaver(now, st)
	}
	tw, height := p.textWidth(), p.c.Height
	top := []string{p.header(now, tw), ""}
	rest := append([]string{p.countLine(st.count), ""}, p.statusLines(now)...)
	rest = append(rest, "", st.in.view(), p.hintLine(st))
	demo := p.demoLines(tw)

	fixed := len(top) + len(rest)
	p.mode = p.bigBlock(st, tw, height-fixed-len(demo), false)
	block := p.mode.block
	if block == "" {
		block = p.modePlain(st.mode) + "  " + p.countPlain(st.count)
		if p.offline() {
			block = p.modePlain(st.mode) + "  " + p.c.Styles.Bad.Render(p.offlineWord())
		}
	}
	lines := append(top, strings.Split(block, "\n")...)
	lines = append(lines, rest...)
	if room := height - len(lines); len(demo) > room {
		demo = demo[:max(room, 0)]
	}
	lines = append(lines, demo...)
	return p, lipgloss.NewStyle().Padding(0, 2).Width(p.c.Width).Height(height).MaxHeight(height).Render(strings.Join(lines, "\n"))
}

func (p idlePage) header(now time.Time, w int) string {
	st, c := p.c.Styles, p.c.Lang
	left := st.Label.Render(c.T(i18n.VenueLabel)+": ") + st.Header.Render(safetext.Clean(p.opts.Venue, 40)) +
		st.Label.Render("  ·  "+c.T(i18n.DoorLabel)+": ") + st.Header.Render(safetext.Clean(p.opts.Door, 30))
	clock := st.Clock.Render(now.Format("15:04:05"))
	gap := max(w-lipgloss.Width(left)-lipgloss.Width(clock), 1)
	return left + strings.Repeat(" ", gap) + clock
}

func (p idlePage) modeText(mode door.Mode) (string, lipgloss.Style) {
	if mode == door.Exit {
		return p.c.Lang.T(i18n.ModeExit), p.c.Styles.ModeExit
	}
	return p.c.Lang.T(i18n.ModeEntrance), p.c.Styles.Mode
}

func (p idlePage) modePlain(mode door.Mode) string {
	text, style := p.modeText(mode)
	return style.Render("▶ " + text + " ◀")
}

// statusLines are the sync, occupancy, clock, storage and camera notices.
func (p idlePage) statusLines(now time.Time) []string {
	st, c := p.c.Styles, p.c.Lang
	var out []string
	if p.byOwner {
		out = append(out, st.Dim.Render(c.T(i18n.ModeByOwner)))
	}
	if p.haveSync {
		s := p.sync
		switch {
		case s.Online():
			out = append(out, st.OK.Render("● "+c.T(i18n.Online))+st.Dim.Render(" · "+p.lastSyncText(now)))
		case p.offline():
			out = append(out, p.offlineLines(now)...)
		default: // no check has answered or failed yet
			out = append(out, st.Dim.Render("● "+c.T(i18n.Connecting)+" · "+p.lastSyncText(now)))
		}
		switch {
		case s.Pending > 0 && !s.OldestPending.IsZero():
			out = append(out, st.Warn.Render(c.F(i18n.Pending, s.Pending, ago(c, now, s.OldestPending))))
		case s.Pending > 0:
			out = append(out, st.Warn.Render(c.F(i18n.PendingCount, s.Pending)))
		default:
			out = append(out, st.Dim.Render(c.T(i18n.AllSynced)))
		}
		if s.DeadLetters > 0 {
			out = append(out, st.Bad.Render("! "+c.F(i18n.DeadLetters, s.DeadLetters)))
		}
		if s.ClockSkew > skewLimit || s.ClockSkew < -skewLimit {
			out = append(out, st.Warn.Render("! "+c.F(i18n.ClockSkew, span(c, s.ClockSkew))))
		}
		if s.Storage != syncer.ProblemNone {
			out = append(out, st.Bad.Render("! "+c.F(i18n.Storage, problemText(c, s.Storage, 0))))
		}
	}
	out = append(out, p.trustLines(p.offline())...)
	if p.opts.OutboxMovedTo != "" {
		out = append(out, st.Bad.Render("! "+c.F(i18n.OutboxMoved, safetext.Clean(p.opts.OutboxMovedTo, p.textWidth()-40))))
	}
	if line := p.cameraLine(now); line != "" {
		out = append(out, line)
	}
	out = append(out, p.deviceLines()...)
	return out
}

// textWidth is the room for a line inside the page's margins.
func (p idlePage) textWidth() int { return max(p.c.Width-4, 20) }

func (p idlePage) cameraLine(now time.Time) string {
	st, c := p.c.Styles, p.c.Lang
	if !p.opts.CameraSupported {
		return st.Dim.Render(c.T(i18n.CameraUnsupported))
	}
	if !p.haveCamera {
		return ""
	}
	var text string
	style := st.Warn
	switch p.camera.State {
	case scanner.CameraOff:
		text, style = c.T(i18n.CameraOff), st.Dim
	case scanner.CameraUnsupported:
		text, style = c.T(i18n.CameraUnsupported), st.Dim
	case scanner.CameraSearching:
		text = c.T(i18n.CameraSearching)
		if now.Sub(p.cameraAt) >= cameraNoneAfter {
			text, style = c.T(i18n.CameraNone), st.Dim
		}
	case scanner.CameraBusy:
		text = c.T(i18n.CameraBusy)
	case scanner.CameraLost:
		text = c.T(i18n.CameraLost)
	case scanner.CameraRunning:
		text, style = c.T(i18n.CameraRunning), st.Dim
	default: // a state this screen does not know yet: the safe reading
		text = c.T(i18n.CameraSearching)
	}
	// The device is a name; the camera's English detail goes to the log only.
	if p.camera.Device != "" {
		text += " (" + safetext.Clean(p.camera.Device, 40) + ")"
	}
	return style.Render(text)
}

func (p idlePage) hintLine(s idleState) string {
	st, c := p.c.Styles, p.c.Lang
	switch {
	case s.quitNotice:
		return st.QuitNotice.Render(c.T(i18n.QuitConfirm))
	case s.ownerOff:
		return st.QuitNotice.Render(c.T(i18n.OwnerMenuOff))
	case s.busy && s.queued > 0:
		return st.Busy.Render(c.T(i18n.Checking) + " " + c.F(i18n.Queued, s.queued))
	case s.busy:
		return st.Busy.Render(c.T(i18n.Checking))
	}
	return st.Hint.Render(c.T(i18n.Hint))
}

// demoLines is the demo table: each demo IIN with its colour, wrapped to
// the width.
func (p idlePage) demoLines(width int) []string {
	if !p.opts.Demo || len(p.opts.DemoIINs) == 0 {
		return nil
	}
	st, c := p.c.Styles, p.c.Lang
	lines := []string{"", st.Label.Render(c.T(i18n.DemoTitle) + ":")}
	cur, curW := "", 0
	for _, d := range p.opts.DemoIINs {
		swatch, ok := st.Swatch[d.Status]
		if !ok {
			swatch = st.Dim
		}
		name := colourName(c, d.Status)
		if name == "" {
			name = safetext.Clean(string(d.Status), 10)
		}
		item := st.DemoIIN.Render(safetext.Escape(d.IIN, 20)) + " " + swatch.Render(name)
		iw := lipgloss.Width(item) + 3
		if curW > 0 && curW+iw > width {
			lines = append(lines, cur)
			cur, curW = "", 0
		}
		cur += fmt.Sprintf("%s   ", item)
		curW += iw
	}
	lines = append(lines, strings.TrimRight(cur, " "))
	if p.opts.DemoStaffCode != "" {
		lines = append(lines, st.Label.Render(c.F(i18n.DemoStaff, safetext.Clean(p.opts.DemoStaffCode, 8))))
	}
	if w := p.opts.Wallet; w.URL != "" {
		text := c.F(i18n.DemoWallet, safetext.Clean(w.URL, 80), safetext.Escape(w.IIN, 20), safetext.Escape(w.Code, 20))
		lines = append(lines, "", st.Hint.Width(width).Render(text))
	}
	return lines
}
