package outbox_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire"
)

// clock is a settable time source for retention and TTL tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testEvent is a plausible entry event; i varies its scan time.
func testEvent(i int) wire.Event {
	return wire.Event{
		Device:    "kiosk-01",
		Venue:     "cafe-almaty-7",
		Door:      "front",
		Kind:      wire.Entry,
		IIN:       "061211600012",
		Status:    wire.Green,
		Source:    wire.SourceOnline,
		ScannedAt: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second),
	}
}

func openAt(t testing.TB, path string, opts outbox.Options) *outbox.Outbox {
	t.Helper()
	o, err := outbox.Open(path, opts)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { o.Close() })
	return o
}

func openTemp(t testing.TB, opts outbox.Options) (*outbox.Outbox, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "outbox.db")
	return openAt(t, path, opts), path
}

func mustAppend(t testing.TB, o *outbox.Outbox, ev wire.Event) wire.Event {
	t.Helper()
	got, err := o.Append(context.Background(), ev)
	if err != nil {
		t.Fatalf("append: %v", err)
	}
	return got
}

func mustStats(t testing.TB, o *outbox.Outbox) outbox.Stats {
	t.Helper()
	s, err := o.Stats()
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	return s
}

func ids(evs []wire.Event) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.ID
	}
	return out
}

func seqs(evs []wire.Event) []uint64 {
	out := make([]uint64, len(evs))
	for i, ev := range evs {
		out[i] = ev.Seq
	}
	return out
}
