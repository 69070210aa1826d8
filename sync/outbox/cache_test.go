package outbox_test

import (
	"context"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire"
)

const (
	iinA = "061211600012"
	iinB = "900101300011"
	iinC = "850505400022"
	iinD = "770707500033"
	iinE = "660606600044"
)

func TestCachedStatusHonoursTTL(t *testing.T) {
	clk := newClock()
	o, _ := openTemp(t, outbox.Options{CacheTTL: time.Hour, Now: clk.Now})
	at := clk.Now().Add(-10 * time.Minute)
	if err := o.PutStatus(iinA, wire.Yellow, at); err != nil {
		t.Fatal(err)
	}
	s, gotAt, ok, err := o.CachedStatus(iinA)
	if err != nil || !ok || s != wire.Yellow || !gotAt.Equal(at) {
		t.Fatalf("fresh answer: %q %v ok=%v err=%v", s, gotAt, ok, err)
	}
	if _, _, ok, _ := o.CachedStatus(iinB); ok {
		t.Fatal("answer for an IIN never cached")
	}
	// An older answer does not replace a newer one.
	if err := o.PutStatus(iinA, wire.Green, at.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if s, _, _, _ := o.CachedStatus(iinA); s != wire.Yellow {
		t.Fatalf("older answer replaced the newer: %q", s)
	}
	clk.Advance(50 * time.Minute)
	if _, _, ok, _ := o.CachedStatus(iinA); ok {
		t.Fatal("answer older than the TTL returned")
	}
	if err := o.PutStatus(iinA, wire.Red, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if s, _, ok, _ := o.CachedStatus(iinA); !ok || s != wire.Red {
		t.Fatalf("refreshed answer: %q ok=%v", s, ok)
	}
	if err := o.PutStatus(iinA, wire.Status("purple"), clk.Now()); err == nil {
		t.Fatal("invalid status accepted")
	}
}

func TestAppendOnlineCachesStatus(t *testing.T) {
	clk := newClock()
	o, path := openTemp(t, outbox.Options{CacheMax: 2, Now: clk.Now})
	ctx := context.Background()
	ev := func(iin string, s wire.Status, src wire.Source, ago time.Duration) wire.Event {
		e := testEvent(0)
		e.IIN, e.Status, e.Source, e.ScannedAt = iin, s, src, clk.Now().Add(-ago)
		return e
	}
	online := ev(iinA, wire.Red, wire.SourceOnline, 10*time.Minute)
	if _, err := o.Append(ctx, online); err != nil {
		t.Fatal(err)
	}
	s, at, ok, err := o.CachedStatus(iinA)
	if err != nil || !ok || s != wire.Red || !at.Equal(online.ScannedAt) {
		t.Fatalf("after an online append: %q %v ok=%v err=%v", s, at, ok, err)
	}
	// Cache and none sources are not answers from the registry: a later
	// cached green must not replace red, and an unknown IIN stays unknown.
	for _, e := range []wire.Event{ev(iinA, wire.Green, wire.SourceCache, time.Minute), ev(iinB, wire.Blue, wire.SourceNone, time.Minute)} {
		if _, err := o.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if s, at, _, _ := o.CachedStatus(iinA); s != wire.Red || !at.Equal(online.ScannedAt) {
		t.Fatalf("a %s append changed the cache: %q %v", wire.SourceCache, s, at)
	}
	if _, _, ok, _ := o.CachedStatus(iinB); ok {
		t.Fatalf("a %s append cached a status", wire.SourceNone)
	}
	// Online appends count towards CacheMax like PutStatus: the oldest goes.
	for i, iin := range []string{iinC, iinD} {
		if _, err := o.Append(ctx, ev(iin, wire.Green, wire.SourceOnline, time.Duration(5-i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]bool{iinA: false, iinB: false, iinC: true, iinD: true}
	for iin, present := range want {
		if _, _, ok, _ := o.CachedStatus(iin); ok != present {
			t.Errorf("%s cached=%v, want %v", iin, ok, present)
		}
	}
	o.Close()
	if n := countKeys(t, path, "cache"); n != 2 {
		t.Fatalf("cache holds %d entries, want CacheMax 2", n)
	}
}

func TestCacheEvictsOldestBeyondMax(t *testing.T) {
	clk := newClock()
	o, path := openTemp(t, outbox.Options{CacheMax: 3, Now: clk.Now})
	base := clk.Now().Add(-time.Hour)
	for i, iin := range []string{iinA, iinB, iinC, iinD} {
		if err := o.PutStatus(iin, wire.Green, base.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	// Refreshing B makes it the newest; the next insert evicts C, not B.
	if err := o.PutStatus(iinB, wire.Blue, base.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := o.PutStatus(iinE, wire.Green, base.Add(11*time.Minute)); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{iinA: false, iinB: true, iinC: false, iinD: true, iinE: true}
	for iin, present := range want {
		if _, _, ok, _ := o.CachedStatus(iin); ok != present {
			t.Errorf("%s cached=%v, want %v", iin, ok, present)
		}
	}
	o.Close()
	if n := countKeys(t, path, "cache"); n != 3 {
		t.Fatalf("cache holds %d entries, want CacheMax 3", n)
	}
	if n := countKeys(t, path, "cachet"); n != 3 {
		t.Fatalf("cache time index holds %d entries, want 3", n)
	}
}

func TestMaintainPurgesExpiredCache(t *testing.T) {
	clk := newClock()
	o, path := openTemp(t, outbox.Options{CacheTTL: time.Hour, Now: clk.Now})
	if err := o.PutStatus(iinA, wire.Green, clk.Now().Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := o.PutStatus(iinB, wire.Green, clk.Now().Add(-3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := o.PutStatus(iinC, wire.Red, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if err := o.Maintain(context.Background()); err != nil {
		t.Fatal(err)
	}
	o.Close()
	if n := countKeys(t, path, "cache"); n != 1 {
		t.Fatalf("%d cache entries after purge, want 1", n)
	}
	o2 := openAt(t, path, outbox.Options{CacheTTL: time.Hour, Now: clk.Now})
	if s, _, ok, _ := o2.CachedStatus(iinC); !ok || s != wire.Red {
		t.Fatalf("fresh entry lost by the purge: %q %v", s, ok)
	}
}

// countKeys opens the closed outbox file with bbolt itself.
func countKeys(t *testing.T, path, bucket string) int {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 0
	err = db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucket)).ForEach(func(k, v []byte) error { n++; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCachedStatusHonoursValidUntil: an online answer is used from the cache
// only until the earlier of CacheTTL and the valid-until the upstream gave.
func TestCachedStatusHonoursValidUntil(t *testing.T) {
	clk := newClock()
	o, path := openTemp(t, outbox.Options{CacheTTL: 24 * time.Hour, Now: clk.Now})
	ctx := context.Background()
	e := testEvent(0)
	e.IIN, e.Status, e.Source, e.ScannedAt = iinA, wire.Green, wire.SourceOnline, clk.Now()
	if _, err := o.AppendUntil(ctx, e, clk.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	e2 := testEvent(0)
	e2.IIN, e2.Status, e2.Source, e2.ScannedAt = iinB, wire.Green, wire.SourceOnline, clk.Now()
	if _, err := o.AppendUntil(ctx, e2, time.Time{}); err != nil { // no valid-until: the TTL alone
		t.Fatal(err)
	}
	clk.Advance(59 * time.Minute)
	if s, _, ok, _ := o.CachedStatus(iinA); !ok || s != wire.Green {
		t.Fatalf("within its valid-until: %q ok=%v", s, ok)
	}
	clk.Advance(time.Minute)
	if _, _, ok, _ := o.CachedStatus(iinA); ok {
		t.Fatal("the answer was used past its valid-until")
	}
	if _, _, ok, _ := o.CachedStatus(iinB); !ok {
		t.Fatal("an answer without valid-until expired before the TTL")
	}
	// A value of the first layout (time, status) still reads.
	o.Close()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		v := tx.Bucket([]byte("cache")).Get([]byte(iinB))
		return tx.Bucket([]byte("cache")).Put([]byte(iinB), append(append([]byte{}, v[:8]...), "red"...))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	o2 := openAt(t, path, outbox.Options{CacheTTL: 24 * time.Hour, Now: clk.Now})
	if s, _, ok, _ := o2.CachedStatus(iinB); !ok || s != wire.Red {
		t.Fatalf("first-layout value: %q ok=%v", s, ok)
	}
}
