package syncer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

func TestNewValidates(t *testing.T) {
	ob := newOutbox(t)
	cl := newClient(t, "http://127.0.0.1:1", server.DemoToken)
	good := Options{Device: "d", Venue: "v"}
	tests := []struct {
		name string
		mod  func(*Options)
		want string
	}{
		{"no device", func(o *Options) { o.Device = "" }, "device is required"},
		{"no venue", func(o *Options) { o.Venue = "" }, "venue is required"},
		{"negative batch", func(o *Options) { o.BatchSize = -1 }, "batch size -1"},
		{"huge batch", func(o *Options) { o.BatchSize = 100000 }, "batch size 100000"},
		{"negative wait", func(o *Options) { o.BatchWait = -time.Second }, "batch wait -1s is negative"},
		{"min above max", func(o *Options) { o.MinBackoff, o.MaxBackoff = time.Minute, time.Second }, "min backoff 1m0s is above max"},
	}
	for _, tt := range tests {
		opts := good
		tt.mod(&opts)
		_, err := New(ob, cl, opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := New(nil, cl, good); err == nil {
		t.Error("New accepted a nil outbox")
	}
	if _, err := New(ob, nil, good); err == nil {
		t.Error("New accepted a nil client")
	}
	s, err := New(ob, cl, good)
	if err != nil {
		t.Fatal(err)
	}
	if s.opts.BatchSize != 500 || s.opts.MaxBackoff != time.Minute || s.opts.PollEvery != 10*time.Second {
		t.Errorf("defaults not applied: %+v", s.opts)
	}
}

func TestSteadyOnline(t *testing.T) {
	srv := newServer(t, server.Faults{})
	hs := serve(t, srv.Handler())
	ob := newOutbox(t)
	s := newSyncer(t, ob, newClient(t, hs.URL, server.DemoToken), fastOptions(nil))
	startRun(t, s)

	var want []wire.Event
	for i := 0; i < 6; i++ {
		want = append(want, appendN(t, ob, 20)...)
		s.Kick()
	}
	waitFor(t, "everything sent", func() bool {
		n, _ := srv.EventCount(testVenue)
		return n == len(want) && s.State().Pending == 0
	})
	checkDelivered(t, srv, want)
	checkOutbox(t, ob, 0, 0)
	waitFor(t, "occupancy polled", func() bool {
		occ := s.State().Occupancy
		return occ != nil && occ.Entries+occ.Exits == int64(len(want))
	})
	st := s.State()
	if !st.Online() || st.Problem != ProblemNone || st.LastSync.IsZero() || st.Storage != ProblemNone {
		t.Errorf("state %+v: want online, no error, a last sync", st)
	}
	// Same machine, same clock: the skew estimate must be tiny.
	if st.ClockSkew > time.Second || st.ClockSkew < -time.Second {
		t.Errorf("clock skew %v against a server on the same clock", st.ClockSkew)
	}
}

func TestClockSkew(t *testing.T) {
	srv := newServer(t, server.Faults{})
	hs := serve(t, srv.Handler())
	opts := fastOptions(nil)
	opts.Now = func() time.Time { return time.Now().Add(2 * time.Minute) } // device clock runs fast
	s := newSyncer(t, newOutbox(t), newClient(t, hs.URL, server.DemoToken), opts)
	startRun(t, s)
	waitFor(t, "a health poll", func() bool { return s.State().Online() })
	if d := s.State().ClockSkew - 2*time.Minute; d > time.Second || d < -time.Second {
		t.Errorf("clock skew %v, want about 2m", s.State().ClockSkew)
	}
}

func TestUpstreamDownThenUp(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nobody listens: connections are refused

	srv := newServer(t, server.Faults{})
	ob := newOutbox(t)
	s := newSyncer(t, ob, newClient(t, "http://"+addr, server.DemoToken), fastOptions(nil))
	startRun(t, s)
	want := appendN(t, ob, 30)
	s.Kick()
	waitFor(t, "offline state", func() bool {
		st := s.State()
		return st.Link == LinkOffline && st.Problem == ProblemConnRefused && st.Pending == 30
	})
	checkOutbox(t, ob, 30, 0)

	l, err = net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", addr, err)
	}
	hs := httptest.NewUnstartedServer(srv.Handler())
	hs.Listener = l
	hs.Start()
	t.Cleanup(hs.Close)

	waitFor(t, "backlog sent", func() bool { return s.State().Pending == 0 && s.State().Online() })
	checkDelivered(t, srv, want)
	if st := s.State(); st.Problem != ProblemNone {
		t.Errorf("problem %v after recovery", st.Problem)
	}
}

// TestChaosExactlyOnce sends through injected 503s, dropped connections
// (before and after the batch is stored) and partial acknowledgements while
// events keep arriving: the server must end up with each event exactly once.
func TestChaosExactlyOnce(t *testing.T) {
	srv := newServer(t, server.Faults{FailRate: 0.5, ResetRate: 0.2, PartialRate: 0.5, Seed: 7})
	hs := serve(t, srv.Handler())
	ob := newOutbox(t)
	log, lb := newLog()
	s := newSyncer(t, ob, newClient(t, hs.URL, server.DemoToken), fastOptions(log))
	startRun(t, s)

	var mu sync.Mutex
	var want []wire.Event
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			evs := appendN(t, ob, 100)
			s.Kick()
			mu.Lock()
			want = append(want, evs...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := s.Flush(ctx); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	checkDelivered(t, srv, want)
	checkOutbox(t, ob, 0, 0)
	logs := lb.String()
	if !strings.Contains(logs, "sync round failed") {
		t.Error("no failed round was logged; were the faults injected?")
	}
	for _, id := range demoIINs {
		if strings.Contains(logs, id) {
			t.Fatalf("an IIN reached the log")
		}
	}
}

func TestFlush(t *testing.T) {
	srv := newServer(t, server.Faults{})
	hs := serve(t, srv.Handler())
	ob := newOutbox(t)
	s := newSyncer(t, ob, newClient(t, hs.URL, server.DemoToken), fastOptions(nil))
	want := appendN(t, ob, 230) // 5 batches of 50, the last one short
	if err := s.Flush(context.Background()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	checkDelivered(t, srv, want)
	checkOutbox(t, ob, 0, 0)
	if st := s.State(); st.Pending != 0 || st.LastSync.IsZero() || !st.Online() {
		t.Errorf("state after flush: %+v", st)
	}
	// Nothing pending: Flush returns at once.
	if err := s.Flush(context.Background()); err != nil {
		t.Errorf("second Flush: %v", err)
	}
}

func TestFlushGivesUpWhenContextEnds(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	ob := newOutbox(t)
	s := newSyncer(t, ob, newClient(t, "http://"+addr, server.DemoToken), fastOptions(nil))
	appendN(t, ob, 3)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err = s.Flush(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "3 events still pending") {
		t.Fatalf("Flush = %v, want deadline exceeded with 3 pending", err)
	}
	checkOutbox(t, ob, 3, 0)
}

func TestStorageError(t *testing.T) {
	srv := newServer(t, server.Faults{})
	hs := serve(t, srv.Handler())
	ob := newOutbox(t)
	log, lb := newLog()
	s := newSyncer(t, ob, newClient(t, hs.URL, server.DemoToken), fastOptions(log))
	appendN(t, ob, 2)
	_ = ob.Close()
	err := s.Flush(context.Background())
	if err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("Flush on a closed outbox = %v, want an error saying closed", err)
	}
	if st := s.State(); st.Storage != ProblemOutboxUnreadable {
		t.Errorf("Storage = %v, want %v", st.Storage, ProblemOutboxUnreadable)
	}
	if logs := lb.String(); !strings.Contains(logs, "closed") {
		t.Errorf("the log does not say the outbox is closed:\n%s", logs)
	}
}

func TestUpdatesLatestWins(t *testing.T) {
	srv := newServer(t, server.Faults{})
	hs := serve(t, srv.Handler())
	ob := newOutbox(t)
	s := newSyncer(t, ob, newClient(t, hs.URL, server.DemoToken), fastOptions(nil))
	s.MarkOffline(errors.New("lookup failed"))
	appendN(t, ob, 3)
	s.send.refreshStats()
	// Several changes, nobody reading: exactly one state waits, the latest.
	if n := len(s.Updates()); n != 1 {
		t.Fatalf("%d states buffered, want 1", n)
	}
	got := <-s.Updates()
	if got.Online() || got.Pending != 3 || got.Problem == ProblemNone {
		t.Errorf("buffered state %+v, want offline with 3 pending and an error", got)
	}
	if !got.equal(s.State()) {
		t.Errorf("buffered %+v is not the latest %+v", got, s.State())
	}

	// Run delivers the state after sending without anyone asking.
	startRun(t, s)
	s.Kick()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case st := <-s.Updates():
			if st.Online() && st.Pending == 0 && !st.LastSync.IsZero() && st.Problem == ProblemNone {
				return
			}
		case <-deadline:
			t.Fatalf("no update showed the sent state; last is %+v", s.State())
		}
	}
}

func TestMarkOffline(t *testing.T) {
	srv := newServer(t, server.Faults{})
	hs := serve(t, srv.Handler())
	s := newSyncer(t, newOutbox(t), newClient(t, hs.URL, server.DemoToken), fastOptions(nil))
	s.MarkOffline(&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("no route")})
	if st := s.State(); st.Online() || st.Problem != ProblemUnreachable {
		t.Fatalf("after MarkOffline: %+v", st)
	}
	startRun(t, s)
	// The next poll finds the upstream and says so.
	waitFor(t, "back online", func() bool { st := s.State(); return st.Online() && st.Problem == ProblemNone })
}

func TestStateIsACopy(t *testing.T) {
	s := &Syncer{link: &monitor{occupancy: &wire.Occupancy{Venue: "v", Inside: 1}}}
	st := s.State()
	st.Occupancy.Inside = 99
	if s.State().Occupancy.Inside != 1 {
		t.Error("State shares its Occupancy with the syncer")
	}
}

func TestLookupFailedOnlyForLinkErrors(t *testing.T) {
	srv := newServer(t, server.Faults{})
	hs := serve(t, srv.Handler())
	s := newSyncer(t, newOutbox(t), newClient(t, hs.URL, server.DemoToken), fastOptions(nil))
	before := s.State()
	s.LookupFailed(fmt.Errorf("status: %w", upstream.ErrInvalidArgument))
	if st := s.State(); st.Link != before.Link || st.Problem != before.Problem {
		t.Fatalf("an invalid-argument answer must not change the link: %+v", st)
	}
	s.LookupFailed(fmt.Errorf("status: %w", context.DeadlineExceeded))
	if st := s.State(); st.Online() || st.Problem != ProblemTimeout {
		t.Fatalf("a timed-out lookup must mark the link down: %+v", st)
	}
}
