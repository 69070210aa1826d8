package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/pinlock"
	"github.com/ashyq/kiosk/kiosk/tui/consolefont"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// goldenSizes are the screens the kiosk meets: the Linux text console, a
// 17-inch monitor's console, a 24-inch monitor.
var goldenSizes = [][2]int{{80, 25}, {120, 40}, {200, 60}}

// goldenScreen is one screen of the matrix: how to bring the model to it.
type goldenScreen struct {
	name string
	show func(m Model) Model
}

func verdictFor(status wire.Status, kind wire.Kind, reason string) door.Verdict {
	v := door.Verdict{Kind: kind, Status: status, Source: wire.SourceOnline, MaskedIIN: iin.Mask("900101300017"),
		Allowed: kind != wire.Refusal, Reason: reason, Seq: 7, Inside: 12, Capacity: 40, At: t0, EventID: "ev-7",
		Identity: door.Identity{Born: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), Sex: door.Male}}
	if kind == wire.Exit {
		v.Status, v.Source = "", wire.SourceSkipped
	}
	if reason == wire.ReasonFull {
		v.Inside = 40
	}
	return v
}

func send(m Model, msg tea.Msg) Model {
	next, cmd := m.Update(msg)
	m = next.(Model)
	// Run the commands that feed the model back at once (the count), but
	// not the clock or the listeners, which would block.
	if cmd != nil {
		if c, ok := msg.(SyncMsg); ok {
			m = send(m, refreshCount(m.eng, c.State)())
		}
	}
	return m
}

// venueCode is a venue's poster code, held up to the kiosk by mistake.
const venueCode = "ashyq:venue:demo-cafe:main"

// uncheckedVerdict is a person nobody could check (the upstream
// unreachable, nothing cached, no pass) under policy p.
func uncheckedVerdict(p door.Policy) door.Verdict {
	v := verdictFor(wire.Red, wire.Refusal, wire.ReasonOfflinePolicy)
	v.Status, v.Source, v.Unchecked, v.Policy = "", wire.SourceUnchecked, door.UncheckedUnreachable, p
	if p == door.PolicyAdmit {
		v.Kind, v.Allowed, v.Reason = wire.Entry, true, ""
	}
	return v
}

// offlineState is an upstream that stopped answering at 11:48, after a
// last sync at 11:47, with records waiting.
var offlineState = syncer.State{Link: syncer.LinkOffline, Problem: syncer.ProblemTimeout, LastSync: t0.Add(-13 * time.Minute),
	LinkSince: t0.Add(-12 * time.Minute), WasOnline: true, Pending: 23, OldestPending: t0.Add(-11 * time.Minute),
	Occupancy: &wire.Occupancy{Inside: 12, Capacity: 40, AsOf: t0.Add(-12 * time.Minute)}}

var goldenScreens = []goldenScreen{
	{"idle", func(m Model) Model { return m }},
	{"idle_offline", func(m Model) Model { return send(m, SyncMsg{State: offlineState}) }},
	{"unchecked_ask", func(m Model) Model { return send(m, VerdictMsg{Verdict: uncheckedVerdict(door.PolicyAsk)}) }},
	{"unchecked_refuse", func(m Model) Model { return send(m, VerdictMsg{Verdict: uncheckedVerdict(door.PolicyRefuse)}) }},
	{"unchecked_admit", func(m Model) Model { return send(m, VerdictMsg{Verdict: uncheckedVerdict(door.PolicyAdmit)}) }},
	{"admitted", func(m Model) Model {
		v := verdictFor(wire.Red, wire.Override, wire.OverridePaperResult)
		v.Allowed, v.Staff = true, "aigerim"
		return send(m, VerdictMsg{Verdict: v})
	}},
	{"idle_full", func(m Model) Model {
		return send(m, SyncMsg{State: syncer.State{Link: syncer.LinkOnline, LastSync: t0,
			Occupancy: &wire.Occupancy{Inside: 40, Capacity: 40, AsOf: t0}}})
	}},
	{"idle_saver", func(m Model) Model {
		m.opts.ScreenSaverAfter = time.Minute
		m.opts.Now = func() time.Time { return t0.Add(17 * time.Minute) }
		return send(m, TickMsg{At: t0.Add(17 * time.Minute)})
	}},
	{"welcome", func(m Model) Model { return send(m, VerdictMsg{Verdict: verdictFor(wire.Green, wire.Entry, "")}) }},
	{"welcome_blue_inside", func(m Model) Model {
		return send(m, VerdictMsg{Verdict: verdictFor(wire.Blue, wire.Entry, wire.ReasonAlreadyInside)})
	}},
	{"denied_red", func(m Model) Model {
		return send(m, VerdictMsg{Verdict: verdictFor(wire.Red, wire.Refusal, wire.ReasonStatus)})
	}},
	{"denied_yellow", func(m Model) Model {
		return send(m, VerdictMsg{Verdict: verdictFor(wire.Yellow, wire.Refusal, wire.ReasonStatus)})
	}},
	{"full", func(m Model) Model {
		return send(m, VerdictMsg{Verdict: verdictFor(wire.Green, wire.Refusal, wire.ReasonFull)})
	}},
	{"goodbye", func(m Model) Model { return send(m, VerdictMsg{Verdict: verdictFor("", wire.Exit, "")}) }},
	{"not_accepted_check_digit", func(m Model) Model {
		_, err := scanner.Classify("900101300018")
		return send(m, ErrorMsg{Err: err})
	}},
	{"not_accepted_venue_code", func(m Model) Model {
		_, err := scanner.Classify(venueCode)
		return send(m, ErrorMsg{Err: err})
	}},
	{"owner_menu", func(m Model) Model { return send(ownerAt(m, pageMenu), CountMsg{}) }},
	{"owner_queue", func(m Model) Model {
		m = ownerAt(m, pageQueue)
		m.owner = m.owner.setQueue(QueueView{Waiting: 3, Oldest: t0.Add(-7 * time.Minute), Dead: []DeadItem{
			{ID: "a", MaskedIIN: iin.Mask("900101300017"), Kind: wire.Entry, ScannedAt: t0.Add(-time.Hour), Reason: deadReasons[0]},
			{ID: "b", MaskedIIN: iin.Mask("771203300035"), Kind: wire.Exit, ScannedAt: t0.Add(-time.Hour), Reason: deadReasons[1]},
		}})
		return send(m, CountMsg{})
	}},
	{"owner_health", func(m Model) Model {
		m = ownerAt(m, pageHealth)
		m.owner.health = HealthView{FileBytes: 3 << 20, MaxBytes: 512 << 20, Pending: 3, Dead: 2, SoundALSA: true,
			SoundDevice: "default", LastScan: t0.Add(-2 * time.Minute)}
		return send(m, CameraMsg{Status: scanner.CameraStatus{State: scanner.CameraRunning, Detail: "/dev/video0"}})
	}},
	{"not_recorded", func(m Model) Model {
		return send(m, ErrorMsg{Err: fmt.Errorf("%w: outbox is full", door.ErrNotRecorded)})
	}},
}

// deadReasons are an upstream's reasons for refusing two records.
var deadReasons = []string{"iin must have 12 digits", "seq must be at least 1"}

// ownerAt opens the owner menu on page pg, as after the right PIN.
func ownerAt(m Model, pg ownerPage) Model {
	m.owner = m.owner.open(t0, forMenu)
	m.owner.stage = ownerMenu
	act := map[ownerPage]ownerActKind{pageQueue: actQueue, pageHealth: actHealth}[pg]
	m.owner = m.owner.openPage(pg, act)
	return m
}

// goldenModel is a kiosk at the entrance of a venue with 12 of 40 inside,
// online.
func goldenModel(lang string, w, h int) Model {
	opts := Options{Venue: "Кофейня-12", Door: "main", Language: lang, ResultFor: 5 * time.Second,
		CameraSupported: true, Now: func() time.Time { return t0 }, ClosingTime: "23:00", OwnerPIN: "4826",
		Identity: true, Staff: pinlock.NewCodes([]pinlock.Code{{Name: "aigerim", PIN: "4821"}}),
		Policy: door.PolicyAsk, CacheTTL: 24 * time.Hour,
		Trust: func() door.TrustState {
			return door.TrustState{Enabled: true, Keys: 2, RefreshedAt: t0.Add(-2 * time.Hour), Age: 2 * time.Hour,
				MaxAge: 72 * time.Hour, Clock: door.ClockState{Trusted: true, Now: t0}}
		}}
	reg := newRegistry(door.Entrance)
	reg.occ.Capacity = 40
	m := New(opts, reg, Sources{})
	m = send(m, tea.WindowSizeMsg{Width: w, Height: h})
	return send(m, SyncMsg{State: syncer.State{Link: syncer.LinkOnline, LastSync: t0,
		Occupancy: &wire.Occupancy{Inside: 12, Capacity: 40, AsOf: t0}}})
}

// TestScreens renders every screen at every size in every language and
// compares it with testdata/TestScreens/<lang>_<screen>_<W>x<H>.golden. The
// README's pictures are rendered from these files.
func TestScreens(t *testing.T) {
	for _, lang := range i18n.Supported() {
		for _, sc := range goldenScreens {
			for _, sz := range goldenSizes {
				name := fmt.Sprintf("%s_%s_%dx%d", lang, sc.name, sz[0], sz[1])
				t.Run(name, func(t *testing.T) {
					frame := sc.show(goldenModel(lang, sz[0], sz[1])).View()
					checkFrame(t, frame, sz[0], sz[1])
					golden.RequireEqual(t, []byte(frame))
				})
			}
		}
	}
}

// checkFrame: a frame is exactly the screen's size, never wider or taller.
func checkFrame(t *testing.T, frame string, w, h int) {
	t.Helper()
	rows := strings.Split(plain(frame), "\n")
	if len(rows) != h {
		t.Errorf("%d rows, want %d", len(rows), h)
	}
	for i, r := range rows {
		if n := len([]rune(r)); n > w {
			t.Errorf("row %d is %d wide, max %d: %q", i, n, w, r)
		}
	}
}

// TestScreensInConsoleFont reads every golden screen and fails on a
// character the kiosk's console font (Debian's CyrAsia, read from the real
// file) cannot show: on the bare console it would be a blank or a diamond.
func TestScreensInConsoleFont(t *testing.T) {
	font, err := consolefont.Load(consolefont.Kiosk)
	if err != nil {
		t.Fatalf("%v (apt-get install console-setup-linux)", err)
	}
	files, _ := filepath.Glob("testdata/TestScreens/*.golden")
	if len(files) < len(goldenScreens)*len(goldenSizes)*3 {
		t.Fatalf("only %d golden screens; run go test -run TestScreens -update", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := font.Missing(plain(string(b))); len(m) > 0 {
			t.Errorf("%s: %q not in %s", filepath.Base(f), string(m), consolefont.Kiosk)
		}
	}
}

// TestScreensNoEnglishInKazakhOrRussian fails when a Kazakh or Russian
// screen holds a run of English words.
func TestScreensNoEnglishInKazakhOrRussian(t *testing.T) {
	for _, lang := range []string{"ru", "kk"} {
		files, _ := filepath.Glob("testdata/TestScreens/" + lang + "_*.golden")
		if len(files) == 0 {
			t.Fatalf("no %s golden screens", lang)
		}
		for _, f := range files {
			b, _ := os.ReadFile(f)
			// Data is shown as it is: the scanned code, the server's
			// reasons for refusing a record, the ALSA device's name.
			text := plain(string(b))
			for _, data := range []string{venueCode, deadReasons[0], deadReasons[1], "(default)"} {
				text = strings.ReplaceAll(text, data, "")
			}
			if run := englishRun.FindString(text); run != "" {
				t.Errorf("%s: English %q", filepath.Base(f), run)
			}
		}
	}
}
