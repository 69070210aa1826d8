package tui

import (
	"context"
	"math"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/upstream"
)

// realSyncer runs a real syncer against the real reference server on
// loopback, with token as the device token, until the test ends.
func realSyncer(t *testing.T, token string) *syncer.Syncer {
	t.Helper()
	srv, err := server.Open(server.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return realSyncerAt(t, hs.URL, token)
}

// realSyncerAt runs a real syncer with its own outbox against url.
func realSyncerAt(t *testing.T, url, token string) *syncer.Syncer {
	t.Helper()
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ob.Close() })
	cl, err := upstream.New(url, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := syncer.New(ob, cl, syncer.Options{Device: "kiosk-1", Venue: server.DemoVenue,
		PollEvery: 20 * time.Millisecond, MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return s
}

// TestIdleShowsRefusedToken: the README promises that a refused device
// token shows on the idle screen. Health needs no token, so with nothing
// to send the screen used to say ONLINE for ever.
func TestIdleShowsRefusedToken(t *testing.T) {
	s := realSyncer(t, "not-the-demo-token")
	tm := start(t, baseOptions(newClock()), newRegistry(door.Entrance), Sources{Sync: s.Updates()})
	waitFor(t, tm, "TOKEN REFUSED", "refused this device's token (401)")
	pv := plain(finalView(t, tm))
	if strings.Contains(pv, "ONLINE") {
		t.Errorf("a refused token shows ONLINE:\n%s", pv)
	}
}

// TestIdleClockSkewBounded: the most negative skew (what an absurd server
// time gave before the syncer clamped it) and the clamp itself both read
// as a sane span, never as "-9223372036 s".
func TestIdleClockSkewBounded(t *testing.T) {
	for _, skew := range []time.Duration{math.MinInt64, -syncer.MaxClockSkew, syncer.MaxClockSkew} {
		syncCh := make(chan syncer.State, 1)
		tm := start(t, baseOptions(newClock()), newRegistry(door.Entrance), Sources{Sync: syncCh})
		syncCh <- syncer.State{Link: syncer.LinkOnline, ClockSkew: skew}
		waitFor(t, tm, "Device clock is off by")
		pv := plain(finalView(t, tm))
		if strings.Contains(pv, "off by -") || strings.Contains(pv, "9223372036") {
			t.Errorf("skew %d shows as:\n%s", skew, pv)
		}
		if skew != math.MinInt64 && !strings.Contains(pv, "off by 8784 h") {
			t.Errorf("skew %v: want off by 8784 h:\n%s", skew, pv)
		}
	}
}
