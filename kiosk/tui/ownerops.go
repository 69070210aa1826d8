package tui

import (
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// OwnerOps are the owner controls that reach past the screen: the venue's
// limits, the sync queue, the device's health, everybody out. kiosk/app
// implements them over the outbox, the syncer and the upstream. The UI
// calls each from a command, never from Update: they do I/O.
type OwnerOps interface {
	// SetLimits keeps capacity (0: none) and the closing time ("HH:MM",
	// "" none) on the device and sends them upstream; upstreamErr says why
	// the upstream did not take them (they still apply on this device).
	SetLimits(capacity int, closing string) (upstreamErr, err error)
	// SyncNow sends the waiting records at once.
	SyncNow()
	// Queue lists the waiting records and the dead letters.
	Queue() (QueueView, error)
	// Retry queues a dead letter again; SetAside removes it for good,
	// keeping a copy in the file it names.
	Retry(id string) error
	SetAside(id string) (keptIn string, err error)
	// CheckoutAll checks everybody out (upstream) and says how many.
	CheckoutAll() (int, error)
	// Health is what the device knows of its storage and sound.
	Health() (HealthView, error)
}

// QueueView is the owner's view of the records not yet synced.
type QueueView struct {
	Waiting int
	Oldest  time.Time
	Dead    []DeadItem // oldest first
}

// DeadItem is one record the upstream refused, with its reason.
type DeadItem struct {
	ID, MaskedIIN string
	Kind          wire.Kind
	ScannedAt     time.Time
	Reason        string // the upstream's, English: shown as it came
}

// HealthView is the device's storage and sound, for the health page.
type HealthView struct {
	FileBytes, MaxBytes int64
	Pending, Dead       int
	SoundALSA           bool
	SoundDevice         string
	LastScan            time.Time
}

// Owner results, each the answer of one OwnerOps call.
type (
	// OwnerLimitsMsg: SetLimits returned.
	OwnerLimitsMsg struct {
		Capacity      int
		Closing       string
		Upstream, Err error
	}
	// OwnerQueueMsg carries the queue for the queue page.
	OwnerQueueMsg struct {
		Queue QueueView
		Err   error
	}
	// OwnerHealthMsg carries the device's health for the health page.
	OwnerHealthMsg struct {
		Health HealthView
		Err    error
	}
	// OwnerDoneMsg: an action finished; Note is the outcome, in the
	// screen's language.
	OwnerDoneMsg struct {
		Note string
		Bad  bool
	}
)

// ownerAct runs an OwnerOps call in a command.
func ownerAct(ops OwnerOps, f func(OwnerOps) tea.Msg) tea.Cmd {
	if ops == nil {
		return nil
	}
	return func() tea.Msg { return f(ops) }
}

// parseCapacity reads the capacity the owner typed.
func parseCapacity(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil && n >= 0 && n <= 1_000_000
}

// parseClosing reads the closing time the owner typed: "HH:MM" (or HHMM:
// a number pad has no colon), or empty for none; config.ParseClock is the
// one judge of a time of day.
func parseClosing(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if len(s) == 4 && !strings.Contains(s, ":") {
		s = s[:2] + ":" + s[2:]
	}
	if _, err := config.ParseClock(s); err != nil {
		return "", false
	}
	return s, true
}

// ownerDo carries out a chosen action item of the menu.
func (m Model) ownerDo(act ownerActKind) (Model, tea.Cmd) {
	c, ops := m.c.Lang, m.opts.Owner
	switch act {
	case actCapacity, actClosing:
		m.owner = m.owner.openPage(pageEdit, act)
		return m, nil
	case actSync:
		m.c.Logger.Info("owner asked for a sync")
		m.owner = m.owner.setNote(c.T(i18n.OwnerSyncStarted), false)
		return m, ownerAct(ops, func(o OwnerOps) tea.Msg { o.SyncNow(); return nil })
	case actQueue:
		m.owner = m.owner.openPage(pageQueue, act)
		return m, loadQueue(ops)
	case actHealth:
		m.owner = m.owner.openPage(pageHealth, act)
		return m, ownerAct(ops, func(o OwnerOps) tea.Msg { h, err := o.Health(); return OwnerHealthMsg{h, err} })
	case actCheckout:
		m.owner = m.owner.openPage(pageConfirm, act)
		return m, nil
	case actQuit:
		m.c.Logger.Info("owner quit the kiosk")
		return m, tea.Quit
	}
	return m, nil
}

func loadQueue(ops OwnerOps) tea.Cmd {
	return ownerAct(ops, func(o OwnerOps) tea.Msg { q, err := o.Queue(); return OwnerQueueMsg{q, err} })
}

// ownerEdited applies a value typed on the edit page.
func (m Model) ownerEdited(text string) (Model, tea.Cmd) {
	c := m.c.Lang
	capacity, closing := m.eng.Count().Capacity, m.idle.closing
	switch m.owner.editing {
	case actCapacity:
		n, ok := parseCapacity(text)
		if !ok {
			m.owner = m.owner.setNote(c.T(i18n.OwnerBadCapacity), true)
			return m, nil
		}
		capacity = n
		m.eng.SetCapacity(n) // at once, before the save: the next scan obeys it
	case actClosing:
		t, ok := parseClosing(text)
		if !ok {
			m.owner = m.owner.setNote(c.T(i18n.OwnerBadClosing), true)
			return m, nil
		}
		closing = t
		m.idle = m.idle.setClosing(t)
	}
	m.c.Logger.Info("owner changed the venue's limits", "capacity", capacity, "closing", closing)
	m.owner = m.owner.openPage(pageMenu, actNone).setNote(c.T(i18n.OwnerSaving), false)
	return m, ownerAct(m.opts.Owner, func(o OwnerOps) tea.Msg {
		up, err := o.SetLimits(capacity, closing)
		return OwnerLimitsMsg{Capacity: capacity, Closing: closing, Upstream: up, Err: err}
	})
}

// onOwnerResult shows what an owner action came to.
func (m Model) onOwnerResult(msg tea.Msg) (Model, tea.Cmd) {
	c := m.c.Lang
	switch msg := msg.(type) {
	case OwnerLimitsMsg:
		switch {
		case msg.Err != nil:
			m.c.Logger.Error("venue limits not saved", "err", msg.Err)
			m.owner = m.owner.setNote(c.F(i18n.OwnerNotSaved, safetext.Clean(msg.Err.Error(), 80)), true)
		case msg.Upstream != nil:
			m.c.Logger.Warn("venue limits not sent upstream", "err", msg.Upstream)
			m.owner = m.owner.setNote(c.F(i18n.OwnerLimitsLocal, c.T(i18n.Offline)), true)
		default:
			m.owner = m.owner.setNote(c.T(i18n.OwnerLimitsSaved), false)
		}
	case OwnerQueueMsg:
		if msg.Err != nil {
			m.owner = m.owner.setNote(c.F(i18n.OwnerOpFailed, safetext.Clean(msg.Err.Error(), 80)), true)
		}
		m.owner = m.owner.setQueue(msg.Queue)
	case OwnerHealthMsg:
		if msg.Err != nil {
			m.owner = m.owner.setNote(c.F(i18n.OwnerOpFailed, safetext.Clean(msg.Err.Error(), 80)), true)
		}
		m.owner.health = msg.Health
	case OwnerDoneMsg:
		m.owner = m.owner.setNote(msg.Note, msg.Bad)
		if m.owner.page == pageQueue {
			return m, loadQueue(m.opts.Owner)
		}
	}
	return m, nil
}

// ownerQueueKey retries (r) or sets aside (x) the chosen dead letter.
func (m Model) ownerQueueKey(key rune) (Model, tea.Cmd) {
	item, ok := m.owner.chosenDead()
	if !ok {
		return m, nil
	}
	c := m.c.Lang
	switch key {
	case 'r':
		m.c.Logger.Info("owner retried a dead letter", "id", item.ID)
		return m, ownerAct(m.opts.Owner, func(o OwnerOps) tea.Msg {
			if err := o.Retry(item.ID); err != nil {
				return OwnerDoneMsg{c.F(i18n.OwnerOpFailed, safetext.Clean(err.Error(), 80)), true}
			}
			return OwnerDoneMsg{c.T(i18n.OwnerRetried), false}
		})
	case 'x':
		m.c.Logger.Info("owner set a dead letter aside", "id", item.ID)
		return m, ownerAct(m.opts.Owner, func(o OwnerOps) tea.Msg {
			kept, err := o.SetAside(item.ID)
			if err != nil {
				return OwnerDoneMsg{c.F(i18n.OwnerOpFailed, safetext.Clean(err.Error(), 80)), true}
			}
			return OwnerDoneMsg{c.F(i18n.OwnerSetAside, safetext.Clean(kept, 60)), false}
		})
	}
	return m, nil
}

// ownerCheckout checks everybody out after the owner confirmed.
func (m Model) ownerCheckout() (Model, tea.Cmd) {
	c := m.c.Lang
	m.owner = m.owner.openPage(pageMenu, actNone).setNote(c.T(i18n.OwnerSaving), false)
	m.c.Logger.Info("owner checked everybody out")
	return m, ownerAct(m.opts.Owner, func(o OwnerOps) tea.Msg {
		n, err := o.CheckoutAll()
		if err != nil {
			return OwnerDoneMsg{c.F(i18n.OwnerOpFailed, safetext.Clean(err.Error(), 80)), true}
		}
		return OwnerDoneMsg{c.F(i18n.OwnerCheckoutDone, n), false}
	})
}
