package syncer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// eventPosts wraps a real server's handler and notes when each
// POST /v1/events arrived; before, when set, may answer instead of the
// server (for exact status codes the reference server never sends).
type eventPosts struct {
	next   http.Handler
	before func(n int, b wire.EventBatch, w http.ResponseWriter) bool

	mu sync.Mutex
	// mu guards everything declared below.
	times []time.Time
}

func (p *eventPosts) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/events" {
		p.next.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	var b wire.EventBatch
	_ = json.Unmarshal(body, &b)
	p.mu.Lock()
	p.times = append(p.times, time.Now())
	n := len(p.times)
	p.mu.Unlock()
	if p.before != nil && p.before(n, b, w) {
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	p.next.ServeHTTP(w, r)
}

func (p *eventPosts) arrivals() []time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]time.Time(nil), p.times...)
}

func answer(w http.ResponseWriter, code int, hdr map[string]string, msg string) {
	for k, v := range hdr {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(wire.ErrorBody{Error: msg})
}

// TestRetryAfterHonoured: the server asks for a 1 s pause; neither the
// 5 ms minimum backoff nor a stream of Kicks may bring the retry earlier.
func TestRetryAfterHonoured(t *testing.T) {
	srv := newServer(t, server.Faults{})
	posts := &eventPosts{next: srv.Handler(), before: func(n int, _ wire.EventBatch, w http.ResponseWriter) bool {
		if n == 1 {
			answer(w, http.StatusServiceUnavailable, map[string]string{"Retry-After": "1"}, "maintenance")
			return true
		}
		return false
	}}
	hs := serve(t, posts)
	ob := newOutbox(t)
	s := newSyncer(t, ob, newClient(t, hs.URL, server.DemoToken), fastOptions(nil))
	startRun(t, s)
	want := appendN(t, ob, 10)
	s.Kick()
	waitFor(t, "the first refusal", func() bool { return len(posts.arrivals()) >= 1 })
	for i := 0; i < 20; i++ {
		s.Kick()
		time.Sleep(10 * time.Millisecond)
	}
	waitFor(t, "delivery", func() bool { return s.State().Pending == 0 })
	at := posts.arrivals()
	if len(at) < 2 {
		t.Fatalf("%d event posts, want a retry", len(at))
	}
	if gap := at[1].Sub(at[0]); gap < time.Second {
		t.Errorf("retried after %v; the server asked for 1s", gap)
	}
	checkDelivered(t, srv, want)
}

// TestPoisonEventDeadLettered: the real server rejects one event of a batch
// (a bad IIN check digit); it is dead-lettered, the rest acknowledged.
func TestPoisonEventDeadLettered(t *testing.T) {
	srv := newServer(t, server.Faults{})
	hs := serve(t, srv.Handler())
	ob := newOutbox(t)
	log, lb := newLog()
	s := newSyncer(t, ob, newClient(t, hs.URL, server.DemoToken), fastOptions(log))

	good := appendN(t, ob, 4)
	bad := event(4, wire.Entry)
	bad.IIN = demoIINs[0][:11] + string('0'+(demoIINs[0][11]-'0'+1)%10)
	if iin.Validate(bad.IIN) == nil {
		t.Fatal("test setup: the poison IIN is valid")
	}
	bad, err := ob.Append(context.Background(), bad)
	if err != nil {
		t.Fatal(err)
	}
	good = append(good, appendN(t, ob, 5)...)

	if err := s.Flush(context.Background()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	checkOutbox(t, ob, 0, 1)
	for _, ev := range good {
		if ok, _ := srv.HasEvent(testVenue, ev.ID); !ok {
			t.Errorf("good event seq %d not delivered", ev.Seq)
		}
	}
	if n, _ := srv.EventCount(testVenue); n != len(good) {
		t.Errorf("server holds %d events, want %d", n, len(good))
	}
	dl, err := ob.DeadLetters(10)
	if err != nil || len(dl) != 1 || dl[0].Event.ID != bad.ID || dl[0].Error == "" {
		t.Fatalf("dead letters %+v, %v; want the poison event with a reason", dl, err)
	}
	if st := s.State(); st.DeadLetters != 1 || st.Pending != 0 {
		t.Errorf("state %+v, want 1 dead letter and nothing pending", st)
	}
	logs := lb.String()
	if !strings.Contains(logs, "event dead-lettered") || !strings.Contains(logs, bad.ID) {
		t.Errorf("dead letter not logged by id: %s", logs)
	}
	if strings.Contains(logs, bad.IIN) || strings.Contains(logs, demoIINs[0]) {
		t.Errorf("an IIN reached the log: %s", logs)
	}
}

// TestContentRefusalSplits: an upstream that refuses a whole batch with 422
// because of one event. The syncer halves the batch until that event stands
// alone, dead-letters it with the server's message and delivers the rest.
func TestContentRefusalSplits(t *testing.T) {
	srv := newServer(t, server.Faults{})
	ob := newOutbox(t)
	evs := appendN(t, ob, 40)
	poison := evs[17]
	posts := &eventPosts{next: srv.Handler(), before: func(_ int, b wire.EventBatch, w http.ResponseWriter) bool {
		for _, ev := range b.Events {
			if ev.ID == poison.ID {
				answer(w, http.StatusUnprocessableEntity, nil, "door \"front\" is closed for renovation")
				return true
			}
		}
		return false
	}}
	hs := serve(t, posts)
	opts := fastOptions(nil)
	opts.BatchSize = 40
	s := newSyncer(t, ob, newClient(t, hs.URL, server.DemoToken), opts)
	if err := s.Flush(context.Background()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	checkOutbox(t, ob, 0, 1)
	dl, err := ob.DeadLetters(10)
	if err != nil || len(dl) != 1 || dl[0].Event.ID != poison.ID ||
		!strings.Contains(dl[0].Error, "422") || !strings.Contains(dl[0].Error, "closed for renovation") {
		t.Fatalf("dead letters %+v, %v; want the poison event with the 422 message", dl, err)
	}
	if n, _ := srv.EventCount(testVenue); n != 39 {
		t.Errorf("server holds %d events, want 39", n)
	}
	// Bisection: about two requests per halving of 40, not one per event.
	if n := len(posts.arrivals()); n > 13 {
		t.Errorf("%d requests to isolate one event among 40", n)
	}
}

// TestNotFoundIsNotTheEventsFault: a 404 (wrong base URL) must not split
// and dead-letter good events.
func TestNotFoundIsNotTheEventsFault(t *testing.T) {
	srv := newServer(t, server.Faults{})
	hs := serve(t, srv.Handler())
	ob := newOutbox(t)
	s := newSyncer(t, ob, newClient(t, hs.URL+"/wrong", server.DemoToken), fastOptions(nil))
	appendN(t, ob, 6)
	err := s.Flush(context.Background())
	var he *upstream.HTTPError
	if !errors.As(err, &he) || he.StatusCode != http.StatusNotFound {
		t.Fatalf("Flush = %v, want the 404", err)
	}
	checkOutbox(t, ob, 6, 0)
}

// TestTokenRefused: a 401 keeps everything pending, says why, and waits
// MaxBackoff between attempts however often it is kicked.
func TestTokenRefused(t *testing.T) {
	srv := newServer(t, server.Faults{})
	posts := &eventPosts{next: srv.Handler()}
	hs := serve(t, posts)
	ob := newOutbox(t)
	opts := fastOptions(nil)
	opts.MaxBackoff = 300 * time.Millisecond
	s := newSyncer(t, ob, newClient(t, hs.URL, "not-the-demo-token"), opts)
	startRun(t, s)
	appendN(t, ob, 5)
	s.Kick()
	waitFor(t, "the refusal shown", func() bool {
		st := s.State()
		return st.Link == LinkTokenRefused && st.Problem == ProblemTokenRefused
	})
	for len(posts.arrivals()) < 2 {
		s.Kick()
		time.Sleep(10 * time.Millisecond)
	}
	at := posts.arrivals()
	if gap := at[1].Sub(at[0]); gap < opts.MaxBackoff {
		t.Errorf("retried a refused token after %v, want at least MaxBackoff %v", gap, opts.MaxBackoff)
	}
	st := s.State()
	if st.Link != LinkTokenRefused || st.Pending != 5 || st.DeadLetters != 0 {
		t.Errorf("state %+v: want the token refused (the server answered), 5 pending, none dead", st)
	}
	err := s.Flush(context.Background())
	if !errors.Is(err, ErrTokenRefused) || !strings.Contains(err.Error(), "5 events still pending") {
		t.Errorf("Flush = %v, want ErrTokenRefused with 5 pending", err)
	}
	checkOutbox(t, ob, 5, 0)
	if n, _ := srv.EventCount(testVenue); n != 0 {
		t.Errorf("server holds %d events from a refused token", n)
	}
}

// TestConflictingIDDeadLettered: the upstream already holds an event under
// this id with other content (another device's record, a restored disk);
// the kiosk's event is refused as a conflict and dead-lettered, not deleted
// as if it were a duplicate, and the rest of the batch goes through.
func TestConflictingIDDeadLettered(t *testing.T) {
	srv := newServer(t, server.Faults{})
	hs := serve(t, srv.Handler())
	ob := newOutbox(t)
	s := newSyncer(t, ob, newClient(t, hs.URL, server.DemoToken), fastOptions(nil))

	mine, err := ob.Append(context.Background(), event(1, wire.Entry))
	if err != nil {
		t.Fatal(err)
	}
	theirs := mine
	theirs.Device, theirs.Seq, theirs.Kind = "other-door", 9, wire.Exit
	res, err := srv.Store().Ingest(context.Background(), testVenue, []wire.Event{theirs}, time.Now())
	if err != nil || len(res.Accepted) != 1 {
		t.Fatalf("seeding the other version: %+v, %v", res, err)
	}
	good := appendN(t, ob, 3)
	if err := s.Flush(context.Background()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	checkOutbox(t, ob, 0, 1)
	dl, err := ob.DeadLetters(10)
	if err != nil || len(dl) != 1 || dl[0].Event.ID != mine.ID || !strings.Contains(dl[0].Error, "conflict") {
		t.Fatalf("dead letters %+v, %v; want the conflicting event, saying conflict", dl, err)
	}
	for _, ev := range good {
		if ok, _ := srv.HasEvent(testVenue, ev.ID); !ok {
			t.Errorf("event seq %d not delivered", ev.Seq)
		}
	}
}
