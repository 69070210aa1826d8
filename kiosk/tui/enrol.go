package tui

import (
	"strings"
	"time"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
)

// The blank kiosk's screen: a kiosk with no venue and no token says how to
// enrol it, and takes the one-time code from the owner's page (docs/owner.md,
// "Adding a door") shown to the camera, read by a scanner, or typed. It is
// a program of its own, run before the kiosk's usual screen: once a code
// is taken, it ends and the kiosk starts as enrolled.

// EnrolOutcome is what became of a code: done, or the problem in one word
// (the app's EnrolProblem) for the screen to say in its language.
type EnrolOutcome struct {
	Done                      bool
	Venue, Device, Door, Mode string
	Problem                   string
}

// EnrolOptions configure the blank kiosk's screen.
type EnrolOptions struct {
	Language string
	// Upstream is the configured upstream's address, shown; "" when only a
	// QR code can say where to enrol.
	Upstream string
	// Redeem tries a code (scanned or typed); it may take seconds, so it
	// runs in a command.
	Redeem func(text string) EnrolOutcome
	Scans  <-chan scanner.Scan
	Camera <-chan scanner.CameraStatus
	// After is how long "Enrolled" stays before the screen ends.
	After time.Duration
}

// EnrolledMsg ends the screen after a code was taken.
type EnrolledMsg struct{}

// enrolResultMsg carries Redeem's outcome.
type enrolResultMsg struct{ out EnrolOutcome }

// EnrolModel is the blank kiosk's screen.
type EnrolModel struct {
	c      *common.Common
	opts   EnrolOptions
	typed  []rune
	busy   bool
	last   EnrolOutcome
	tried  bool
	camera scanner.CameraStatus
	// Outcome is the code taken, once the screen ended with one.
	Outcome EnrolOutcome
}

// NewEnrol returns the blank kiosk's screen.
func NewEnrol(opts EnrolOptions) EnrolModel {
	if opts.After <= 0 {
		opts.After = 2 * time.Second
	}
	return EnrolModel{c: common.New(opts.Language, nil), opts: opts}
}

// Init listens to the camera.
func (m EnrolModel) Init() tea.Cmd {
	return tea.Batch(listenScans(m.opts.Scans), listenCamera(m.opts.Camera))
}

func (m EnrolModel) try(text string) (EnrolModel, tea.Cmd) {
	if m.busy || strings.TrimSpace(text) == "" {
		return m, nil
	}
	m.busy, m.tried = true, true
	redeem := m.opts.Redeem
	return m, func() tea.Msg { return enrolResultMsg{out: redeem(text)} }
}

// Update takes keys, scans and outcomes.
func (m EnrolModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.SetSize(msg.Width, msg.Height)
	case ScanMsg:
		var cmd tea.Cmd
		m, cmd = m.try(msg.Scan.Payload)
		return m, tea.Batch(cmd, listenScans(m.opts.Scans))
	case CameraMsg:
		m.camera = msg.Status
		return m, listenCamera(m.opts.Camera)
	case enrolResultMsg:
		m.busy, m.last = false, msg.out
		if msg.out.Done {
			m.Outcome = msg.out
			return m, tea.Tick(m.opts.After, func(time.Time) tea.Msg { return EnrolledMsg{} })
		}
	case EnrolledMsg:
		return m, tea.Quit
	case tea.KeyMsg:
		switch msg.Type {
		case tea.KeyCtrlC:
			return m, tea.Quit
		case tea.KeyEnter:
			text := string(m.typed)
			m.typed = nil
			return m.try(text)
		case tea.KeyBackspace:
			if len(m.typed) > 0 {
				m.typed = m.typed[:len(m.typed)-1]
			}
		case tea.KeyRunes, tea.KeySpace:
			for _, r := range msg.Runes {
				if len(m.typed) < 600 && unicode.IsPrint(r) {
					m.typed = append(m.typed, r)
				}
			}
		}
	}
	return m, nil
}

// enrolProblemKeys says each problem in words.
var enrolProblemKeys = map[string]i18n.Key{
	"not-a-code": i18n.EnrolNotACode, "no-upstream": i18n.EnrolNoUpstream, "unknown": i18n.EnrolUnknown,
	"used": i18n.EnrolUsed, "expired": i18n.EnrolExpired, "busy": i18n.EnrolBusy, "unreachable": i18n.EnrolUnreachable,
	"not-saved": i18n.EnrolNotSaved,
}

// EnrolProblemText says an enrolment problem (the app's EnrolProblem) in
// c's language, as the blank kiosk's screen does: for `ashyq-kiosk enrol`.
func EnrolProblemText(c i18n.Catalog, problem string) string {
	if k, ok := enrolProblemKeys[problem]; ok {
		return c.T(k)
	}
	return c.T(i18n.EnrolUnreachable)
}

// View draws the screen: what the kiosk is waiting for, in large type where
// it fits, and what the last code did.
func (m EnrolModel) View() string {
	c, st := m.c.Lang, m.c.Styles
	width := max(m.c.Width, 40)
	wrap := lipgloss.NewStyle().Width(min(width-4, 76))
	lines := []string{
		lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#ffb300")).Render(c.T(i18n.EnrolTitle)),
		"",
		wrap.Render(c.T(i18n.EnrolHow)),
		"",
		wrap.Render(c.T(i18n.EnrolType)),
		"> " + string(m.typed) + "_",
		"",
	}
	switch {
	case m.busy:
		lines = append(lines, st.Warn.Render(c.T(i18n.EnrolChecking)))
	case m.last.Done:
		lines = append(lines, st.OK.Render(wrap.Render(c.F(i18n.EnrolDone, m.last.Device, m.last.Door, m.last.Venue))))
	case m.tried:
		key, ok := enrolProblemKeys[m.last.Problem]
		if !ok {
			key = i18n.EnrolUnreachable
		}
		lines = append(lines, st.Bad.Render(wrap.Render(c.T(key))))
	}
	if m.opts.Upstream != "" {
		lines = append(lines, "", st.Dim.Render(c.F(i18n.EnrolWhere, m.opts.Upstream)))
	}
	if text := cameraText(c, m.camera); text != "" {
		lines = append(lines, st.Dim.Render(text))
	}
	block := lipgloss.JoinVertical(lipgloss.Left, lines...)
	if m.c.Width == 0 || m.c.Height == 0 {
		return block
	}
	return lipgloss.Place(m.c.Width, m.c.Height, lipgloss.Center, lipgloss.Center, block)
}

// cameraText says the camera's state in words, "" before it said any.
func cameraText(c i18n.Catalog, s scanner.CameraStatus) string {
	switch s.State {
	case "":
		return ""
	case scanner.CameraOff:
		return c.T(i18n.CameraOff)
	case scanner.CameraUnsupported:
		return c.T(i18n.CameraUnsupported)
	case scanner.CameraBusy:
		return c.T(i18n.CameraBusy)
	case scanner.CameraLost:
		return c.T(i18n.CameraLost)
	case scanner.CameraRunning:
		return c.T(i18n.CameraRunning)
	}
	return c.T(i18n.CameraSearching)
}
