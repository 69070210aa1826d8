package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/pinlock"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// OwnerSavedMsg reports that Options.OnOwnerChange returned: the owner's
// choice of mode and language was saved, or Err says why not.
type OwnerSavedMsg struct {
	Mode     door.Mode
	Language string
	Err      error
}

func isOwnerKey(msg tea.KeyMsg) bool {
	return msg.Type == tea.KeyF2 || msg.Type == tea.KeyCtrlO
}

// PINCheckedMsg is the guard's answer to a PIN typed in the owner panel.
type PINCheckedMsg struct {
	Result pinlock.Result
	Err    error // the lock state could not be saved
}

// openOwner opens the PIN prompt. Only the idle screen opens it: a result
// or a scan being judged keeps the door's business first.
func (m Model) openOwner() Model {
	if !m.owner.enabled() || m.result.showing() || m.busy {
		return m
	}
	m.owner = m.owner.open(m.now, forMenu)
	m.c.Logger.Info("owner menu opened", "locked", m.owner.stage == ownerLocked)
	return m
}

// askQuitPIN opens the PIN prompt for quitting: with a PIN set, the
// keyboard alone cannot close the kiosk. A result on screen gives way.
func (m Model) askQuitPIN() Model {
	m.result = m.result.dismiss()
	m.owner = m.owner.open(m.now, forQuit)
	m.c.Logger.Info("quit asked from the keyboard: owner PIN needed", "locked", m.owner.stage == ownerLocked)
	return m
}

// checkPIN asks the guard in a command: it writes the lock state to disk
// before answering, so the answer never comes before the record of it.
func checkPIN(g PINGuard, typed string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		r, err := g.Check(typed, now)
		return PINCheckedMsg{Result: r, Err: err}
	}
}

func (m Model) onPINChecked(msg PINCheckedMsg) (Model, tea.Cmd) {
	if msg.Err != nil {
		m.c.Logger.Error("owner PIN lock state not saved", "err", msg.Err)
	}
	var act ownerAction
	m.owner, act = m.owner.checked(msg.Result)
	return m.ownerAct(act)
}

// closeOwner closes the panel, saying why in the log.
func (m Model) closeOwner(why string) Model {
	if m.owner.isOpen() {
		m.owner = m.owner.close()
		m.c.Logger.Info("owner menu closed", "why", why)
	}
	return m
}

// onOwnerKey routes a key to the open panel and carries out what it asks.
// A scanner burst closes the panel and is judged at once: the visitor at
// the door is not kept waiting for the owner.
func (m Model) onOwnerKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	var act ownerAction
	m.owner, act = m.owner.update(msg, m.now)
	return m.ownerAct(act)
}

// ownerAct carries out what the panel asks.
func (m Model) ownerAct(act ownerAction) (Model, tea.Cmd) {
	switch act.kind {
	case ownerScan:
		m = m.closeOwner("scan")
		return m.submit(act.scan)
	case ownerClose:
		m = m.closeOwner("owner")
	case ownerUnlocked:
		m.c.Logger.Info("owner PIN accepted")
	case ownerCheck:
		return m, checkPIN(m.owner.guard, act.pin, m.now)
	case ownerQuit:
		m.c.Logger.Info("owner PIN accepted: quitting")
		return m, tea.Quit
	case ownerWrong:
		m.c.Logger.Warn("owner PIN wrong", "tries_left", act.left)
	case ownerLock:
		until := m.owner.guard.LockedUntil(m.now)
		m.c.Logger.Warn("owner menu locked after wrong PINs", "tries", pinlock.MaxTries,
			"for", until.Sub(m.now).Round(time.Second), "until", until.UTC().Format(time.RFC3339))
	case ownerChoose:
		return m.ownerChoose(act.item)
	case ownerEdit:
		return m.ownerEdited(act.text)
	case ownerConfirm:
		return m.ownerCheckout()
	case ownerQueueOp:
		return m.ownerQueueKey(act.key)
	}
	return m, nil
}

// ownerChoose applies a mode or a language at once, then saves both.
func (m Model) ownerChoose(it ownerItem) (Model, tea.Cmd) {
	if it.act != actNone {
		return m.ownerDo(it.act)
	}
	if it.mode != "" {
		old := m.eng.Mode()
		if err := m.eng.SetMode(it.mode); err != nil {
			m.c.Logger.Error("owner mode change failed", "old", old, "new", it.mode, "err", err)
			m.owner = m.owner.setNote(m.c.Lang.F(i18n.OwnerModeFail, safetext.Clean(err.Error(), 80)), true)
			return m, nil
		}
		m.idle = m.idle.setModeByOwner(true)
		m.c.Logger.Info("owner changed the device mode", "old", old, "new", it.mode)
	} else {
		old := m.c.Lang.Lang()
		m.c.SetLanguage(it.lang) // every component reads it from there
		m.c.Logger.Info("owner changed the language", "old", old, "new", it.lang)
	}
	return m.saveOwner()
}

// saveOwner hands the current mode and language to Options.OnOwnerChange
// in a command. One save runs at a time; a change made meanwhile is saved
// after it, so an older choice never lands last.
func (m Model) saveOwner() (Model, tea.Cmd) {
	save := m.opts.OnOwnerChange
	if save == nil {
		m.owner = m.owner.setNote(m.c.Lang.F(i18n.OwnerNotSaved, "nowhere to save"), true)
		return m, nil
	}
	m.owner = m.owner.setNote(m.c.Lang.T(i18n.OwnerSaving), false)
	if m.saving {
		m.saveAgain = true
		return m, nil
	}
	m.saving = true
	mode, lang := m.eng.Mode(), string(m.c.Lang.Lang())
	return m, func() tea.Msg {
		return OwnerSavedMsg{Mode: mode, Language: lang, Err: save(mode, lang)}
	}
}

func (m Model) onOwnerSaved(msg OwnerSavedMsg) (Model, tea.Cmd) {
	m.saving = false
	if m.saveAgain {
		m.saveAgain = false
		return m.saveOwner()
	}
	if msg.Err != nil {
		m.c.Logger.Error("owner change not saved", "mode", msg.Mode, "language", msg.Language, "err", msg.Err)
		m.owner = m.owner.setNote(m.c.Lang.F(i18n.OwnerNotSaved, safetext.Clean(msg.Err.Error(), 120)), true)
		return m, nil
	}
	m.c.Logger.Info("owner change saved", "mode", msg.Mode, "language", msg.Language)
	m.owner = m.owner.setNote(m.c.Lang.T(i18n.OwnerSaved), false)
	return m, nil
}
