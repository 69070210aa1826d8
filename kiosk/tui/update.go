package tui

import (
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/sound"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// quitWindow is how long after a first ctrl+c a second one quits. A kiosk
// must not close on one stray key; there is no q-to-quit.
const quitWindow = 3 * time.Second

func (m Model) onTick(msg TickMsg) (Model, tea.Cmd) {
	if !m.staff.isOpen() { // the result stays while staff decide
		m.result = m.result.expire(m.now)
	}
	var closed bool
	if m.owner, closed = m.owner.expire(m.now); closed {
		m.c.Logger.Info("owner menu closed", "why", "timeout")
	}
	if m.staff, closed = m.staff.expire(m.now); closed {
		m.c.Logger.Info("staff override closed", "why", "timeout")
	}
	if !m.quitNotice() {
		m.quitArmed = time.Time{}
	}
	var cmd tea.Cmd
	if cut := m.input.expire(m.now); cut != nil {
		m, cmd = m.submit(*cut)
	}
	if msg.id != m.tickID {
		return m, cmd
	}
	return m, tea.Batch(cmd, tick(m.tickID))
}

func (m Model) onKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if msg.Type == tea.KeyCtrlC && !m.owner.isOpen() {
		if !m.quitArmed.IsZero() && m.now.Sub(m.quitArmed) < quitWindow {
			m.quitArmed = time.Time{}
			if m.owner.enabled() {
				return m.askQuitPIN(), nil
			}
			return m, tea.Quit
		}
		m.quitArmed = m.now
		return m, nil
	}
	m.quitArmed, m.ownerOffAt = time.Time{}, time.Time{}
	// Any key wakes the screen saver and does its job at once: a staff
	// member's F2 opens the owner menu (it once only woke the screen, and
	// the PIN went into the IIN field), a digit starts an IIN.
	m.active = m.now
	switch {
	case m.owner.isOpen():
		return m.onOwnerKey(msg)
	case m.staff.isOpen():
		return m.onStaffKey(msg)
	case isOwnerKey(msg) && m.owner.enabled() && !m.result.showing():
		return m.openOwner(), nil
	case isOwnerKey(msg) && !m.result.showing():
		m.ownerOffAt = m.now
		return m, nil
	case isStaffKey(msg) && m.result.showing():
		return m.openStaff(), nil
	}
	if m.result.showing() {
		// Any key dismisses the result; a typed character also starts
		// the next input, so the first key of the next scan is not lost,
		// and the Enter of a line typed meanwhile (a scanner burst that
		// began before the result appeared) still submits it.
		m.result = m.result.dismiss()
		if msg.Type != tea.KeyRunes && msg.Type != tea.KeySpace && !(m.input.det.Len() > 0 && endsLine(msg)) {
			return m, nil
		}
	}
	var submitted *scanner.Scan
	m.input, submitted = m.input.update(msg, m.now)
	if submitted == nil {
		return m, nil
	}
	return m.submit(*submitted)
}

// onCameraScan submits a camera scan. The camera has already deduplicated
// it (its cooldown makes a phone held up for a minute one visit), so every
// scan that arrives is a new one.
func (m Model) onCameraScan(s scanner.Scan) (Model, tea.Cmd) {
	s.Source = scanner.SourceCamera
	if s.At.IsZero() {
		s.At = m.now
	}
	m = m.closeOwner("camera scan").closeStaff("camera scan")
	m.active = m.now
	return m.submit(s)
}

// submit hands a scan to the Engine, or queues it while another is running.
func (m Model) submit(s scanner.Scan) (Model, tea.Cmd) {
	if m.busy {
		m.queue = append(m.queue, s)
		m.c.Logger.Info("scan queued", "input", s.Source, "queued", len(m.queue))
		return m, nil
	}
	m.busy = true
	return m, handle(m.eng, s)
}

// next starts the oldest queued scan, if any.
func (m Model) next() (Model, tea.Cmd) {
	m.busy = false
	if len(m.queue) == 0 {
		return m, nil
	}
	s := m.queue[0]
	m.queue = m.queue[1:]
	return m.submit(s)
}

func (m Model) onVerdict(msg VerdictMsg) (Model, tea.Cmd) {
	v := msg.Verdict
	m.c.Logger.Info("verdict shown", "iin", v.MaskedIIN, "kind", v.Kind, "status", v.Status,
		"source", v.Source, "input", v.Input, "seq", v.Seq)
	d := m.opts.ResultFor
	if v.Word() == door.WordUnchecked && door.CanOverride(v) && m.opts.Staff != nil {
		d = max(d, StaffTimeout) // staff decide: the screen waits for them
	}
	m.result = m.result.showVerdict(v, m.now, d)
	m.active = m.now
	m, cmd := m.next()
	return m, tea.Batch(cmd, play(m.opts.Sound, verdictCue(v)))
}

func (m Model) onError(msg ErrorMsg) (Model, tea.Cmd) {
	// Log the masked payload only: it may be an IIN.
	m.c.Logger.Warn("scan not judged", "input", msg.Scan.Source,
		"payload", iin.Mask(safetext.Clean(msg.Scan.Payload, 64)), "err", safetext.Clean(msg.Err.Error(), 200))
	m.result = m.result.showError(msg.Err, m.now, m.opts.ResultFor)
	m.active = m.now
	m, cmd := m.next()
	return m, tea.Batch(cmd, play(m.opts.Sound, errorCue(msg.Err)))
}

func (m Model) quitNotice() bool {
	return !m.quitArmed.IsZero() && m.now.Sub(m.quitArmed) < quitWindow
}

// ownerOffNotice: the owner key was pressed moments ago with no PIN set.
func (m Model) ownerOffNotice() bool {
	return !m.ownerOffAt.IsZero() && m.now.Sub(m.ownerOffAt) < ownerOffWindow
}

// ownerOffWindow is how long the hint line says the owner menu is off.
const ownerOffWindow = 5 * time.Second

// verdictCue is the sound of a verdict. A person nobody could check never
// gets the welcome's sound: let in, the two-tone of "wait, look"; left to
// staff, the call for staff.
func verdictCue(v door.Verdict) sound.Cue {
	switch v.Word() {
	case door.WordWelcome, door.WordGoodbye, door.WordAdmitted:
		return sound.Allowed
	case door.WordFull:
		return sound.Full
	case door.WordUnchecked:
		switch {
		case v.Allowed:
			return sound.Full
		case door.CanOverride(v):
			return sound.Alarm
		}
	}
	return sound.Refused
}

// errorCue is the sound of a scan without a verdict: a code not accepted,
// or a failure staff must see to.
func errorCue(err error) sound.Cue {
	var pe *scanner.PayloadError
	if errors.As(err, &pe) {
		return sound.Invalid
	}
	return sound.Alarm
}
