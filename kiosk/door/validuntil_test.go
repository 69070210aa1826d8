package door_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire"
)

// answers is an upstream that gives one answer, then is unreachable.
type answers struct {
	mu   sync.Mutex
	resp *wire.StatusResponse
}

func (a *answers) Status(context.Context, string) (wire.StatusResponse, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.resp == nil {
		return wire.StatusResponse{}, errors.New("connection refused")
	}
	r := *a.resp
	a.resp = nil
	return r, nil
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// TestCacheHonoursValidUntil: offline, a cached online answer is used only
// until the earlier of storage.cache_ttl and the valid_until the upstream
// gave with it; the online verdict carries the registry's reason.
func TestCacheHonoursValidUntil(t *testing.T) {
	clk := &fakeClock{t: time.Date(2021, 3, 10, 12, 0, 0, 0, time.UTC)}
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{CacheTTL: 24 * time.Hour, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ob.Close() })
	reason := &wire.StatusReason{Code: wire.BecauseNegative, Since: clk.Now().Add(-70 * time.Hour)}
	up := &answers{resp: &wire.StatusResponse{Status: wire.Green, CheckedAt: clk.Now(),
		ValidUntil: clk.Now().Add(2 * time.Hour), Reason: reason}}
	e, err := door.New(door.Config{Device: "d1", Venue: "v", Door: "main", Mode: door.Entrance, Offline: door.PolicyRefuse,
		Now: clk.Now, NoBreaker: true}, ob, up, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := func() scanner.Scan {
		return scanner.Scan{Payload: "061211600012", Source: scanner.SourceKeyboard, At: clk.Now()}
	}
	v, err := e.Handle(context.Background(), at())
	if err != nil {
		t.Fatal(err)
	}
	if v.Source != wire.SourceOnline || v.Status != wire.Green || v.StatusReason == nil || *v.StatusReason != *reason {
		t.Fatalf("online verdict %+v", v)
	}
	clk.Advance(time.Hour + 59*time.Minute)
	if v, _ := e.Handle(context.Background(), at()); v.Source != wire.SourceCache || v.Status != wire.Green {
		t.Fatalf("before valid_until: %s from %s", v.Status, v.Source)
	}
	clk.Advance(time.Minute)
	// The negative test has aged out: the cache no longer says green, and
	// with nothing known the venue's policy decides.
	if v, _ := e.Handle(context.Background(), at()); v.Source != wire.SourceUnchecked || v.Allowed {
		t.Fatalf("at valid_until: %s from %s, allowed %v", v.Status, v.Source, v.Allowed)
	}
}
