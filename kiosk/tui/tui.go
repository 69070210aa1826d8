// Package tui is the kiosk's full-screen terminal UI: an idle screen with the
// device's state and an input line, and a full-screen colour verdict after
// every scan. Staff typing, a keyboard-wedge scanner and the camera all reach
// the same Engine; the Engine runs in a command, never in Update, and input
// that arrives meanwhile is queued, not lost.
package tui

import (
	"context"
	"io"
	"log/slog"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/wedge"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire"
)

// Options configure the UI.
type Options struct {
	Venue, Door string
	Mode        door.Mode // door.Entrance or door.Exit
	Language    string    // "en", "ru" or "kk"; anything else shows English
	// ResultFor is how long a result stays; a key press returns to idle
	// earlier. Zero means DefaultResultFor.
	ResultFor time.Duration
	// Demo lists DemoIINs with their colours on the idle screen.
	Demo     bool
	DemoIINs []DemoIIN
	// OutboxMovedTo, when set, is where a corrupt outbox file was moved at
	// start-up; the idle screen says so until the program ends.
	OutboxMovedTo string
	// CameraSupported is false in builds without a camera driver.
	CameraSupported bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger writes to a file: the UI never writes to stdout or stderr
	// itself. Nil discards.
	Logger *slog.Logger
	// Bell, when set, receives the terminal bell character: once for an
	// allowed person, three times for a refusal. Pass the terminal the
	// program draws on (os.Stdout). Bubbletea v1 has no bell command and
	// drops tea.Println in the alternate screen, so the UI writes BEL itself;
	// a lone BEL byte is safe even amid the renderer's output, because
	// terminals execute C0 controls inside escape sequences. Nil is silent.
	Bell io.Writer
	// OwnerPIN opens the owner menu (F2 or ctrl+o on the idle screen),
	// where the mode and the language are switched while running. Empty
	// disables the menu. It is never logged or shown.
	OwnerPIN string
	// ModeSetByOwner says the mode came from the owner menu (saved from an
	// earlier run); the idle screen says so.
	ModeSetByOwner bool
	// OnOwnerChange saves the owner's choice so that it survives a
	// restart. It runs in a command, never in Update, after each change;
	// its error is shown in the menu.
	OnOwnerChange func(mode door.Mode, lang string) error
}

// DefaultResultFor is how long a result stays when Options.ResultFor is zero.
const DefaultResultFor = 5 * time.Second

// DemoIIN is one demo identity shown on the idle screen in demo mode. These
// are fixtures of the demo registry, shown in full on purpose.
type DemoIIN struct {
	IIN    string
	Status wire.Status
}

// Engine judges a scan and records it; kiosk/door's Engine implements it.
type Engine interface {
	Handle(ctx context.Context, s scanner.Scan) (door.Verdict, error)
}

// Sources are the external event streams the UI follows. Any may be nil; a
// closed channel stops being read.
type Sources struct {
	Sync   <-chan syncer.State
	Camera <-chan scanner.CameraStatus
	Scans  <-chan scanner.Scan
}

// Model is the root bubbletea model. It routes messages to its components
// and owns the scan pipeline: one Engine call at a time, the rest queued.
type Model struct {
	c    common.Common
	opts Options
	eng  Engine
	src  Sources

	now    time.Time
	tickID int

	idle   idlePage
	input  field
	result resultPage
	owner  ownerPanel

	busy  bool           // an Engine call is running
	queue []scanner.Scan // submitted while busy, oldest first

	quitArmed  time.Time // first ctrl+c; a second one soon after quits
	lastCamera scanner.Scan

	saving    bool // an OnOwnerChange call is running
	saveAgain bool // the owner changed something meanwhile: save again after it
}

// New builds the UI. Run it with tea.NewProgram(m, tea.WithAltScreen()).
func New(opts Options, eng Engine, src Sources) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ResultFor <= 0 {
		opts.ResultFor = DefaultResultFor
	}
	c := common.New(opts.Language, opts.Logger)
	m := Model{c: c, opts: opts, eng: eng, src: src, now: opts.Now(), tickID: 1}
	m.idle = newIdlePage(c, opts)
	m.input = newField(c, wedge.New())
	m.result = newResultPage(c)
	m.owner = newOwnerPanel(c, opts.OwnerPIN)
	return m
}

// Init starts the clock and the listeners of every source.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tick(m.tickID), listenSync(m.src.Sync), listenCamera(m.src.Camera), listenScans(m.src.Scans))
}

// Update routes a message to the part of the UI it concerns.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.now = m.opts.Now()
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.setSize(msg.Width, msg.Height)
		return m, nil
	case TickMsg:
		return m.onTick(msg)
	case tea.KeyMsg:
		return m.onKey(msg)
	case ScanMsg:
		m, cmd := m.onCameraScan(msg.Scan)
		return m, tea.Batch(cmd, listenScans(m.src.Scans))
	case VerdictMsg:
		return m.onVerdict(msg)
	case ErrorMsg:
		return m.onError(msg)
	case SyncMsg:
		m.idle = m.idle.setSync(msg.State)
		return m, listenSync(m.src.Sync)
	case OwnerSavedMsg:
		return m.onOwnerSaved(msg)
	case CameraMsg:
		m.idle = m.idle.setCamera(msg.Status)
		return m, listenCamera(m.src.Camera)
	}
	return m, nil
}

// View draws the owner panel while it is open, else the result while one
// is showing, else the idle screen.
func (m Model) View() string {
	if m.c.Width == 0 || m.c.Height == 0 {
		return ""
	}
	if m.owner.isOpen() {
		return m.owner.view(m.now, m.opts.Mode, m.opts.Language)
	}
	if m.result.showing() {
		return m.result.view(m.now)
	}
	return m.idle.view(m.now, m.input, m.busy, len(m.queue), m.quitNotice())
}

func (m *Model) setSize(w, h int) {
	m.c.SetSize(w, h)
	m.idle = m.idle.setSize(w, h)
	m.input = m.input.setSize(w, h)
	m.result = m.result.setSize(w, h)
	m.owner = m.owner.setSize(w, h)
}
