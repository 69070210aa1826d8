package tui

import (
	"context"
	"log/slog"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/pinlock"
	"github.com/ashyq/kiosk/kiosk/sound"
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
	// DemoStaffCode is shown under the demo IINs.
	DemoStaffCode string
	// Wallet, in demo mode, is where the demo's wallet is and how to enrol.
	Wallet DemoWallet
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
	// Sound plays a cue after each result (kiosk/sound's Player: ALSA, or
	// the terminal bell). It is called from a command, after the result is
	// on screen, and must not block. Nil is silent.
	Sound Player
	// ScreenSaverAfter dims the idle screen and moves it slowly after this
	// long without a scan or key, against burn-in; any scan or key wakes
	// it. Zero never.
	ScreenSaverAfter time.Duration
	// ClosingTime ("23:00") is shown on the idle screen; empty shows none.
	// The owner menu changes it; the idle page keeps the current one.
	ClosingTime string
	// Owner carries out the owner menu's controls beyond mode and
	// language (limits, queue, health, everybody out). Nil hides nothing
	// but makes those items do nothing.
	Owner OwnerOps
	// OwnerPIN opens the owner menu (F2 or ctrl+o on the idle screen),
	// where the mode and the language are switched while running. Empty
	// disables the menu. It is never logged or shown.
	OwnerPIN string
	// OwnerGuard checks the PIN and owns the wrong-try lock; the kiosk
	// passes kiosk/pinlock's Guard so the lock survives a restart. Nil
	// with OwnerPIN set keeps the lock in memory. With a PIN set,
	// quitting from the keyboard (ctrl+c twice) asks for it too.
	OwnerGuard PINGuard
	// ModeSetByOwner says the mode came from the owner menu (saved from an
	// earlier run); the idle screen says so.
	ModeSetByOwner bool
	// OnOwnerChange saves the owner's choice so that it survives a
	// restart. It runs in a command, never in Update, after each change;
	// its error is shown in the menu.
	OnOwnerChange func(mode door.Mode, lang string) error
	// Trust reads the pass keys' age, the pass clock and the breaker from
	// their owner, the engine, for the idle screen; nil shows nothing.
	Trust func() door.TrustState
	// Identity shows the birth date and sex the IIN holds on the result
	// screen, for staff to compare with an ID card (display.identity).
	Identity bool
	// Staff checks staff codes for letting a refused person in (F3 on the
	// result screen); nil: nobody can.
	Staff StaffGuard
	// Policy is the offline policy, for the offline idle screen; CacheTTL
	// how old a saved status may be (storage.cache_ttl). PolicyNow, if
	// set, reads the policy in force from its owner, the engine (the
	// venue's owner may change it upstream), instead of Policy.
	Policy    door.Policy
	PolicyNow func() door.Policy
	CacheTTL  time.Duration
}

// DemoWallet is the demo's wallet address, with an IIN of the demo registry
// and a one-time enrolment code for it, shown on the idle screen so a
// newcomer can enrol a phone (or a browser window) and show its code here.
type DemoWallet struct {
	URL, IIN, Code string
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
	// Count is the head count the door works with; the Engine owns it.
	Count() door.Count
	// Override lets in the person a refusal (by its event id) turned
	// away: staff decided, with a reason and their name. It records, so
	// the UI calls it from a command.
	Override(ctx context.Context, ref, reason, staff string) (door.Verdict, error)
	// RefreshCount gives the Engine the upstream's latest figure; it reads
	// the outbox, so the UI calls it from a command.
	RefreshCount(occ *wire.Occupancy, online bool) error
	// SetCapacity sets the local capacity limit (the owner's); quick, like
	// SetMode, so it is called from Update.
	SetCapacity(n int)
}

// Player plays a sound cue without waiting for it: kiosk/sound's Player.
type Player interface {
	Play(sound.Cue)
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
	staff  staffPanel

	busy  bool           // an Engine call is running
	queue []scanner.Scan // submitted while busy, oldest first

	quitArmed time.Time // first ctrl+c; a second one soon after quits
	// ownerOffAt is when F2 or ctrl+o was pressed with no owner PIN set:
	// the hint line says why nothing opens, instead of nothing.
	ownerOffAt time.Time
	active     time.Time // the last scan or key: the screen saver waits from here

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
	m.active = m.now
	m.idle = newIdlePage(c, m.opts)
	m.input = newField(c, wedge.New(), throttle.New(0, 0, 0))
	m.result = newResultPage(c, screenOpts{identity: opts.Identity, staff: opts.Staff != nil})
	guard := opts.OwnerGuard
	if guard == nil && opts.OwnerPIN != "" {
		guard = pinlock.New(opts.OwnerPIN)
	}
	m.owner = newOwnerPanel(c, guard)
	m.staff = newStaffPanel(c, opts.Staff)
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
		return m, tea.Batch(listenSync(m.src.Sync), refreshCount(m.eng, msg.State))
	case CountMsg:
		return m, nil // the frame is prepared again with the Engine's new count
	case PINCheckedMsg:
		return m.onPINChecked(msg)
	case OwnerSavedMsg:
		return m.onOwnerSaved(msg)
	case OwnerLimitsMsg, OwnerQueueMsg, OwnerHealthMsg, OwnerDoneMsg:
		return m.onOwnerResult(msg)
	case StaffCheckedMsg:
		return m.onStaffChecked(msg)
	case OverrideMsg:
		return m.onOverride(msg)
	case CameraMsg:
		m.idle = m.idle.setCamera(msg.Status, m.now)
		return m, listenCamera(m.src.Camera)
	case HardwareScanMsg:
		m = m.closeOwner("scanner scan").closeStaff("scanner scan")
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
		m.frame = m.owner.view(m.now, m.eng.Mode(), ownerContext{count: m.eng.Count(), closing: m.idle.closing, idle: m.idle})
	case m.staff.isOpen():
		m.frame = m.staff.view(m.now)
	case m.result.showing():
		m.result = m.result.prepare(m.now)
		m.frame = m.result.frame
	default:
		m.idle, m.frame = m.idle.render(m.now, idleState{
			mode: m.eng.Mode(), count: m.eng.Count(), in: m.input, busy: m.busy,
			queued: len(m.queue), quitNotice: m.quitNotice(), ownerOff: m.ownerOffNotice(), saver: m.saverOn(),
		})
	}
	return m
}

// saverOn reports whether the idle screen is in its screen-saver state.
func (m Model) saverOn() bool {
	return m.opts.ScreenSaverAfter > 0 && m.now.Sub(m.active) >= m.opts.ScreenSaverAfter
}
