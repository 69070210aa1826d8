package outbox_test

import (
	"context"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire"
)

func TestRetentionPurgesOnlyOldAcks(t *testing.T) {
	clk := newClock()
	o, path := openTemp(t, outbox.Options{Retention: 7 * 24 * time.Hour, Now: clk.Now})
	a := mustAppend(t, o, testEvent(1))
	b := mustAppend(t, o, testEvent(2))
	mustAppend(t, o, testEvent(3))
	if err := o.Ack([]string{a.ID}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(5 * 24 * time.Hour)
	if err := o.Ack([]string{b.ID}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(3 * 24 * time.Hour)
	if err := o.Maintain(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := mustStats(t, o)
	if st.Synced != 1 || st.Pending != 1 {
		t.Fatalf("after purge %+v, want 1 synced (b) and 1 pending", st)
	}
	o.Close()
	if n := countKeys(t, path, "ids"); n != 2 {
		t.Fatalf("id index has %d entries, want 2 (purged ids removed)", n)
	}
	if n := countKeys(t, path, "synced"); n != 1 {
		t.Fatalf("synced bucket has %d entries, want 1", n)
	}
}

func TestCompactionShrinksAndKeepsData(t *testing.T) {
	clk := newClock()
	o, path := openTemp(t, outbox.Options{Retention: time.Hour, Now: clk.Now})
	outbox.SetCompactMinBytes(o, 256<<10)
	evs := make([]wire.Event, 20000)
	for i := range evs {
		evs[i] = testEvent(i)
	}
	if err := outbox.BulkAppend(o, evs); err != nil {
		t.Fatal(err)
	}
	all, _ := o.Pending(0)
	keep := all[len(all)-10:]
	if err := o.Ack(ids(all[:len(all)-10])); err != nil {
		t.Fatal(err)
	}
	if err := o.PutStatus(iinA, wire.Green, clk.Now()); err != nil {
		t.Fatal(err)
	}
	before := mustStats(t, o).FileBytes
	clk.Advance(2 * time.Hour)

	// Appends running during maintenance wait for it and are kept.
	var wg sync.WaitGroup
	var during []wire.Event
	var mu sync.Mutex
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				ev, err := o.Append(context.Background(), testEvent(100000+w*10+i))
				if err != nil {
					t.Errorf("append during maintenance: %v", err)
					return
				}
				mu.Lock()
				during = append(during, ev)
				mu.Unlock()
			}
		}()
	}
	if err := o.Maintain(context.Background()); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	after := mustStats(t, o)
	if after.FileBytes*4 > before {
		t.Fatalf("file %d bytes after compaction, %d before: want at least 4x smaller", after.FileBytes, before)
	}
	if _, err := os.Stat(path + ".compact"); !os.IsNotExist(err) {
		t.Fatalf("temporary compaction file left behind: %v", err)
	}
	if s, _, ok, _ := o.CachedStatus(iinA); !ok || s != wire.Green {
		t.Fatal("cache entry lost by compaction")
	}
	next := mustAppend(t, o, testEvent(1))
	if next.Seq != uint64(len(evs)+len(during)+1) {
		t.Fatalf("seq after compaction %d, want %d", next.Seq, len(evs)+len(during)+1)
	}
	o.Close()

	o2 := openAt(t, path, outbox.Options{Retention: time.Hour, Now: clk.Now})
	pending, err := o2.Pending(0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]uint64{next.ID: next.Seq}
	for _, ev := range append(keep, during...) {
		want[ev.ID] = ev.Seq
	}
	if len(pending) != len(want) {
		t.Fatalf("%d pending after compaction and restart, want %d", len(pending), len(want))
	}
	for _, ev := range pending {
		if want[ev.ID] != ev.Seq {
			t.Fatalf("pending %s seq %d not expected", ev.ID, ev.Seq)
		}
	}
	if st := mustStats(t, o2); st.Synced != 0 || st.LastSeq != next.Seq {
		t.Fatalf("stats after restart %+v", st)
	}
}

func TestMaintainKeepsSmallFile(t *testing.T) {
	o, path := openTemp(t, outbox.Options{})
	mustAppend(t, o, testEvent(1))
	ino := inode(t, path)
	if err := o.Maintain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if inode(t, path) != ino {
		t.Fatal("a small file was rewritten by compaction")
	}
}
func inode(t *testing.T, path string) uint64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}

func TestOpenRemovesLeftoverCompactionCopy(t *testing.T) {
	path, _ := filled(t, 5)
	if err := os.WriteFile(path+".compact", []byte("half-written copy"), 0o600); err != nil {
		t.Fatal(err)
	}
	o := openAt(t, path, outbox.Options{})
	if _, err := os.Stat(path + ".compact"); !os.IsNotExist(err) {
		t.Fatalf("leftover compaction copy still there: %v", err)
	}
	if st := mustStats(t, o); st.Pending != 5 {
		t.Fatalf("%d pending, want 5", st.Pending)
	}
}
