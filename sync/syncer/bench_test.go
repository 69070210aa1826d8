package syncer

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/wire"
)

// appendConcurrently records n events from many goroutines, so the
// outbox's group commit fills quickly; setup, not what is measured.
func appendConcurrently(tb testing.TB, ob *outbox.Outbox, n, workers int) {
	tb.Helper()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				kind := wire.Entry
				if i%3 == 2 {
					kind = wire.Exit
				}
				if _, err := ob.Append(context.Background(), event(i, kind)); err != nil {
					tb.Errorf("append %d: %v", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// copyDir copies the outbox file and its sidecars.
func copyDir(tb testing.TB, from, to string) {
	tb.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkDrain100k measures Flush of a backlog of 100,000 events (a long
// outage at a busy venue) to the real reference server on loopback, in the
// default 500-event batches. Each iteration starts from a copy of the same
// prefilled outbox and an empty server.
func BenchmarkDrain100k(b *testing.B) {
	const n = 100_000
	tmpl := b.TempDir()
	ob, err := outbox.Open(filepath.Join(tmpl, "outbox.db"), outbox.Options{})
	if err != nil {
		b.Fatal(err)
	}
	appendConcurrently(b, ob, n, 256)
	if err := ob.Close(); err != nil {
		b.Fatal(err)
	}

	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		copyDir(b, tmpl, dir)
		ob, err := outbox.Open(filepath.Join(dir, "outbox.db"), outbox.Options{})
		if err != nil {
			b.Fatal(err)
		}
		srv, err := server.Open(server.Options{DataDir: b.TempDir(), Demo: true})
		if err != nil {
			b.Fatal(err)
		}
		hs := serve(b, srv.Handler())
		s := newSyncer(b, ob, newClient(b, hs.URL, server.DemoToken), Options{Device: testDevice, Venue: testVenue})
		start := time.Now()
		b.StartTimer()

		if err := s.Flush(context.Background()); err != nil {
			b.Fatalf("Flush: %v", err)
		}

		b.StopTimer()
		total += time.Since(start)
		if got, _ := srv.EventCount(testVenue); got != n {
			b.Fatalf("server holds %d events, want %d", got, n)
		}
		hs.Close()
		_ = srv.Close()
		_ = ob.Close()
		b.StartTimer()
	}
	secs := total.Seconds() / float64(b.N)
	b.ReportMetric(secs, "s/100k")
	b.ReportMetric(n/secs, "events/s")
}

// BenchmarkSyncRound measures one round trip of a full 500-event batch:
// read it from the outbox, post it, store it on the server, acknowledge it.
func BenchmarkSyncRound(b *testing.B) {
	const batch = 500
	srv := newServer(b, server.Faults{})
	hs := serve(b, srv.Handler())
	ob := newOutbox(b)
	s := newSyncer(b, ob, newClient(b, hs.URL, server.DemoToken), Options{Device: testDevice, Venue: testVenue, BatchSize: batch})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		appendConcurrently(b, ob, batch, 64)
		b.StartTimer()
		if err := s.Flush(context.Background()); err != nil {
			b.Fatalf("Flush: %v", err)
		}
	}
	b.StopTimer()
	if got, _ := srv.EventCount(testVenue); got != batch*b.N {
		b.Fatalf("server holds %d events, want %d", got, batch*b.N)
	}
	b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "events/s")
}
