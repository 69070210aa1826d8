package upstream_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

// TestSetLimitsAndCheckout against the real reference server.
func TestSetLimitsAndCheckout(t *testing.T) {
	srv, err := server.Open(server.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { hs.Close(); srv.Close() })
	c, err := upstream.New(hs.URL, server.DemoToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.SetLimits(ctx, server.DemoVenue, wire.VenueLimits{Capacity: 12, ClosingTime: "22:00"}); err != nil {
		t.Fatal(err)
	}
	occ, err := c.Occupancy(ctx, server.DemoVenue)
	if err != nil || occ.Capacity != 12 {
		t.Errorf("occupancy %+v %v, want capacity 12", occ, err)
	}
	if err := c.SetLimits(ctx, server.DemoVenue, wire.VenueLimits{ClosingTime: "7pm"}); err == nil {
		t.Error("a bad closing time was accepted")
	}
	ev := wire.Event{ID: "01a23180-d913-7af7-98a1-42a8eaa123dd", Device: "d1", Seq: 1, Venue: server.DemoVenue,
		Kind: wire.Entry, IIN: "900101300017", Status: wire.Green, Source: wire.SourceOnline, ScannedAt: time.Now()}
	if _, err := c.SendEvents(ctx, wire.EventBatch{Device: "d1", SentAt: time.Now(), Events: []wire.Event{ev}}); err != nil {
		t.Fatal(err)
	}
	if n, err := c.Checkout(ctx, server.DemoVenue); err != nil || n != 1 {
		t.Errorf("Checkout = %d, %v; want 1", n, err)
	}
}
