package server

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store/pgstore"
	"github.com/ashyq/kiosk/sync/wire"
)

// BenchmarkStatusLookup is one POST /v1/status through the real handler on
// loopback, on bbolt and on PostgreSQL: for an IIN, and for a pass, whose
// lookup also claims the proof (a new one each time, as a queue of visitors
// shows). The two side by side are what remembering proofs costs a door's
// online verdict. It reports the median and the 99th percentile.
func BenchmarkStatusLookup(b *testing.B) {
	for _, backend := range []string{"bbolt", "postgres"} {
		for _, kind := range []string{"iin", "pass"} {
			b.Run(backend+"/"+kind, func(b *testing.B) {
				opts := Options{Tokens: testTokens()}
				if backend == "postgres" {
					st, err := pgstore.Open(context.Background(), pgURL(b))
					if err != nil {
						b.Fatal(err)
					}
					opts.Store = st
				} else {
					opts.DataDir = b.TempDir()
				}
				srv, err := Open(opts)
				if err != nil {
					b.Fatal(err)
				}
				defer srv.Close()
				ts := httptest.NewServer(srv.Handler())
				defer ts.Close()
				bodies := make([][]byte, b.N)
				for i := range bodies {
					req := wire.StatusRequest{IIN: "900101300017", Device: "bench-1"}
					if kind == "pass" {
						id := make([]byte, 16)
						binary.BigEndian.PutUint64(id, uint64(i)+uint64(time.Now().UnixNano()))
						req.Proof = &wire.ProofUse{ID: hex.EncodeToString(id), At: time.Now(), Door: "main"}
					}
					bodies[i], _ = json.Marshal(req)
				}
				lat := make([]time.Duration, 0, b.N)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					// The lookup limit is 20 a second a token; a door
					// asks far less often.
					b.StopTimer()
					time.Sleep(50 * time.Millisecond)
					b.StartTimer()
					t0 := time.Now()
					r, _ := http.NewRequest("POST", ts.URL+"/v1/status", bytes.NewReader(bodies[i]))
					r.Header.Set("Authorization", "Bearer "+tokA)
					resp, err := ts.Client().Do(r)
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					lat = append(lat, time.Since(t0))
					if resp.StatusCode != 200 {
						b.Fatalf("status %d", resp.StatusCode)
					}
				}
				b.StopTimer()
				slices.Sort(lat)
				ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
				b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
				b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
			})
		}
	}
}
