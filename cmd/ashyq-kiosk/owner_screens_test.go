package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wallet/browsertest"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// TestOwnerScreenshots draws the owner's pages for the README over a venue
// with a day of records: two kiosks at the main door, one at the back that
// went quiet, a few refusals and two people let in by staff while the
// network was down. OWNER_SCREENS=DIR writes them as DIR/owner-*.png
// (make owner-screens); without it the test does not run (the pages'
// behaviour is TestOwnerRunsTheVenue's and sync/server's).
func TestOwnerScreenshots(t *testing.T) {
	dir := os.Getenv("OWNER_SCREENS")
	if dir == "" {
		t.Skip("draws the README's pictures: make owner-screens")
	}
	almaty, _ := time.LoadLocation("Asia/Almaty")
	now := time.Date(2026, 12, 4, 17, 35, 0, 0, almaty)
	var clock atomic.Int64 // the server's: each batch arrives when it was scanned
	clock.Store(now.UnixNano())
	srv, err := server.Open(server.Options{DataDir: t.TempDir(), Now: func() time.Time { return time.Unix(0, clock.Load()) }})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.HandlerWithConsole(), ReadHeaderTimeout: 5 * time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	base := "http://" + ln.Addr().String()
	ctx := context.Background()
	b := srv.Backend()
	const venue = "ak-bidai-cafe"
	secret, owner, err := b.AddCredential(ctx, store.KindOwner, venue, "Aigerim, owner")
	if err != nil {
		t.Fatal(err)
	}
	capacity, zone, closing, stay, policy := 40, "Asia/Almaty", "23:00", 240, "ask"
	if _, err := b.SetOwnerSettings(ctx, owner.ID, venue, backend.OwnerSettings{Capacity: &capacity, TimeZone: &zone,
		ClosingTime: &closing, MaxStayMinutes: &stay, OfflinePolicy: &policy}); err != nil {
		t.Fatal(err)
	}
	seedDay(t, b, venue, now, almaty, &clock)
	clock.Store(now.UnixNano())
	for _, c := range []wire.CheckIn{
		{Device: "main-k3x8p", Door: "main", Mode: "entrance", Policy: "ask", Capacity: 40, Pending: 0, Version: "1.4.0"},
		{Device: "main-7qtrd", Door: "main", Mode: "exit", Policy: "ask", Capacity: 40, Pending: 3,
			OldestPending: now.Add(-40 * time.Second), Version: "1.4.0"},
	} {
		if _, err := b.CheckIn(ctx, venue, c); err != nil {
			t.Fatal(err)
		}
	}
	b.FlushReports()

	ph := browsertest.New(t, browsertest.Options{Width: 1280, Height: 1100})
	ph.Open(base + "/owner/login")
	write := func(name string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "owner-"+name+".png"), ph.Screenshot(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ph.WaitFor("the login form", `document.querySelector("#credential")`, 30*time.Second)
	write("login")
	ph.Type("#credential", secret)
	ph.Click("#login")
	ph.WaitFor("the owner's page", `document.querySelector("#inside") && document.querySelector("img.chart").complete`, 30*time.Second)
	write("now")
	for _, p := range []struct{ name, path, ready string }{
		{"settings", "/owner/settings", "#settings"},
		{"visits", "/owner/visits?day=2026-12-04", "#visits"},
		{"export", "/owner/export", "#export"},
		{"codes", "/owner/codes", ".code-card svg"},
		{"add-door", "/owner/doors/new", "#add-door"},
	} {
		ph.Open(base + p.path)
		ph.WaitFor(p.name, `document.querySelector(`+strconv.Quote(p.ready)+`)`, 30*time.Second)
		write(p.name)
	}
	ph.Type("#door", "terrace")
	ph.Click("#make-code")
	ph.WaitFor("the enrolment code", `document.querySelector("#enrol-qr svg")`, 30*time.Second)
	write("enrol-code")
}

// seedDay records a cafe's day up to now: people in and out through the
// main door's two kiosks, some refused, a back door that stopped at noon,
// two let in by staff while nobody could check them.
func seedDay(t *testing.T, b *backend.Backend, venue string, now time.Time, loc *time.Location, clock *atomic.Int64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(4, 12))
	open := time.Date(now.Year(), now.Month(), now.Day(), 8, 0, 0, 0, loc)
	seq := map[string]uint64{}
	var inside []string
	batches := map[string][]wire.Event{}
	add := func(device, door string, e wire.Event) {
		seq[device]++
		e.ID, e.Device, e.Seq, e.Venue, e.Door = uuid.NewString(), device, seq[device], venue, door
		batches[device] = append(batches[device], e)
	}
	person := 0
	for at := open; at.Before(now); at = at.Add(time.Duration(2+rng.IntN(5)) * time.Minute) {
		switch {
		case len(inside) > 12 && rng.IntN(2) == 0:
			i := rng.IntN(len(inside))
			add("main-7qtrd", "main", wire.Event{Kind: wire.Exit, IIN: inside[i], Source: wire.SourceSkipped, ScannedAt: at})
			inside = append(inside[:i], inside[i+1:]...)
		case rng.IntN(25) == 0:
			person++
			add("main-k3x8p", "main", wire.Event{Kind: wire.Refusal, IIN: iinOf(person), Status: wire.Yellow,
				Source: wire.SourceOnline, Reason: wire.ReasonStatus, ScannedAt: at})
		default:
			person++
			device, door := "main-k3x8p", "main"
			if at.Hour() < 12 && rng.IntN(3) == 0 {
				device, door = "back-z2m4c", "back"
			}
			add(device, door, wire.Event{Kind: wire.Entry, IIN: iinOf(person), Status: wire.Green, Source: wire.SourceOnline, ScannedAt: at})
			inside = append(inside, iinOf(person))
		}
	}
	for i, at := range []time.Time{now.Add(-95 * time.Minute), now.Add(-93 * time.Minute)} {
		person++
		add("main-k3x8p", "main", wire.Event{Kind: wire.Refusal, IIN: iinOf(person), Source: wire.SourceUnchecked,
			Reason: wire.ReasonOfflinePolicy, ScannedAt: at})
		add("main-k3x8p", "main", wire.Event{Kind: wire.Override, IIN: iinOf(person), Source: wire.SourceUnchecked,
			Reason: []string{"paper-result", "id-checked"}[i], Staff: "Dana", ScannedAt: at.Add(20 * time.Second)})
	}
	for device, evs := range batches {
		for _, e := range evs { // one by one, each when it was scanned
			clock.Store(e.ScannedAt.Add(time.Second).UnixNano())
			if _, err := b.Ingest(context.Background(), venue, device, []wire.Event{e}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// iinOf makes the n-th visitor's IIN: valid, born in the 1990s.
func iinOf(n int) string {
	for reg := n * 7; ; reg++ {
		d := []byte(fmt.Sprintf("9%d%02d%02d3%04d", n%10, 1+n%12, 1+n%28, reg%10000))
		if c, err := iin.CheckDigit(d); err == nil {
			return string(d) + strconv.Itoa(c)
		}
	}
}
