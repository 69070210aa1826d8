package tui

import (
	"context"
	"io"
	"log/slog"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/throttle"
	"github.com/ashyq/kiosk/scanner/wedge"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire"
)

// Options configure the UI.
type Options struct {
	Venue, Door string
	// Language is the language at start: "en", "ru" or "kk"; anything else
	// shows English. The owner menu changes it while running, in
	// common.Common, its one owner; the device mode's owner is the Engine.
	Language string
	// ResultFor is how long a result stays; a key press returns to idle
	// earlier. Zero means config.DefaultResultFor.
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

// DemoIIN is one demo identity shown on the idle screen in demo mode. These
// are fixtures of the demo registry, shown in full on purpose.
type DemoIIN struct {
	IIN    string
	Status wire.Status
}

// Engine judges a scan and records it, and owns the device mode;
// kiosk/door's Engine implements it. The UI reads the mode from it and
// never keeps its own copy. SetMode is called from Update, so it must be
// quick (the door engine's is an atomic store): that way every scan
// submitted after the switch is judged in the new mode.
type Engine interface {
	Handle(ctx context.Context, s scanner.Scan) (door.Verdict, error)
	Mode() door.Mode
	SetMode(door.Mode) error
}

// Sources are the external event streams the UI follows. Any may be nil; a
// closed channel stops being read.
type Sources struct {
	Sync   <-chan syncer.State
	Camera <-chan scanner.CameraStatus
	Scans  <-chan scanner.Scan
	// Hardware carries scans from grabbed HID and serial scanners, already
	// throttled per device; Devices their state.
	Hardware <-chan scanner.Scan
	Devices  <-chan []scanner.DeviceStatus
}

// Model is the root bubbletea model. It routes messages to its components
// and owns the scan pipeline: one Engine call at a time, the rest queued.
type Model struct {
	c    *common.Common // shared with every component: size and language
	opts *Options       // as given to New; never changed
	eng  Engine         // the owner of the device mode
	src  Sources

	now    time.Time
	tickID int

	idle   idlePage
	input  field
	result resultPage
	owner  ownerPanel

	busy  bool           // an Engine call is running
	queue []scanner.Scan // submitted while busy, oldest first

	quitArmed time.Time // first ctrl+c; a second one soon after quits

	saving    bool // an OnOwnerChange call is running
	saveAgain bool // the owner changed something meanwhile: save again after it

	frame string // what View shows, prepared at the end of every Update
}

// New builds the UI. Run it with tea.NewProgram(m, tea.WithAltScreen()).
func New(opts Options, eng Engine, src Sources) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ResultFor <= 0 {
		opts.ResultFor = config.DefaultResultFor
	}
	c := common.New(opts.Language, opts.Logger)
	m := Model{c: c, opts: &opts, eng: eng, src: src, now: opts.Now(), tickID: 1}
	m.idle = newIdlePage(c, m.opts)
	m.input = newField(c, wedge.New(), throttle.New(0, 0, 0))
	m.result = newResultPage(c)
	m.owner = newOwnerPanel(c, opts.OwnerPIN)
	return m
}

// Init starts the clock and the listeners of every source.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tick(m.tickID), listenSync(m.src.Sync), listenCamera(m.src.Camera), listenScans(m.src.Scans),
		listenHardware(m.src.Hardware), listenDevices(m.src.Devices))
}

// Update routes a message to the part of the UI it concerns, then prepares
// the frame View will show.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.now = m.opts.Now()
	m, cmd := m.route(msg)
	return m.prepare(), cmd
}

func (m Model) route(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.SetSize(msg.Width, msg.Height)
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
	case HardwareScanMsg:
		m = m.closeOwner("scanner scan")
		m, cmd := m.submit(msg.Scan)
		return m, tea.Batch(cmd, listenHardware(m.src.Hardware))
	case DevicesMsg:
		m.idle = m.idle.setDevices(msg.Devices)
		return m, listenDevices(m.src.Devices)
	}
	return m, nil
}

// View returns the frame the last Update prepared.
func (m Model) View() string { return m.frame }

// prepare draws the owner panel while it is open, else the result while one
// is showing, else the idle screen. The result and the idle screen's big
// mode keep their last drawing and reuse it while nothing it was drawn from
// has changed: the big font is most of a frame's cost, and Update runs for
// every key of a scanner burst.
func (m Model) prepare() Model {
	switch {
	case m.c.Width == 0 || m.c.Height == 0:
		m.frame = ""
	case m.owner.isOpen():
		m.frame = m.owner.view(m.now, m.eng.Mode())
	case m.result.showing():
		m.result = m.result.prepare(m.now)
		m.frame = m.result.frame
	default:
		m.idle, m.frame = m.idle.render(m.now, m.eng.Mode(), m.input, m.busy, len(m.queue), m.quitNotice())
	}
	return m
}
