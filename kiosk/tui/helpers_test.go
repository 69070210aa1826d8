package tui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/tui/bigtext"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Screens are compared with golden files in testdata; run
// `go test ./kiosk/tui -run TestX -update` to rewrite them after a
// deliberate change, and read the diff before committing.
func TestMain(m *testing.M) {
	// A pinned colour profile keeps the golden files byte-for-byte stable.
	common.UseDisplay(common.Display{Profile: termenv.ANSI256})
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

const termW, termH = 100, 30

// patience bounds every wait for the program. Waits end as soon as their
// condition holds; the bound only matters on a loaded machine or a failure.
const patience = 10 * time.Second

var t0 = time.Date(2021, 7, 14, 12, 0, 0, 0, time.UTC)

// clock is a settable clock shared by the test and the program goroutine.
// With step set, every reading advances it: keys then arrive step apart,
// as when a person types.
type clock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

func newClock() *clock { return &clock{now: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// registry is a small Engine: it classifies the payload as the real door
// engine does and answers from a map, recording every scan it gets. It is the
// UI's test double for kiosk/door, whose own tests cover the real decision.
type registry struct {
	mode    door.Mode
	status  map[string]wire.Status
	source  wire.Source
	fail    error         // returned for every valid code when set
	gate    chan struct{} // when set, each Handle waits for a value
	mu      sync.Mutex    // guards mode, scans and occ
	scans   []scanner.Scan
	handled chan scanner.Scan
	occ     door.Count // entries add one, exits take one; full refuses
	// unchecked, when set, makes every entrance scan unchecked under
	// policy, as with the upstream unreachable and nothing cached.
	unchecked door.Unchecked
	policy    door.Policy
	refused   map[string]door.Verdict // by event id, for Override
	overrides []door.Verdict
	seq       uint64
}

// Override lets in a refusal this registry made, once.
func (r *registry) Override(_ context.Context, ref, reason, staff string) (door.Verdict, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.refused[ref]
	if !ok {
		return door.Verdict{}, door.ErrNotOverridable
	}
	delete(r.refused, ref)
	r.seq++
	v.Kind, v.Allowed, v.Reason, v.Staff, v.Seq = wire.Override, true, reason, staff, r.seq
	v.EventID = "ev-" + string(rune('a'+r.seq))
	r.occ.Inside++
	v.Inside = r.occ.Inside
	r.overrides = append(r.overrides, v)
	return v, nil
}

func newRegistry(mode door.Mode) *registry {
	return &registry{
		mode: mode,
		status: map[string]wire.Status{
			"900101300017": wire.Green,
			"850523400026": wire.Yellow,
			"771203300035": wire.Red,
		},
		source:  wire.SourceOnline,
		handled: make(chan scanner.Scan, 16),
	}
}

func (r *registry) Handle(ctx context.Context, s scanner.Scan) (door.Verdict, error) {
	if r.gate != nil {
		<-r.gate
	}
	r.mu.Lock()
	r.scans = append(r.scans, s)
	mode := r.mode
	r.mu.Unlock()
	defer func() { r.handled <- s }()
	code, err := scanner.ClassifyScan(s)
	if err != nil {
		return door.Verdict{}, err
	}
	if r.fail != nil {
		return door.Verdict{}, r.fail
	}
	st, ok := r.status[code.IIN]
	if !ok {
		st = wire.Blue
	}
	v := door.Verdict{Status: st, Source: r.source, MaskedIIN: iin.Mask(code.IIN), At: s.At, Input: s.Source, Seq: 1}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	v.EventID = "ev-" + string(rune('a'+r.seq))
	switch {
	case mode != door.Exit && r.unchecked != "":
		v.Status, v.Source, v.Unchecked, v.Policy = "", wire.SourceUnchecked, r.unchecked, r.policy
		v.Kind, v.Reason = wire.Refusal, wire.ReasonOfflinePolicy
		if r.policy == door.PolicyAdmit {
			v.Kind, v.Allowed, v.Reason = wire.Entry, true, ""
			r.occ.Inside++
		}
	case mode == door.Exit:
		v.Kind, v.Allowed, v.Status, v.Source = wire.Exit, true, "", wire.SourceSkipped
		r.occ.Inside = max(r.occ.Inside-1, 0)
	case st.MayEnter() && r.occ.Full():
		v.Kind, v.Reason = wire.Refusal, wire.ReasonFull
	case st.MayEnter():
		v.Kind, v.Allowed = wire.Entry, true
		r.occ.Inside++
	default:
		v.Kind, v.Reason = wire.Refusal, wire.ReasonStatus
	}
	v.Inside, v.Capacity = r.occ.Inside, r.occ.Capacity
	if door.CanOverride(v) {
		if r.refused == nil {
			r.refused = map[string]door.Verdict{}
		}
		r.refused[v.EventID] = v
	}
	return v, nil
}

// Count is the registry's head count.
func (r *registry) Count() door.Count {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.occ
}

// SetCapacity sets the registry's capacity.
func (r *registry) SetCapacity(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.occ.Capacity = n
}

// RefreshCount takes the upstream figure as it is.
func (r *registry) RefreshCount(occ *wire.Occupancy, online bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if occ != nil {
		r.occ.Inside, r.occ.AsOf = occ.Inside, occ.AsOf
		if occ.Capacity > 0 {
			r.occ.Capacity = occ.Capacity
		}
	}
	r.occ.Source = door.CountEstimate
	if online {
		r.occ.Source = door.CountUpstream
	}
	return nil
}

// SetMode switches the mode, as the door engine's SetMode does.
func (r *registry) SetMode(m door.Mode) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mode = m
	return nil
}

// Mode is the engine's mode, as the door engine's Mode is.
func (r *registry) Mode() door.Mode { return r.currentMode() }

func (r *registry) currentMode() door.Mode {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.mode
}

// next waits for the engine to handle one more scan.
func (r *registry) next(t *testing.T) scanner.Scan {
	t.Helper()
	select {
	case s := <-r.handled:
		return s
	case <-time.After(patience):
		t.Fatal("the engine was not called")
		return scanner.Scan{}
	}
}

func (r *registry) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.scans)
}

func baseOptions(c *clock) Options {
	return Options{
		Venue: "Demo Café", Door: "main", Language: "en",
		ResultFor: 5 * time.Second, CameraSupported: true, Now: c.Now,
	}
}

func start(t *testing.T, opts Options, eng Engine, src Sources, size ...int) *teatest.TestModel {
	t.Helper()
	w, h := termW, termH
	if len(size) == 2 {
		w, h = size[0], size[1]
	}
	return teatest.NewTestModel(t, New(opts, eng, src), teatest.WithInitialTermSize(w, h))
}

// waitFor waits until the program's output contains all of subs.
func waitFor(t *testing.T, tm *teatest.TestModel, subs ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, s := range subs {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(patience), teatest.WithCheckInterval(10*time.Millisecond))
}

// waitOutput is waitFor that also returns all the output it read.
func waitOutput(t *testing.T, tm *teatest.TestModel, sub string) string {
	t.Helper()
	var seen []byte
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		seen = append(seen[:0], b...)
		return bytes.Contains(b, []byte(sub))
	}, teatest.WithDuration(patience), teatest.WithCheckInterval(10*time.Millisecond))
	return string(seen)
}

// finalView quits the program and returns its last view.
func finalView(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(patience)).View()
}

func typeLine(tm *teatest.TestModel, s string) {
	tm.Type(s)
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
}

// requireGolden compares a view with testdata/<test name>.golden.
func requireGolden(t *testing.T, view string) {
	t.Helper()
	golden.RequireEqual(t, []byte(view))
}

// plain is a view without colours, for substring checks.
func plain(view string) string { return ansi.Strip(view) }

// hasBig reports whether the view shows text in the big font: each of its
// words drawn at some scale that fits the screen width (words wrap onto
// lines of their own, and share a line with a symbol), every row of the
// drawing somewhere in the view.
func hasBig(view, text string, width int) bool {
	pv := plain(view)
	for _, word := range strings.Fields(text) {
		if !wordBig(pv, word, width) {
			return false
		}
	}
	return true
}

// shownTitle reports whether a title is on screen in the big font, or as
// the plain line a title gets when the big font leaves it no room.
func shownTitle(view, text string, width int) bool {
	return hasBig(view, text, width) || strings.Contains(plain(view), bigtext.Plain(text))
}

func wordBig(pv, word string, width int) bool {
	for _, s := range bigtext.Scales() {
		if bigtext.Width(strings.ToUpper(word), s.X) > width-2 {
			continue
		}
		all := true
		for _, row := range strings.Split(bigtext.Draw(word, s), "\n") {
			if r := strings.TrimSpace(row); r != "" && !strings.Contains(pv, strings.TrimRight(row, " ")) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// syncBuffer is a sink (a log, the bell) that the program goroutine writes
// while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var errDisk = errors.New("write outbox: no space left on device")

// bgCode is the SGR parameter that paints a tone's background under the
// pinned colour profile, e.g. "48;5;28".
func bgCode(tone common.Tone) string {
	probe := lipgloss.NewStyle().Background(common.DefaultStyles().Tones[tone].Background).Render("x")
	start := strings.Index(probe, "48;")
	end := start + strings.Index(probe[start:], "m")
	return probe[start:end]
}
