package syncer

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

const (
	testDevice = "kiosk-1"
	testVenue  = server.DemoVenue
)

// demoIINs are valid IINs the demo registry knows, in a fixed order.
var demoIINs = func() []string {
	out := make([]string, 0, len(server.DemoRegistry))
	for k := range server.DemoRegistry {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}()

// newOutbox opens a real outbox in a temporary directory.
func newOutbox(t testing.TB) *outbox.Outbox {
	t.Helper()
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{})
	if err != nil {
		t.Fatalf("open outbox: %v", err)
	}
	t.Cleanup(func() { _ = ob.Close() })
	return ob
}

// newServer opens the real reference server with the demo token.
func newServer(t testing.TB, f server.Faults) *server.Server {
	t.Helper()
	srv, err := server.Open(server.Options{DataDir: t.TempDir(), Demo: true, Faults: f})
	if err != nil {
		t.Fatalf("open server: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// serve puts h on a loopback listener.
func serve(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return hs
}

func newClient(t testing.TB, url, token string) *upstream.Client {
	t.Helper()
	cl, err := upstream.New(url, token, nil)
	if err != nil {
		t.Fatalf("new client: %v", err)
	}
	return cl
}

// fastOptions keep every wait short, so tests exercise the real timing
// logic without sleeping for long.
func fastOptions(log *slog.Logger) Options {
	return Options{
		Device: testDevice, Venue: testVenue,
		BatchSize: 50, BatchWait: 5 * time.Millisecond,
		MinBackoff: 5 * time.Millisecond, MaxBackoff: 40 * time.Millisecond,
		PollEvery: 30 * time.Millisecond, Logger: log,
	}
}

func newSyncer(t testing.TB, ob *outbox.Outbox, cl *upstream.Client, opts Options) *Syncer {
	t.Helper()
	s, err := New(ob, cl, opts)
	if err != nil {
		t.Fatalf("new syncer: %v", err)
	}
	return s
}

// event builds the i-th test event: entries and exits alternate in pairs
// of kinds, so occupancy is a known function of n.
func event(i int, kind wire.Kind) wire.Event {
	return wire.Event{
		Device: testDevice, Venue: testVenue, Door: "front", Kind: kind,
		IIN: demoIINs[i%len(demoIINs)], Status: wire.Green, Source: wire.SourceOnline,
		ScannedAt: time.Date(2021, 8, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second),
	}
}

// appendN records n events (2 entries for every exit) and returns them as
// stored, with ids and seqs.
func appendN(t testing.TB, ob *outbox.Outbox, n int) []wire.Event {
	t.Helper()
	out := make([]wire.Event, 0, n)
	for i := 0; i < n; i++ {
		kind := wire.Entry
		if i%3 == 2 {
			kind = wire.Exit
		}
		ev, err := ob.Append(context.Background(), event(i, kind))
		if err != nil {
			t.Errorf("append %d: %v", i, err) // Errorf: callers may be goroutines
			return out
		}
		out = append(out, ev)
	}
	return out
}

// checkDelivered asserts the server holds exactly want: every id, nothing
// more, the right occupancy, and a gap-free sequence from the device.
func checkDelivered(t testing.TB, srv *server.Server, want []wire.Event) {
	t.Helper()
	n, err := srv.EventCount(testVenue)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Errorf("server holds %d events, want %d", n, len(want))
	}
	var entries, exits int64
	for _, ev := range want {
		ok, err := srv.HasEvent(testVenue, ev.ID)
		if err != nil || !ok {
			t.Errorf("server lacks event seq %d (%v)", ev.Seq, err)
		}
		switch ev.Kind {
		case wire.Entry:
			entries++
		case wire.Exit:
			exits++
		}
	}
	occ, err := srv.Occupancy(testVenue)
	if err != nil {
		t.Fatal(err)
	}
	// The upstream counts people, not events: with a handful of IINs
	// entering and leaving in turn, inside is at most one per person.
	if occ.Entries != entries || occ.Exits != exits || occ.Inside < 0 || occ.Inside > int64(len(demoIINs)) {
		t.Errorf("occupancy %+v, want entries %d exits %d, inside 0..%d", occ, entries, exits, len(demoIINs))
	}
	if len(want) == 0 {
		return
	}
	rep, err := srv.Device(testVenue, testDevice)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Received != int64(len(want)) || len(rep.Gaps) != 0 {
		t.Errorf("device report: received %d gaps %v, want %d and none", rep.Received, rep.Gaps, len(want))
	}
}

// checkOutbox asserts how many events are pending and dead-lettered.
func checkOutbox(t testing.TB, ob *outbox.Outbox, pending, dead int) {
	t.Helper()
	st, err := ob.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Pending != pending || st.DeadLetters != dead {
		t.Errorf("outbox: pending %d dead %d, want %d and %d", st.Pending, st.DeadLetters, pending, dead)
	}
}

// startRun runs s in the background until the test ends.
func startRun(t testing.TB, s *Syncer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
}

// waitFor polls cond until it holds or a generous deadline passes; the
// deadline only guards against a hang, it is not a speed assertion.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// logBuf collects log output so tests can check what reached the log.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newLog() (*slog.Logger, *logBuf) {
	lb := &logBuf{}
	return slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})), lb
}
