package tui

import (
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire"
)

// englishRun is two Latin words in a row: a sentence, or a piece of one. A
// Kazakh or Russian screen may hold a lone Latin word (Enter, a product
// name), never a run of them.
var englishRun = regexp.MustCompile(`[A-Za-z]{2,}[ ,:()-]+[A-Za-z]{2,}`)

// closedAddr is a loopback address nobody listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// TestIdleNoEnglishInKazakhOrRussian shows the idle screen in kk and ru with
// the upstream down (every kind of failure), the token refused and the
// outbox full or unreadable, and fails on any English on it. The syncer's
// problems once reached these screens as its own English sentences.
func TestIdleNoEnglishInKazakhOrRussian(t *testing.T) {
	base := syncer.State{Pending: 3, OldestPending: t0.Add(-7 * time.Minute), DeadLetters: 2,
		LastSync: t0.Add(-4 * time.Minute), Occupancy: &wire.Occupancy{Inside: 17}, ClockSkew: -syncer.MaxClockSkew}
	var states []syncer.State
	for p := syncer.ProblemUnreachable; p <= syncer.ProblemBadAnswer; p++ {
		st := base
		st.Link, st.Problem, st.HTTPStatus = syncer.LinkOffline, p, 503
		if p == syncer.ProblemTokenRefused {
			st.Link, st.HTTPStatus = syncer.LinkTokenRefused, 401
		}
		states = append(states, st)
	}
	for _, p := range []syncer.Problem{syncer.ProblemOutboxFull, syncer.ProblemOutboxUnreadable} {
		st := base
		st.Link, st.Problem, st.Storage = syncer.LinkOffline, p, p
		states = append(states, st)
	}
	for _, lang := range []string{"kk", "ru"} {
		t.Run(lang, func(t *testing.T) {
			for _, st := range states {
				opts := baseOptions(newClock())
				opts.Language, opts.Venue, opts.Door = lang, "Кофейня", "Негізгі"
				syncCh := make(chan syncer.State, 1)
				tm := start(t, opts, newRegistry(door.Entrance), Sources{Sync: syncCh})
				syncCh <- st
				waitFor(t, tm, i18n.For(lang).T(i18n.CountEstimateShort)) // the count arrived
				checkNoEnglish(t, plain(finalView(t, tm)), st)
			}
			// The same with real syncers: one whose upstream is down, one
			// whose token is refused.
			for _, s := range []*syncer.Syncer{realSyncerAt(t, "http://"+closedAddr(t), "demo-token"),
				realSyncer(t, "not-the-demo-token")} {
				opts := baseOptions(newClock())
				opts.Language, opts.Venue, opts.Door = lang, "Кофейня", "Негізгі"
				tm := start(t, opts, newRegistry(door.Entrance), Sources{Sync: s.Updates()})
				st := waitSync(t, s)
				waitFor(t, tm, problemText(i18n.For(lang), st.Problem, st.HTTPStatus))
				checkNoEnglish(t, plain(finalView(t, tm)), st)
			}
		})
	}
}

// waitSync waits until s has seen the upstream fail, and returns that state.
func waitSync(t *testing.T, s *syncer.Syncer) syncer.State {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		if st := s.State(); st.Problem != syncer.ProblemNone {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("the syncer saw no problem: %+v", s.State())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func checkNoEnglish(t *testing.T, pv string, st syncer.State) {
	t.Helper()
	if run := englishRun.FindString(pv); run != "" {
		t.Errorf("link %v problem %v storage %v: English %q on the screen:\n%s", st.Link, st.Problem, st.Storage, run, pv)
	}
	for _, p := range []syncer.Problem{st.Problem, st.Storage} {
		if p != syncer.ProblemNone && strings.Contains(pv, p.String()) {
			t.Errorf("the syncer's log text %q is on the screen", p.String())
		}
	}
}

// TestCameraLineNoEnglishInKazakhOrRussian shows each camera state with the
// camera's English diagnostic attached: the screen words the state in its
// own language and names the device, and the diagnostic stays in the log.
func TestCameraLineNoEnglishInKazakhOrRussian(t *testing.T) {
	states := []scanner.CameraStatus{
		{State: scanner.CameraSearching, Detail: "no camera found: auto"},
		{State: scanner.CameraBusy, Device: "/dev/video0", Detail: "camera busy: /dev/video0"},
		{State: scanner.CameraLost, Device: "/dev/video0", Detail: "camera lost (no frame from the camera for 3s), reopening"},
		{State: scanner.CameraRunning, Device: "/dev/video0", Detail: "/dev/video0"},
		{State: scanner.CameraOff, Detail: "camera disabled in config"},
	}
	for _, lang := range []string{"kk", "ru"} {
		for _, cs := range states {
			opts := baseOptions(newClock())
			opts.Language, opts.Venue, opts.Door = lang, "Кофейня", "Негізгі"
			camCh := make(chan scanner.CameraStatus, 1)
			tm := start(t, opts, newRegistry(door.Entrance), Sources{Camera: camCh})
			camCh <- cs
			waitFor(t, tm, "Камера")
			pv := plain(finalView(t, tm))
			if run := englishRun.FindString(pv); run != "" || strings.Contains(pv, cs.Detail) && cs.Detail != cs.Device {
				t.Errorf("%s, camera %s: English on the screen (%q):\n%s", lang, cs.State, run, pv)
			}
		}
	}
}
