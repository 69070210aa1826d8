package app

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/wire"
)

// opsRig is an app with the owner menu on, against the real reference
// server on loopback.
func opsRig(t *testing.T) (a *App, ops *ownerOps, reopen func() *App) {
	t.Helper()
	srv, err := server.Open(server.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { hs.Close(); srv.Close() })
	dir := t.TempDir()
	cfg := DemoConfig(hs.URL, dir)
	cfg.Camera.Device, cfg.Owner.PIN = "off", "4826"
	a, _ = openApp(t, cfg)
	reopen = func() *App {
		a2, _ := openApp(t, cfg)
		t.Cleanup(func() { a2.Close() })
		return a2
	}
	return a, &ownerOps{a: a}, reopen
}

// TestOwnerLimitsReachEveryDoorAndSurviveRestart: the owner's capacity and
// closing time are kept upstream (every door reads them in the occupancy)
// and in the overrides file (in effect at the next start).
func TestOwnerLimitsReachEveryDoorAndSurviveRestart(t *testing.T) {
	a, ops, reopen := opsRig(t)
	up, err := ops.SetLimits(5, "22:30")
	if up != nil || err != nil {
		t.Fatalf("SetLimits: upstream %v, %v", up, err)
	}
	occ, err := a.Client.Occupancy(context.Background(), a.Cfg.Device.Venue)
	if err != nil || occ.Capacity != 5 {
		t.Errorf("upstream occupancy %+v %v, want capacity 5", occ, err)
	}
	if c := a.Engine.Count().Capacity; c != 5 {
		t.Errorf("engine capacity %d, want 5 at once", c)
	}
	a.Close()
	a2 := reopen()
	if a2.Cfg.Venue.Capacity != 5 || a2.Cfg.Venue.ClosingTime != "22:30" || a2.Engine.Count().Capacity != 5 {
		t.Errorf("after restart: venue %+v, engine capacity %d", a2.Cfg.Venue, a2.Engine.Count().Capacity)
	}
}

// TestOwnerDeadLetters: the queue shows a dead letter with its reason;
// setting it aside keeps it in the set-aside file and takes it out of the
// outbox; retrying puts another back in the queue.
func TestOwnerDeadLetters(t *testing.T) {
	a, ops, _ := opsRig(t)
	defer a.Close()
	var ids []string
	for _, p := range []string{"900101300017", "950630400059"} {
		v, err := a.Engine.Handle(context.Background(), scanner.Scan{Payload: p, Source: scanner.SourceKeyboard, At: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.EventID)
	}
	if err := a.Outbox.DeadLetter([]wire.Rejection{{ID: ids[0], Error: "iin must have 12 digits"}, {ID: ids[1], Error: "bad"}}); err != nil {
		t.Fatal(err)
	}
	q, err := ops.Queue()
	if err != nil || len(q.Dead) != 2 || q.Dead[0].Reason != "iin must have 12 digits" || strings.Contains(q.Dead[0].MaskedIIN, "9001013") {
		t.Fatalf("queue %+v %v", q, err)
	}
	kept, err := ops.SetAside(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(kept); err != nil || !strings.Contains(string(b), ids[0]) || filepath.Base(kept) != SetAsideFile {
		t.Errorf("set-aside file %s: %q %v", kept, b, err)
	}
	if err := ops.Retry(ids[1]); err != nil {
		t.Fatal(err)
	}
	q, _ = ops.Queue()
	if len(q.Dead) != 0 || q.Waiting != 1 {
		t.Errorf("after set aside and retry: %+v, want no dead letter and one waiting", q)
	}
	if err := ops.Retry(ids[0]); err == nil {
		t.Error("a record set aside was retried")
	}
}

// TestOwnerChecksEverybodyOut: the upstream closes every open visit and
// the engine forgets who was inside.
func TestOwnerChecksEverybodyOut(t *testing.T) {
	a, ops, _ := opsRig(t)
	defer a.Close()
	ctx := context.Background()
	a.Engine.Handle(ctx, scanner.Scan{Payload: "900101300017", Source: scanner.SourceKeyboard, At: time.Now()})
	pending, _ := a.Outbox.Pending(0)
	if _, err := a.Client.SendEvents(ctx, wire.EventBatch{Device: a.Cfg.Device.ID, SentAt: time.Now(), Events: pending}); err != nil {
		t.Fatal(err)
	}
	n, err := ops.CheckoutAll()
	if err != nil || n != 1 {
		t.Fatalf("CheckoutAll = %d, %v", n, err)
	}
	if c := a.Engine.Count(); c.Inside != 0 {
		t.Errorf("engine count %+v after checkout", c)
	}
	// The scan was typed, not from a barcode scanner.
	if h, err := ops.Health(); err != nil || h.Pending != 1 || !h.LastScan.IsZero() || h.MaxBytes != a.Cfg.Storage.MaxMB<<20 {
		t.Errorf("health %+v %v", h, err)
	}
}
