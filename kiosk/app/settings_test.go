package app

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/server"
)

// waitFor polls cond until it holds or the time is up: a condition, never
// a sleep of a guessed length.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestOwnerSettingsReachTheKiosk: what the venue's owner sets upstream (a
// door's mode, the offline policy) reaches a running kiosk at its next
// check-in, the newest mode change wins wherever it was made, "the kiosk's
// own" gives the choice back, and a restart without the network keeps the
// owner's last word.
func TestOwnerSettingsReachTheKiosk(t *testing.T) {
	srv, err := server.Open(server.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { hs.Close(); srv.Close() })
	dir := t.TempDir()
	cfg := DemoConfig(hs.URL, dir)
	cfg.Camera.Device, cfg.Owner.PIN, cfg.Offline.Policy = "off", "4826", "ask"
	a, _ := openApp(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	a.Start(ctx)
	defer func() { cancel(); a.Close() }()
	b := srv.Backend()
	venue, device := cfg.Device.Venue, cfg.Device.ID
	policy := "refuse"
	if err := b.SetDoorMode(ctx, "v-owner", venue, device, "exit"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetOwnerSettings(ctx, "v-owner", venue, backend.OwnerSettings{OfflinePolicy: &policy}); err != nil {
		t.Fatal(err)
	}
	a.Syncer.CheckInNow()
	waitFor(t, "the owner's mode and policy at the kiosk", 20*time.Second, func() bool {
		return a.Engine.Mode() == door.Exit && a.Engine.Policy() == door.PolicyRefuse
	})
	// The owner switches the kiosk back in its own menu (the TUI sets the
	// engine, then saves): that is the newest change, so upstream takes it.
	if err := a.Engine.SetMode(door.Entrance); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveOwnerChange(door.Entrance, "en"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the menu's mode upstream", 20*time.Second, func() bool {
		d, err := srv.Store().Door(ctx, venue, device)
		return err == nil && d.Set.Mode == "entrance"
	})
	a.Syncer.CheckInNow()
	waitFor(t, "the menu's change acknowledged", 20*time.Second, func() bool {
		o, _, _ := LoadOverrides(dir)
		return !o.ModePending
	})
	if a.Engine.Mode() != door.Entrance {
		t.Errorf("mode %s after the menu's change went upstream", a.Engine.Mode())
	}
	// The owner's page sets exit again, later: it wins.
	if err := b.SetDoorMode(ctx, "v-owner", venue, device, "exit"); err != nil {
		t.Fatal(err)
	}
	a.Syncer.CheckInNow()
	waitFor(t, "the page's newer mode", 20*time.Second, func() bool { return a.Engine.Mode() == door.Exit })
	// A restart with the upstream gone keeps the owner's last word.
	cancel()
	a.Close()
	hs.Close()
	a2, _ := openApp(t, cfg)
	defer a2.Close()
	if a2.Engine.Mode() != door.Exit || a2.Engine.Policy() != door.PolicyRefuse {
		t.Errorf("after a restart offline: mode %s, policy %s; want exit, refuse", a2.Engine.Mode(), a2.Engine.Policy())
	}
}

// TestKioskOwnModeWhenUpstreamLeavesIt: with no mode set upstream ("the
// kiosk's own"), the owner menu's or the config's mode stands.
func TestKioskOwnModeWhenUpstreamLeavesIt(t *testing.T) {
	srv, err := server.Open(server.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { hs.Close(); srv.Close() })
	cfg := DemoConfig(hs.URL, t.TempDir())
	cfg.Camera.Device, cfg.Device.Mode = "off", "exit"
	a, _ := openApp(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	a.Start(ctx)
	defer func() { cancel(); a.Close() }()
	if err := srv.Backend().SetDoorMode(ctx, "v-owner", cfg.Device.Venue, cfg.Device.ID, "entrance"); err != nil {
		t.Fatal(err)
	}
	a.Syncer.CheckInNow()
	waitFor(t, "entrance from upstream", 20*time.Second, func() bool { return a.Engine.Mode() == door.Entrance })
	if err := srv.Backend().SetDoorMode(ctx, "v-owner", cfg.Device.Venue, cfg.Device.ID, ""); err != nil {
		t.Fatal(err)
	}
	a.Syncer.CheckInNow()
	waitFor(t, "the configured exit back", 20*time.Second, func() bool { return a.Engine.Mode() == door.Exit })
	// The owner's page shows what the kiosk reported.
	srv.Backend().FlushReports()
	doors, err := srv.Backend().Doors(ctx, cfg.Device.Venue)
	if err != nil || len(doors) == 0 {
		t.Fatalf("doors %+v %v", doors, err)
	}
	for _, d := range doors {
		if d.Device == cfg.Device.ID && (d.Door != "main" || d.ReportedAt.IsZero()) {
			t.Errorf("the kiosk's report: %+v", d)
		}
	}
}
