package tui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire"
)

func TestIdleScreen(t *testing.T) {
	c := newClock()
	opts := baseOptions(c)
	opts.Demo = true
	opts.DemoIINs = []DemoIIN{
		{"900101300017", wire.Green}, {"850523400026", wire.Yellow},
		{"771203300035", wire.Red}, {"010202500042", wire.Blue},
	}
	syncCh := make(chan syncer.State, 1)
	camCh := make(chan scanner.CameraStatus, 1)
	tm := start(t, opts, newRegistry(door.Entrance), Sources{Sync: syncCh, Camera: camCh})
	camCh <- scanner.CameraStatus{State: scanner.CameraLost, Device: "/dev/video0", Detail: "camera lost (no frame from the camera for 3s), reopening"}
	syncCh <- syncer.State{
		Link: syncer.LinkOffline, Pending: 3, OldestPending: t0.Add(-7 * time.Minute),
		DeadLetters: 2, LastSync: t0.Add(-4 * time.Minute), Problem: syncer.ProblemConnRefused,
		Occupancy: &wire.Occupancy{Inside: 17}, ClockSkew: 45 * time.Second,
		Storage: syncer.ProblemOutboxFull,
	}
	waitFor(t, tm, "an estimate while offline", "Camera: lost")
	view := finalView(t, tm)
	pv := plain(view)
	for _, want := range []string{
		"Demo Café", "main", "12:00:00", "OFFLINE", "last sync 11:56:00 (4 min ago)",
		"3 records waiting to sync, oldest 7 min ago", "2 records rejected upstream",
		"The server refused the connection", "Device clock is off by 45 s",
		"Storage problem: the record store is full",
		"Camera: lost, reopening… (/dev/video0)", "IIN or code:", "Demo IINs", "771203300035",
	} {
		if !strings.Contains(pv, want) {
			t.Errorf("idle screen lacks %q", want)
		}
	}
	if !hasBig(view, "ENTRANCE", termW) && !strings.Contains(pv, "▶ ENTRANCE ◀") {
		t.Error("the mode is not shown")
	}
	// Offline, the door says so in large letters, not OPEN; the count
	// (an estimate now) is a line under it.
	if !hasBig(view, "OFFLINE", termW) || hasBig(view, "OPEN", termW) || !strings.Contains(pv, "17 inside, no capacity limit") {
		t.Errorf("offline idle screen:\n%s", pv)
	}
	requireGolden(t, view)
}

// The demo shows where its wallet is and the code to enrol with.
func TestIdleDemoWallet(t *testing.T) {
	c := newClock()
	opts := baseOptions(c)
	opts.Demo = true
	opts.DemoIINs = []DemoIIN{{"900101300017", wire.Green}}
	opts.Wallet = DemoWallet{URL: "http://127.0.0.1:41234/wallet/", IIN: "900101300017", Code: "12345678"}
	tm := start(t, opts, newRegistry(door.Entrance), Sources{})
	waitFor(t, tm, "enrolment code")
	pv := plain(finalView(t, tm))
	for _, want := range []string{"http://127.0.0.1:41234/wallet/", "enrolment code 12345678"} {
		if !strings.Contains(strings.Join(strings.Fields(pv), " "), want) {
			t.Errorf("idle screen lacks %q:\n%s", want, pv)
		}
	}
}

func TestIdleOnlineHidesWarnings(t *testing.T) {
	c := newClock()
	syncCh := make(chan syncer.State, 1)
	tm := start(t, baseOptions(c), newRegistry(door.Entrance), Sources{Sync: syncCh})
	syncCh <- syncer.State{Link: syncer.LinkOnline, LastSync: t0.Add(-3 * time.Second), ClockSkew: -29 * time.Second}
	waitFor(t, tm, "All records synced", "just now")
	syncCh <- syncer.State{Link: syncer.LinkOnline, LastSync: t0.Add(-3 * time.Second), Pending: 2} // oldest unknown
	waitFor(t, tm, "2 records waiting to sync")
	pv := plain(finalView(t, tm))
	if !strings.Contains(pv, "ONLINE") || strings.Contains(pv, "oldest") {
		t.Errorf("online idle screen:\n%s", pv)
	}
	for _, unwanted := range []string{"OFFLINE", "rejected", "clock is off", "Storage", "estimate"} {
		if strings.Contains(pv, unwanted) {
			t.Errorf("online idle screen shows %q", unwanted)
		}
	}
}

func TestGreenEntry(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	tm := start(t, baseOptions(c), reg, Sources{})
	typeLine(tm, "900101300017")
	if s := reg.next(t); s.Payload != "900101300017" {
		t.Fatalf("engine got %q", s.Payload)
	}
	out := waitOutput(t, tm, "IIN ••••••••0017")
	if strings.Contains(out, "900101300017") {
		t.Error("the typed IIN was echoed in full")
	}
	view := finalView(t, tm)
	if !shownTitle(view, "GREEN", termW) || !hasBig(view, "WELCOME", termW) {
		t.Errorf("GREEN / WELCOME not in the big font:\n%s", plain(view))
	}
	pv := plain(view)
	if strings.Contains(pv, "900101300017") {
		t.Error("the full IIN is on screen")
	}
	for _, want := range []string{"IIN ••••••••0017", "Status checked online", "Next visitor in 5 s"} {
		if !strings.Contains(pv, want) {
			t.Errorf("result lacks %q", want)
		}
	}
	// The whole screen is green: every row carries the green background.
	green := bgCode(common.ToneGreen)
	for i, row := range strings.Split(view, "\n") {
		if !strings.Contains(row, green) {
			t.Fatalf("row %d lacks the green background: %q", i, row)
		}
	}
	requireGolden(t, view)
}

func TestRefusal(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	tm := start(t, baseOptions(c), reg, Sources{})
	typeLine(tm, "771203300035")
	reg.next(t)
	waitFor(t, tm, "IIN ••••••••0035")
	view := finalView(t, tm)
	if !shownTitle(view, "RED", termW) || !hasBig(view, "ENTRY DENIED", termW) {
		t.Errorf("RED / ENTRY DENIED not in the big font:\n%s", plain(view))
	}
	if !strings.Contains(plain(view), "Status RED: tested positive. Entry is not allowed.") {
		t.Error("the refusal reason is missing")
	}
	requireGolden(t, view)
}

func TestExitGoodbye(t *testing.T) {
	c := newClock()
	opts := baseOptions(c)
	reg := newRegistry(door.Exit)
	tm := start(t, opts, reg, Sources{})
	waitFor(t, tm, "IIN or code:")
	typeLine(tm, "771203300035") // red, but everybody may leave
	reg.next(t)
	waitFor(t, tm, "IIN ••••••••0035")
	view := finalView(t, tm)
	if !hasBig(view, "GOODBYE", termW) {
		t.Errorf("GOODBYE not in the big font:\n%s", plain(view))
	}
	if strings.Contains(plain(view), "does not allow") {
		t.Error("an exit shows a refusal reason")
	}
	requireGolden(t, view)
}

func TestExitIdleShowsMode(t *testing.T) {
	c := newClock()
	opts := baseOptions(c)
	tm := start(t, opts, newRegistry(door.Exit), Sources{})
	waitFor(t, tm, "IIN or code:")
	if view := finalView(t, tm); !hasBig(view, "EXIT", termW) || hasBig(view, "ENTRANCE", termW) {
		t.Errorf("exit idle screen:\n%s", plain(view))
	}
}

func TestInvalidIIN(t *testing.T) {
	tests := []struct {
		name, input, reason string
	}{
		{"check digit", "900101300018", "The check digit does not match"},
		{"length", "90010130001", "An IIN has exactly 12 digits."},
		{"web link", "https://example.com/pass", "This is a web link"},
		{"eudcc", "HC1:6BFOXN*TS0BI$ZD", "EU digital COVID certificates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClock()
			reg := newRegistry(door.Entrance)
			tm := start(t, baseOptions(c), reg, Sources{})
			typeLine(tm, tt.input)
			reg.next(t)
			waitFor(t, tm, "Nothing was recorded.")
			view := finalView(t, tm)
			if !hasBig(view, "CODE NOT ACCEPTED", termW) || !strings.Contains(plain(view), tt.reason) {
				t.Errorf("invalid screen:\n%s", plain(view))
			}
			for _, tone := range []common.Tone{common.ToneRed, common.ToneYellow, common.ToneGreen, common.ToneBlue} {
				if strings.Contains(view, bgCode(tone)) {
					t.Errorf("invalid screen uses a status colour %s", bgCode(tone))
				}
			}
			if !strings.Contains(view, bgCode(common.ToneInvalid)) {
				t.Error("invalid screen lacks its own colour")
			}
			if tt.name == "check digit" {
				requireGolden(t, view)
			}
		})
	}
}

func TestNotRecorded(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	reg.fail = fmt.Errorf("%w: append 900101300017: %w", door.ErrNotRecorded, errDisk)
	tm := start(t, baseOptions(c), reg, Sources{})
	typeLine(tm, "900101300017")
	reg.next(t)
	waitFor(t, tm, "Call staff.")
	view := finalView(t, tm)
	pv := plain(view)
	// The cause is worded in the screen's language; the error's own
	// English text is for the log.
	if !hasBig(view, "NOT RECORDED", termW) || !strings.Contains(pv, "The record could not be stored on this device.") ||
		strings.Contains(pv, "no space left on device") {
		t.Errorf("not-recorded screen:\n%s", pv)
	}
	if strings.Contains(pv, "900101300017") || hasBig(view, "WELCOME", termW) || hasBig(view, "GREEN", termW) {
		t.Error("a not-recorded scan shows the IIN or a verdict")
	}
	if !strings.Contains(view, bgCode(common.ToneNotRecorded)) {
		t.Error("not-recorded screen lacks its colour")
	}
	requireGolden(t, view)
}

// TestHostilePayload sends escape sequences through every way text reaches
// the screen: a camera scan, the input line and an engine error quoting the
// payload. None may reach the terminal raw, in the view or in the output.
func TestHostilePayload(t *testing.T) {
	const evil = "\x1b]0;pwned\x07\x1b[2J\x1b[31mX\u202e"
	raws := []string{"\x1b]0;pwned", "\x1b[2J", "\x07", "\u202e"}
	check := func(t *testing.T, view, out string, escaped string) {
		t.Helper()
		for _, raw := range raws {
			if strings.Contains(view, raw) || strings.Contains(out, raw) {
				t.Errorf("raw %q reached the terminal", raw)
			}
		}
		if !strings.Contains(plain(view), escaped) {
			t.Errorf("the payload is not shown escaped:\n%s", plain(view))
		}
	}
	t.Run("camera scan", func(t *testing.T) {
		reg := newRegistry(door.Entrance)
		scans := make(chan scanner.Scan, 1)
		tm := start(t, baseOptions(newClock()), reg, Sources{Scans: scans})
		scans <- scanner.Scan{Payload: "ABC" + evil}
		if s := reg.next(t); s.Source != scanner.SourceCamera {
			t.Errorf("camera scan arrived as %q", s.Source)
		}
		out := waitOutput(t, tm, "Nothing was recorded.")
		check(t, finalView(t, tm), out, `\x1b]0;pwned\x07`)
	})
	t.Run("input line", func(t *testing.T) {
		tm := start(t, baseOptions(newClock()), newRegistry(door.Entrance), Sources{})
		// The line is masked but for its last four runes, "1mX" and the
		// bidi override, which must show as an escape.
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(evil)})
		out := waitOutput(t, tm, `mX\u202e`)
		check(t, finalView(t, tm), out, `•1mX\u202e`)
	})
	t.Run("engine error", func(t *testing.T) {
		reg := newRegistry(door.Entrance)
		reg.fail = errors.New("lookup failed: upstream said " + evil)
		tm := start(t, baseOptions(newClock()), reg, Sources{})
		typeLine(tm, "900101300017")
		reg.next(t)
		// The error's text is for the log: the screen words it itself,
		// so nothing of the hostile text reaches the terminal.
		out := waitOutput(t, tm, "The log file on this device has the details.")
		view := finalView(t, tm)
		for _, raw := range raws {
			if strings.Contains(view, raw) || strings.Contains(out, raw) {
				t.Errorf("raw %q reached the terminal", raw)
			}
		}
		if strings.Contains(plain(view), "lookup failed") {
			t.Error("the engine's English error is on the screen")
		}
		if !hasBig(view, "ERROR", termW) || strings.Contains(plain(view), "900101300017") {
			t.Errorf("error screen:\n%s", plain(view))
		}
	})
}

func TestIdleSaysWhereACorruptOutboxWent(t *testing.T) {
	c := newClock()
	opts := baseOptions(c)
	opts.OutboxMovedTo = "/var/lib/ashyq-kiosk/outbox.db.corrupt-20261126T230000Z\x1b[2J"
	tm := start(t, opts, newRegistry(door.Entrance), Sources{})
	waitFor(t, tm, "moved aside")
	view := finalView(t, tm)
	if pv := plain(view); !strings.Contains(pv, "outbox.db.corrupt-") || !strings.Contains(pv, "20261126T230000Z") {
		t.Errorf("idle screen does not name the moved file:\n%s", pv)
	}
	if strings.Contains(view, "\x1b[2J") {
		t.Error("the path reached the screen unescaped")
	}
}

// TestResultFrameFollowsSize: the result's last frame is reused only while
// nothing it was drawn from has changed; a resize draws it again.
func TestResultFrameFollowsSize(t *testing.T) {
	v := door.Verdict{Allowed: true, Kind: wire.Entry, Status: wire.Green, Source: wire.SourceOnline, MaskedIIN: "••••••••0017"}
	var m tea.Model = New(baseOptions(newClock()), newRegistry(door.Entrance), Sources{})
	m, _ = m.Update(tea.WindowSizeMsg{Width: termW, Height: termH})
	m, _ = m.Update(VerdictMsg{Verdict: v})
	wide := m.View()
	if !hasBig(wide, "WELCOME", termW) || wide != m.View() {
		t.Fatalf("wide result:\n%s", plain(wide))
	}
	m, _ = m.Update(tea.WindowSizeMsg{Width: 36, Height: 16})
	narrow := m.View()
	if rows := strings.Split(narrow, "\n"); len(rows) != 16 || hasBig(narrow, "WELCOME", 36) {
		t.Errorf("the result was not drawn again for 36x16:\n%s", plain(narrow))
	}
	if p := m.(Model).result; narrow != p.draw(*p.shown, 5) {
		t.Error("the narrow frame differs from a fresh draw")
	}
}
