package door_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/server"
)

// BenchmarkScanPass is scan-to-verdict time for a pass (reading the code,
// both signatures, the status, the durable record), with the real upstream
// on loopback ("online": the status is looked up) and against an upstream
// that never answers, after the first scan opened the breaker ("dead
// uplink": the pass's own colour). Every scan shows a proof never seen
// before, as a queue of visitors does.
func BenchmarkScanPass(b *testing.B) {
	for _, tc := range []struct {
		name string
		dead bool
	}{{"online", false}, {"dead-uplink", true}} {
		b.Run(tc.name, func(b *testing.B) {
			r := newPassRig(b, server.Options{})
			e := r.engine(b, func(c *door.Config) { c.Offline, c.LookupTimeout = door.PolicyAdmit, 1500*time.Millisecond })
			codes := freshCodes(b, r, b.N+1)
			ctx := context.Background()
			if tc.dead {
				r.dead.Store(true)
			}
			if _, err := e.Handle(ctx, scanPass(codes[b.N])); err != nil { // opens the breaker when dead
				b.Fatal(err)
			}
			want := "online"
			if tc.dead {
				want = "pass"
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				// The upstream answers a token at most 20 lookups a
				// second; a door sees far fewer.
				b.StopTimer()
				time.Sleep(55 * time.Millisecond)
				b.StartTimer()
				t0 := time.Now()
				v, err := e.Handle(ctx, scanPass(codes[i]))
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				if string(v.Source) != want {
					b.Fatalf("source %s, want %s", v.Source, want)
				}
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
			b.ReportMetric(ms(lat[(len(lat)*99)/100]), "p99-ms")
		})
	}
}

// freshCodes makes n distinct codes of green passes, each proof made now or
// up to a few seconds ago: a phone for every 20 codes, one proof a second.
func freshCodes(b *testing.B, r *passRig, n int) []string {
	b.Helper()
	now := time.Now()
	codes := make([]string, 0, n)
	var h *pass.Holder
	for i := 0; i < n; i++ {
		if i%20 == 0 {
			h, _ = r.phone(b, "900101300017")
		}
		codes = append(codes, showAt(b, h, now.Add(-time.Duration(i%20)*time.Second), ""))
	}
	return codes
}
