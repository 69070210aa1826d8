package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/pinlock"
	"github.com/ashyq/kiosk/kiosk/tui/bigtext"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire"
)

// backgroundOf is the escape sequence a frame carries for a tone's
// background.
func backgroundOf(t *testing.T, st *common.Styles, tone common.Tone) string {
	t.Helper()
	out := lipgloss.NewStyle().Background(st.Tones[tone].Background).Render("x")
	i := strings.Index(out, "x")
	if i <= 0 {
		t.Fatalf("no escape sequence for tone %d: %q", tone, out)
	}
	return out[:i]
}

// TestUncheckedNeverShowsAColourOrATick: a person nobody could check, under
// every policy, in every language, at every size, gets the unchecked tone:
// no status colour's background, no tick in the big font or as text, no
// colour's name and no welcome.
func TestUncheckedNeverShowsAColourOrATick(t *testing.T) {
	for _, lang := range i18n.Supported() {
		c := i18n.For(lang)
		for _, p := range door.Policies {
			for _, sz := range goldenSizes {
				m := send(goldenModel(lang, sz[0], sz[1]), VerdictMsg{Verdict: uncheckedVerdict(p)})
				name := fmt.Sprintf("%s %s %dx%d", lang, p, sz[0], sz[1])
				if m.result.shown == nil || m.result.shown.tone != common.ToneUnchecked {
					t.Fatalf("%s: not the unchecked tone", name)
				}
				frame := m.View()
				for _, tone := range common.StatusTones {
					if strings.Contains(frame, backgroundOf(t, m.c.Styles, tone)) {
						t.Errorf("%s: the frame has status tone %d's background", name, tone)
					}
				}
				pv := plain(frame)
				for _, k := range []i18n.Key{i18n.ColourGreen, i18n.ColourBlue, i18n.ColourRed, i18n.ColourYellow, i18n.Welcome} {
					if strings.Contains(pv, c.T(k)) || hasBig(frame, c.T(k), sz[0]) {
						t.Errorf("%s: %q on the screen", name, c.T(k))
					}
				}
				if strings.ContainsRune(pv, bigtext.Tick) || strings.Contains(pv, bigtext.Plain(string(bigtext.Tick))+" ") ||
					drawnAnywhere(pv, string(bigtext.Tick)) {
					t.Errorf("%s: a tick on the screen:\n%s", name, pv)
				}
				if !shownTitle(frame, string(bigtext.Box)+" "+c.T(i18n.NotChecked), sz[0]) {
					t.Errorf("%s: NOT CHECKED is not a title:\n%s", name, pv)
				}
			}
		}
	}
}

// TestRedAndYellowStayBigOnTheConsole: at 80x25 the colour's name and the
// refusal are both in the big font, as GREEN and WELCOME are, in every
// language (they once dropped to plain lines because "✗ ENTRY DENIED"
// took two lines).
func TestRedAndYellowStayBigOnTheConsole(t *testing.T) {
	for _, lang := range i18n.Supported() {
		c := i18n.For(lang)
		for _, st := range []wire.Status{wire.Red, wire.Yellow} {
			kind, reason := wire.Refusal, wire.ReasonStatus
			if st == wire.Green {
				kind, reason = wire.Entry, ""
			}
			frame := send(goldenModel(lang, 80, 25), VerdictMsg{Verdict: verdictFor(st, kind, reason)}).View()
			word := c.T(i18n.EntryDenied)
			if st == wire.Green {
				word = c.T(i18n.Welcome)
			}
			if !hasBig(frame, colourName(c, st), 80) || !hasBig(frame, word, 80) {
				t.Errorf("%s %s at 80x25: %q or %q is not big:\n%s", lang, st, colourName(c, st), word, plain(frame))
			}
		}
	}
}

// TestHeadlineGrowsWithTheScreen: on a 24-inch monitor the refusal's
// reason, "already inside", the saved status and why nobody could check
// are in the big font (they once stayed one small line with ten rows
// empty); on the console the unchecked reason is a plain line.
func TestHeadlineGrowsWithTheScreen(t *testing.T) {
	cached := verdictFor(wire.Green, wire.Entry, "")
	cached.Source, cached.CacheAge = wire.SourceCache, 7*time.Minute
	for _, lang := range i18n.Supported() {
		c := i18n.For(lang)
		for _, tt := range []struct {
			v    door.Verdict
			head i18n.Key
		}{
			{verdictFor(wire.Red, wire.Refusal, wire.ReasonStatus), i18n.HeadRed},
			{verdictFor(wire.Yellow, wire.Refusal, wire.ReasonStatus), i18n.HeadYellow},
			{verdictFor(wire.Blue, wire.Entry, wire.ReasonAlreadyInside), i18n.HeadAlreadyInside},
			{cached, i18n.HeadSavedStatus},
			{uncheckedVerdict(door.PolicyAsk), i18n.WhyUnreachable},
		} {
			frame := send(goldenModel(lang, 200, 60), VerdictMsg{Verdict: tt.v}).View()
			if !hasBig(frame, c.T(tt.head), 200) {
				t.Errorf("%s at 200x60: %q is not big:\n%s", lang, c.T(tt.head), plain(frame))
			}
		}
		small := send(goldenModel(lang, 80, 25), VerdictMsg{Verdict: uncheckedVerdict(door.PolicyAsk)}).View()
		if !strings.Contains(plain(small), c.T(i18n.WhyUnreachable)) {
			t.Errorf("%s at 80x25: why nobody could check is missing:\n%s", lang, plain(small))
		}
	}
}

// TestFullSaysOverTheLimit: a head count over the limit (the limit lowered,
// or other doors' visitors counted offline) is said as such, not "4 of 1".
func TestFullSaysOverTheLimit(t *testing.T) {
	v := verdictFor(wire.Green, wire.Refusal, wire.ReasonFull)
	v.Inside, v.Capacity = 4, 1
	s := strings.Join(verdictScreen(i18n.For("ru"), v, screenOpts{}).details, "\n")
	if !strings.Contains(s, "внутри 4 при пределе 1") || strings.Contains(s, "4 из 1") {
		t.Errorf("over the limit:\n%s", s)
	}
	v.Inside = 1
	s = strings.Join(verdictScreen(i18n.For("en"), v, screenOpts{}).details, "\n")
	if !strings.Contains(s, "The venue is full: 1 inside, the limit is 1.") {
		t.Errorf("at the limit:\n%s", s)
	}
}

// TestFirstKeyAfterTheSaverActs: with the screen saver on, F2 opens the
// owner PIN prompt at once and the PIN goes there, not into the IIN field
// (the first key once only woke the screen).
func TestFirstKeyAfterTheSaverActs(t *testing.T) {
	now := t0
	m := goldenModel("en", 120, 40)
	m.opts.ScreenSaverAfter = 5 * time.Minute
	m.opts.Now = func() time.Time { return now }
	now = t0.Add(10 * time.Minute)
	m = send(m, TickMsg{})
	if !m.saverOn() {
		t.Fatal("no saver")
	}
	m = send(m, tea.KeyMsg{Type: tea.KeyF2})
	m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("48")})
	if !m.owner.isOpen() || m.input.det.Len() != 0 {
		t.Fatalf("F2 after the saver: owner open %v, IIN field %q", m.owner.isOpen(), m.input.det.Text())
	}
	if pv := plain(m.View()); !strings.Contains(pv, "Owner PIN:") {
		t.Errorf("no PIN prompt:\n%s", pv)
	}
}

// TestCameraSaysNoneAfterSeconds: a camera still searching after a few
// seconds is said to be missing (while the kiosk keeps looking), and one
// found later is ready.
func TestCameraSaysNoneAfterSeconds(t *testing.T) {
	now := t0
	m := goldenModel("en", 120, 40)
	m.opts.Now = func() time.Time { return now }
	m = send(m, CameraMsg{Status: scanner.CameraStatus{State: scanner.CameraSearching}})
	if pv := plain(m.View()); !strings.Contains(pv, "Camera: searching…") {
		t.Fatalf("at first:\n%s", pv)
	}
	now = t0.Add(cameraNoneAfter - time.Second)
	if pv := plain(send(m, TickMsg{}).View()); !strings.Contains(pv, "Camera: searching…") {
		t.Errorf("after 4 s:\n%s", pv)
	}
	now = t0.Add(cameraNoneAfter)
	m = send(m, TickMsg{})
	m = send(m, CameraMsg{Status: scanner.CameraStatus{State: scanner.CameraSearching}}) // the same state again
	if pv := plain(m.View()); !strings.Contains(pv, "Camera: none found (still looking)") {
		t.Errorf("after 5 s:\n%s", pv)
	}
	m = send(m, CameraMsg{Status: scanner.CameraStatus{State: scanner.CameraRunning}})
	if pv := plain(m.View()); !strings.Contains(pv, "Camera: ready") {
		t.Errorf("found:\n%s", pv)
	}
}

// TestIdleSaysSomethingTrueAtStart: before the first check the link is
// connecting, not offline; online with nothing sent yet it says so, not
// "never synced" (which read like a fault right after the demo started).
func TestIdleSaysSomethingTrueAtStart(t *testing.T) {
	m := goldenModel("en", 120, 40)
	m = send(m, SyncMsg{State: syncer.State{LinkSince: t0}})
	pv := plain(m.View())
	if !strings.Contains(pv, "CONNECTING…") || strings.Contains(pv, "OFFLINE") || hasBig(m.View(), "OFFLINE", 120) {
		t.Errorf("before the first check:\n%s", pv)
	}
	m = send(m, SyncMsg{State: syncer.State{Link: syncer.LinkOnline, LinkSince: t0, WasOnline: true}})
	pv = plain(m.View())
	if !strings.Contains(pv, "ONLINE · connected, nothing to send yet") || strings.Contains(pv, "never synced") {
		t.Errorf("online, nothing sent:\n%s", pv)
	}
}

// TestOfflineIdleSaysSoAndWhatWorks: offline, the idle screen says so in
// the big font instead of OPEN, since when, and what still works, in every
// language and at every size.
func TestOfflineIdleSaysSoAndWhatWorks(t *testing.T) {
	for _, lang := range i18n.Supported() {
		c := i18n.For(lang)
		for _, sz := range goldenSizes {
			frame := send(goldenModel(lang, sz[0], sz[1]), SyncMsg{State: offlineState}).View()
			pv := plain(frame)
			name := fmt.Sprintf("%s %dx%d", lang, sz[0], sz[1])
			if !hasBig(frame, c.T(i18n.Offline), sz[0]) || hasBig(frame, c.T(i18n.Open), sz[0]) {
				t.Errorf("%s: OFFLINE is not big, or OPEN is:\n%s", name, pv)
			}
			for _, want := range []string{c.F(i18n.OfflineSince, "11:48", ago(c, t0, t0.Add(-12*time.Minute))),
				c.F(i18n.OfflinePasses, agoDur(c, 2*time.Hour)), c.T(i18n.OfflineOthersAsk)} {
				if !strings.Contains(strings.Join(strings.Fields(pv), " "), want) {
					t.Errorf("%s: %q missing:\n%s", name, want, pv)
				}
			}
		}
	}
}

// overrideRig is a kiosk at an entrance with a staff code, in a program.
func overrideRig(t *testing.T) (*registry, *clockedProgram) {
	t.Helper()
	c := newClock()
	opts := baseOptions(c)
	opts.Staff = pinlock.NewCodes([]pinlock.Code{{Name: "aigerim", PIN: "4821"}})
	reg := newRegistry(door.Entrance)
	return reg, &clockedProgram{tm: start(t, opts, reg, Sources{}), clock: c}
}

// TestStaffOverride: staff let a red person in with F3, their code and a
// reason; the override is recorded with the name and the reason, and shows
// its own screen. A wrong code counts; Esc leaves the refusal as it was.
func TestStaffOverride(t *testing.T) {
	reg, p := overrideRig(t)
	typeLine(p.tm, "771203300035")
	reg.next(t)
	waitFor(t, p.tm, "Staff: F3 lets this person in")
	p.tm.Send(tea.KeyMsg{Type: tea.KeyF3})
	waitFor(t, p.tm, "LET THIS PERSON IN", "Staff code:")
	typeLine(p.tm, "1111")
	waitFor(t, p.tm, "Wrong code. Tries left: 2")
	typeLine(p.tm, "4821")
	waitFor(t, p.tm, "MANAGER'S DECISION", "Why is this person let in?")
	p.tm.Type("2")
	waitFor(t, p.tm, "Let in by aigerim")
	view := finalView(t, p.tm)
	if !hasBig(view, "LET IN BY STAFF", termW) {
		t.Errorf("the override's screen:\n%s", plain(view))
	}
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if len(reg.overrides) != 1 || reg.overrides[0].Staff != "aigerim" || reg.overrides[0].Reason != wire.OverridePaperResult {
		t.Errorf("overrides %+v", reg.overrides)
	}
}

// TestStaffOverrideGivesWayToAScan: a scanner burst while the staff panel
// is open closes it and is judged at once, never taken for a code.
func TestStaffOverrideGivesWayToAScan(t *testing.T) {
	reg, p := overrideRig(t)
	typeLine(p.tm, "771203300035")
	reg.next(t)
	waitFor(t, p.tm, "Staff: F3 lets this person in")
	p.tm.Send(tea.KeyMsg{Type: tea.KeyF3})
	waitFor(t, p.tm, "Staff code:")
	typeLine(p.tm, "900101300017")
	if s := reg.next(t); s.Payload != "900101300017" || s.Source != scanner.SourceWedge {
		t.Errorf("scanned %q", s.Payload)
	}
	waitFor(t, p.tm, "IIN ••••••••0017")
	finalView(t, p.tm)
	if len(reg.overrides) != 0 {
		t.Errorf("a scan became an override: %+v", reg.overrides)
	}
}

// TestUncheckedAskWaitsForStaff: under "ask", the NOT CHECKED screen stays
// while staff decide, not the usual few seconds.
func TestUncheckedAskWaitsForStaff(t *testing.T) {
	m := goldenModel("en", 120, 40)
	m = send(m, VerdictMsg{Verdict: uncheckedVerdict(door.PolicyAsk)})
	if left := m.result.until.Sub(t0); left < StaffTimeout {
		t.Errorf("the screen stays %v", left)
	}
	m = send(goldenModel("en", 120, 40), VerdictMsg{Verdict: uncheckedVerdict(door.PolicyRefuse)})
	if left := m.result.until.Sub(t0); left != m.opts.ResultFor {
		t.Errorf("refused: the screen stays %v", left)
	}
}

// clockedProgram is a running program and its clock.
type clockedProgram struct {
	tm    *teatest.TestModel
	clock *clock
}

// drawnAnywhere reports whether text is drawn in the big font, at any
// scale, somewhere in a plain frame: every row of the drawing in place,
// one under another at the same column.
func drawnAnywhere(pv, text string) bool {
	lines := strings.Split(pv, "\n")
	grid := make([][]rune, len(lines))
	for i, l := range lines {
		grid[i] = []rune(l)
	}
	for _, s := range bigtext.Scales() {
		block := strings.Split(bigtext.Draw(text, s), "\n")
		for y := 0; y+len(block) <= len(grid); y++ {
			for x := 0; x < len(grid[y]); x++ {
				if blockAt(grid, block, x, y) {
					return true
				}
			}
		}
	}
	return false
}

// blockAt reports whether the drawing's ink and blanks sit in grid at x, y.
func blockAt(grid [][]rune, block []string, x, y int) bool {
	for dy, row := range block {
		r := []rune(row)
		line := grid[y+dy]
		if x+len(r) > len(line) {
			return false
		}
		for dx, ch := range r {
			if (ch == ' ') != (line[x+dx] == ' ') {
				return false
			}
		}
	}
	return true
}
