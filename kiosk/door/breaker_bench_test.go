package door_test

import (
	"context"
	"net"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/upstream"
)

// blackHole accepts connections and never answers: Wi-Fi up, internet
// down, or a captive portal that swallows requests.
func blackHole(tb testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never read or written
			mu.Unlock()
		}
	}()
	tb.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return "http://" + ln.Addr().String()
}

// BenchmarkScanBlackHole is scan-to-verdict time (lookup, decision, durable
// record) against an upstream that never answers, after the first scan has
// timed out: without the breaker every scan waits the lookup timeout; with
// it none does. Run with a small -benchtime for "without" (1.5 s a scan).
func BenchmarkScanBlackHole(b *testing.B) {
	for _, tc := range []struct {
		name      string
		noBreaker bool
		dry       bool // decide without the durable record (Check): the breaker's part alone
	}{{"without-breaker", true, false}, {"with-breaker", false, false}, {"with-breaker-no-record", false, true}} {
		b.Run(tc.name, func(b *testing.B) {
			ob, err := outbox.Open(filepath.Join(b.TempDir(), "outbox.db"), outbox.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer ob.Close()
			cl, err := upstream.New(blackHole(b), server.DemoToken, nil)
			if err != nil {
				b.Fatal(err)
			}
			e, err := door.New(door.Config{Device: "d1", Venue: server.DemoVenue, Mode: door.Entrance,
				Offline: door.PolicyAdmit, LookupTimeout: 1500 * time.Millisecond, NoBreaker: tc.noBreaker}, ob, cl, nil)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			first := time.Now()
			if _, err := e.Handle(ctx, scanner.Scan{Payload: "900101300017", Source: scanner.SourceKeyboard}); err != nil {
				b.Fatal(err)
			}
			firstWait := time.Since(first)
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				judge := e.Handle
				if tc.dry {
					judge = e.Check
				}
				v, err := judge(ctx, scanner.Scan{Payload: "900101300017", Source: scanner.SourceKeyboard})
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				if v.Source != "cache" && v.Source != "unchecked" {
					b.Fatalf("black hole answered? source %s", v.Source)
				}
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(ms(firstWait), "first-ms")
			b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
			b.ReportMetric(ms(lat[(len(lat)*99)/100]), "p99-ms")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
