package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/pinlock"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/wedge"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// StaffGuard checks a staff code, says whose it is (pinlock.Result.Name),
// and owns the wrong-try count and the lock: kiosk/pinlock's Guard over
// the staff codes. Check may write a file, so it runs in a command;
// LockedUntil must be quick.
type StaffGuard interface {
	Check(typed string, now time.Time) (pinlock.Result, error)
	LockedUntil(now time.Time) time.Time
}

// StaffTimeout closes the staff panel after this long without a key.
const StaffTimeout = 30 * time.Second

// staffStage is what the staff panel shows.
type staffStage int

const (
	staffClosed staffStage = iota
	staffAskCode
	staffLocked
	staffReason    // the code was right: which reason?
	staffRecording // Engine.Override is running
)

// staffPanel lets door staff in a refused person: F3 on the result
// screen, a staff code, a reason from wire.OverrideReasons. Like the owner
// panel, its keys go through a wedge.Detector of their own: a scanner
// burst closes it and is judged, never taken for a code.
type staffPanel struct {
	c     *common.Common
	guard StaffGuard // nil: nobody can override

	stage    staffStage
	checking bool
	det      *wedge.Detector
	lastKey  time.Time
	ref      door.Verdict // the refusal to override
	name     string       // whose code was typed
	note     string
	noteBad  bool
}

// StaffCheckedMsg is the guard's answer to a staff code.
type StaffCheckedMsg struct {
	Result pinlock.Result
	Err    error // the lock state could not be saved
}

// OverrideMsg is the Engine's answer to an override: the person is let in
// and recorded (Verdict), or Err says why not.
type OverrideMsg struct {
	Verdict door.Verdict
	Err     error
}

func newStaffPanel(c *common.Common, g StaffGuard) staffPanel { return staffPanel{c: c, guard: g} }

func (p staffPanel) isOpen() bool { return p.stage != staffClosed }

// open asks for a staff code to override v.
func (p staffPanel) open(v door.Verdict, now time.Time) staffPanel {
	p.stage, p.det, p.lastKey, p.ref, p.name = staffAskCode, wedge.New(), now, v, ""
	p.note, p.noteBad, p.checking = "", false, false
	if !p.guard.LockedUntil(now).IsZero() {
		p.stage = staffLocked
	}
	return p
}

func (p staffPanel) close() staffPanel {
	if p.det != nil {
		p.det.Clear()
	}
	p.stage, p.note, p.name = staffClosed, "", ""
	return p
}

// expire closes the panel after StaffTimeout without a key (not while the
// override is being recorded), and ends a lock whose time is up.
func (p staffPanel) expire(now time.Time) (staffPanel, bool) {
	switch {
	case !p.isOpen() || p.stage == staffRecording:
		return p, false
	case now.Sub(p.lastKey) >= StaffTimeout:
		return p.close(), true
	case p.stage == staffLocked && p.guard.LockedUntil(now).IsZero():
		p.stage = staffAskCode
	}
	return p, false
}

// staffAction is what a key in the staff panel asks the Model to do.
type staffAction struct {
	close  bool
	scan   *scanner.Scan
	check  string // a typed code, to check; never logged
	reason string // the chosen reason: record the override
}

// update applies one key.
func (p staffPanel) update(msg tea.KeyMsg, now time.Time) (staffPanel, staffAction) {
	p.lastKey = now
	switch msg.Type {
	case tea.KeyEscape:
		return p, staffAction{close: true}
	case tea.KeyRunes, tea.KeySpace:
		if msg.Alt || p.det.Len() > scanner.MaxPayload {
			break
		}
		if p.stage == staffReason && len(msg.Runes) == 1 && !msg.Paste {
			if i := int(msg.Runes[0] - '1'); i >= 0 && i < len(wire.OverrideReasons) {
				p.stage = staffRecording
				return p, staffAction{reason: wire.OverrideReasons[i]}
			}
		}
		p.det.Feed(msg.Runes, now, msg.Paste)
	case tea.KeyBackspace, tea.KeyCtrlH:
		p.det.Backspace(now)
	case tea.KeyEnter, tea.KeyTab, tea.KeyCtrlJ:
		text, fast := p.det.Enter(now)
		switch {
		case fast && text != "":
			return p, staffAction{scan: &scanner.Scan{Payload: text, Source: scanner.SourceWedge, At: now}}
		case p.stage == staffAskCode && text != "" && !p.checking:
			p.checking = true
			return p, staffAction{check: text}
		}
	}
	return p, staffAction{}
}

// checked applies the guard's answer to a typed code.
func (p staffPanel) checked(r pinlock.Result) staffPanel {
	p.checking = false
	switch {
	case !p.isOpen():
	case r.OK:
		p.stage, p.name, p.note = staffReason, r.Name, ""
	case r.Locked():
		p.stage = staffLocked
	default:
		p.note, p.noteBad = p.c.Lang.F(i18n.OverrideWrong, r.Left), true
	}
	return p
}

// view draws the panel in a box: who is being let in and what refused
// them, then the code prompt or the reasons.
func (p staffPanel) view(now time.Time) string {
	st, c := p.c.Styles, p.c.Lang
	lines := []string{st.Header.Render(c.T(i18n.OverrideTitle)), "",
		c.F(i18n.IINLabel, safetext.Clean(p.ref.MaskedIIN, 20)) + " · " + refusedAs(c, p.ref), ""}
	switch p.stage {
	case staffAskCode:
		dots := strings.Repeat("•", min(p.det.Len(), pinShown))
		lines = append(lines, st.Label.Render(c.T(i18n.OverrideCode))+" "+st.Input.Render(dots)+st.Cursor.Render(" "),
			p.noteLine(), st.Hint.Render(c.T(i18n.OverrideCodeHelp)))
	case staffLocked:
		left := int(p.guard.LockedUntil(now).Sub(now).Round(time.Second) / time.Second)
		lines = append(lines, st.Bad.Render(c.F(i18n.OverrideLocked, max(left, 1))))
	case staffReason, staffRecording:
		for i, r := range wire.OverrideReasons {
			lines = append(lines, "  "+string(rune('1'+i))+"  "+c.T(overrideReasonKey(r)))
		}
		lines = append(lines, "", p.noteLine())
		if p.stage == staffRecording {
			lines = append(lines, st.Busy.Render(c.T(i18n.OverrideSaving)))
		} else {
			lines = append(lines, st.Hint.Render(c.T(i18n.OverrideWhy)))
		}
	}
	return drawBox(p.c, lines)
}

// refusedAs says what the refusal was: the colour, full, or not checked.
func refusedAs(c i18n.Catalog, v door.Verdict) string {
	switch v.Word() {
	case door.WordFull:
		return c.T(i18n.Full)
	case door.WordUnchecked:
		return c.T(i18n.NotChecked)
	}
	return colourName(c, v.Status)
}

func (p staffPanel) noteLine() string {
	switch {
	case p.note == "":
		return ""
	case p.noteBad:
		return p.c.Styles.Bad.Render(p.note)
	}
	return p.c.Styles.OK.Render(p.note)
}

// isStaffKey is the key that lets a refused person in.
func isStaffKey(msg tea.KeyMsg) bool { return msg.Type == tea.KeyF3 }

// openStaff opens the staff panel over the result on screen, when staff
// can override it.
func (m Model) openStaff() Model {
	v, ok := m.result.verdict()
	if !ok || m.staff.guard == nil || !door.CanOverride(v) || m.busy {
		return m
	}
	m.staff = m.staff.open(v, m.now)
	m.c.Logger.Info("staff override asked", "iin", v.MaskedIIN, "refused_for", v.Reason, "locked", m.staff.stage == staffLocked)
	return m
}

// closeStaff closes the staff panel, saying why in the log.
func (m Model) closeStaff(why string) Model {
	if m.staff.isOpen() {
		m.staff = m.staff.close()
		m.c.Logger.Info("staff override closed", "why", why)
	}
	return m
}

// onStaffKey routes a key to the open staff panel and carries out what it
// asks.
func (m Model) onStaffKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	var act staffAction
	m.staff, act = m.staff.update(msg, m.now)
	switch {
	case act.close:
		m = m.closeStaff("staff")
	case act.scan != nil:
		m = m.closeStaff("scan")
		m.result = m.result.dismiss()
		return m.submit(*act.scan)
	case act.check != "":
		g, typed, now := m.staff.guard, act.check, m.now
		return m, func() tea.Msg {
			r, err := g.Check(typed, now)
			return StaffCheckedMsg{Result: r, Err: err}
		}
	case act.reason != "":
		eng, ref, reason, name := m.eng, m.staff.ref.EventID, act.reason, m.staff.name
		return m, func() tea.Msg {
			v, err := eng.Override(context.Background(), ref, reason, name)
			return OverrideMsg{Verdict: v, Err: err}
		}
	}
	return m, nil
}

func (m Model) onStaffChecked(msg StaffCheckedMsg) (Model, tea.Cmd) {
	if msg.Err != nil {
		m.c.Logger.Error("staff code lock state not saved", "err", msg.Err)
	}
	m.staff = m.staff.checked(msg.Result)
	switch {
	case msg.Result.OK:
		m.c.Logger.Info("staff code accepted", "staff", safetext.Clean(msg.Result.Name, wire.MaxStaff))
	case msg.Result.NewLock:
		m.c.Logger.Warn("staff override locked after wrong codes", "tries", pinlock.MaxTries)
	case !msg.Result.Locked():
		m.c.Logger.Warn("staff code wrong", "tries_left", msg.Result.Left)
	}
	return m, nil
}

func (m Model) onOverride(msg OverrideMsg) (Model, tea.Cmd) {
	if msg.Err != nil {
		why := safetext.Clean(msg.Err.Error(), 120)
		switch {
		case errors.Is(msg.Err, door.ErrNotOverridable):
			why = m.c.Lang.T(i18n.OverrideTooLate)
		case errors.Is(msg.Err, door.ErrNotRecorded):
			why = m.c.Lang.T(i18n.NotRecordedStorage)
		}
		m.c.Logger.Warn("override not made", "err", safetext.Clean(msg.Err.Error(), 200))
		m.staff.stage, m.staff.note, m.staff.noteBad = staffReason, m.c.Lang.F(i18n.OverrideFailed, why), true
		return m, nil
	}
	m = m.closeStaff("let in")
	v := msg.Verdict
	m.c.Logger.Info("verdict shown", "iin", v.MaskedIIN, "kind", v.Kind, "status", v.Status,
		"source", v.Source, "staff", safetext.Clean(v.Staff, wire.MaxStaff), "reason", v.Reason, "seq", v.Seq)
	m.result = m.result.showVerdict(v, m.now, m.opts.ResultFor)
	m.active = m.now
	return m, play(m.opts.Sound, verdictCue(v))
}
