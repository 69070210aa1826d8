package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire"
)

func TestConcurrentAppendsAreGapFree(t *testing.T) {
	o, path := openTemp(t, outbox.Options{})
	const workers, each = 32, 20
	var mu sync.Mutex
	got := map[uint64]string{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				ev, err := o.Append(context.Background(), testEvent(w*each+i))
				if err != nil {
					t.Errorf("append: %v", err)
					return
				}
				mu.Lock()
				if prev, dup := got[ev.Seq]; dup {
					t.Errorf("seq %d given to %s and %s", ev.Seq, prev, ev.ID)
				}
				got[ev.Seq] = ev.ID
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	const n = workers * each
	for seq := uint64(1); seq <= n; seq++ {
		if _, ok := got[seq]; !ok {
			t.Fatalf("seq %d never returned (%d returned)", seq, len(got))
		}
	}
	// What is stored is exactly what was returned, also after a restart.
	o.Close()
	o2 := openAt(t, path, outbox.Options{})
	pending, err := o2.Pending(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != n {
		t.Fatalf("%d pending after restart, want %d", len(pending), n)
	}
	for i, ev := range pending {
		if ev.Seq != uint64(i+1) || got[ev.Seq] != ev.ID {
			t.Fatalf("pending[%d] = seq %d id %s; returned id for that seq %s", i, ev.Seq, ev.ID, got[ev.Seq])
		}
	}
}

func TestInjectedCommitFailureLosesNothing(t *testing.T) {
	o, path := openTemp(t, outbox.Options{})
	var before []wire.Event
	for i := range 3 {
		before = append(before, mustAppend(t, o, testEvent(i)))
	}
	injected := errors.New("injected write failure")
	outbox.SetBeforeCommit(o, func() error { return injected })

	if _, err := o.Append(context.Background(), testEvent(9)); !errors.Is(err, injected) {
		t.Fatalf("append during fault: %v, want the injected error", err)
	}
	if err := o.Ack([]string{before[0].ID}); !errors.Is(err, injected) {
		t.Fatalf("ack during fault: %v, want the injected error", err)
	}
	if err := o.DeadLetter([]wire.Rejection{{ID: before[1].ID, Error: "x"}}); !errors.Is(err, injected) {
		t.Fatalf("dead letter during fault: %v, want the injected error", err)
	}
	st := mustStats(t, o)
	if st.Pending != 3 || st.LastSeq != 3 || st.Synced != 0 || st.DeadLetters != 0 {
		t.Fatalf("stats changed by failed commits: %+v", st)
	}

	outbox.SetBeforeCommit(o, nil)
	if next := mustAppend(t, o, testEvent(10)); next.Seq != 4 {
		t.Fatalf("seq after failed commits %d, want 4 (failed commits use no seq)", next.Seq)
	}
	o.Close()
	o2 := openAt(t, path, outbox.Options{})
	pending, _ := o2.Pending(0)
	if len(pending) != 4 {
		t.Fatalf("%d pending after restart, want 4", len(pending))
	}
	for i, ev := range before {
		if pending[i].ID != ev.ID || pending[i].Seq != ev.Seq {
			t.Fatalf("event stored before the fault changed: %+v", pending[i])
		}
	}
}

// Under intermittent failures every Append either returns an error and is
// absent, or returns an event that is stored: no verdict without a record,
// no record without its seq.
func TestIntermittentFailuresUnderConcurrency(t *testing.T) {
	o, _ := openTemp(t, outbox.Options{})
	var n int
	var mu sync.Mutex
	outbox.SetBeforeCommit(o, func() error {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n%3 == 0 {
			return fmt.Errorf("injected failure of commit %d", n)
		}
		return nil
	})
	var wg sync.WaitGroup
	var okMu sync.Mutex
	ok := map[string]uint64{}
	failed := 0
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 15 {
				ev, err := o.Append(context.Background(), testEvent(w*100+i))
				okMu.Lock()
				if err != nil {
					failed++
				} else {
					ok[ev.ID] = ev.Seq
				}
				okMu.Unlock()
			}
		}()
	}
	wg.Wait()
	outbox.SetBeforeCommit(o, nil)
	if failed == 0 {
		t.Fatal("no append failed: the injector did not run")
	}
	pending, _ := o.Pending(0)
	if len(pending) != len(ok) {
		t.Fatalf("%d stored, %d appends succeeded", len(pending), len(ok))
	}
	for i, ev := range pending {
		if ok[ev.ID] != ev.Seq || ev.Seq != uint64(i+1) {
			t.Fatalf("stored %s seq %d; append returned seq %d; want gap-free", ev.ID, ev.Seq, ok[ev.ID])
		}
	}
}

func TestDiskFullIsErrFullAndRecovers(t *testing.T) {
	o, _ := openTemp(t, outbox.Options{})
	mustAppend(t, o, testEvent(1))
	outbox.SetBeforeCommit(o, func() error {
		return fmt.Errorf("write page: %w", syscall.ENOSPC)
	})
	_, err := o.Append(context.Background(), testEvent(2))
	if !errors.Is(err, outbox.ErrFull) || !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("append on full disk: %v, want ErrFull wrapping ENOSPC", err)
	}
	if st := mustStats(t, o); !st.Full || st.Pending != 1 {
		t.Fatalf("stats on full disk %+v, want Full and the 1 event kept", st)
	}
	outbox.SetBeforeCommit(o, nil)
	mustAppend(t, o, testEvent(3))
	if st := mustStats(t, o); st.Full || st.Pending != 2 {
		t.Fatalf("stats after space returned %+v", st)
	}
}

func TestMaxBytesThenRecoveryAfterAckAndMaintain(t *testing.T) {
	clk := newClock()
	const limit = 128 << 10
	o, _ := openTemp(t, outbox.Options{MaxBytes: limit, Retention: time.Hour, Now: clk.Now})

	var mu sync.Mutex
	var stored []string
	var fullErr error
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				ev, err := o.Append(context.Background(), testEvent(w*10000+i))
				mu.Lock()
				if err != nil {
					fullErr = err
				} else {
					stored = append(stored, ev.ID)
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	if !errors.Is(fullErr, outbox.ErrFull) {
		t.Fatalf("filling a %d-byte outbox: last error %v, want ErrFull", limit, fullErr)
	}
	st := mustStats(t, o)
	if !st.Full || st.Pending != len(stored) {
		t.Fatalf("when full: stats %+v, %d appends succeeded", st, len(stored))
	}
	pending, _ := o.Pending(0)
	got := ids(pending)
	sort.Strings(got)
	sort.Strings(stored)
	if fmt.Sprint(got) != fmt.Sprint(stored) {
		t.Fatal("pending events differ from the appends that succeeded")
	}
	if _, err := o.Append(context.Background(), testEvent(1)); !errors.Is(err, outbox.ErrFull) {
		t.Fatalf("append while full: %v", err)
	}

	// The upstream acknowledges, the retention passes, maintenance purges.
	if err := o.Ack(stored); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Hour)
	if err := o.Maintain(context.Background()); err != nil {
		t.Fatal(err)
	}
	ev := mustAppend(t, o, testEvent(1))
	if ev.Seq != uint64(len(stored)+1) {
		t.Fatalf("seq after recovery %d, want %d", ev.Seq, len(stored)+1)
	}
	if st := mustStats(t, o); st.Full || st.Pending != 1 || st.Synced != 0 {
		t.Fatalf("stats after recovery %+v", st)
	}
}
