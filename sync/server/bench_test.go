package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// BenchmarkIngest posts 500-event batches of fresh events through the real
// HTTP handler on loopback into a real bbolt file, one transaction (and one
// fsync) per batch. Run with -benchtime=200x to replay a kiosk draining
// 100,000 events; the target is under 10 s in total.
func BenchmarkIngest(b *testing.B) {
	const batchSize = 500
	srv, err := Open(Options{DataDir: b.TempDir(), Tokens: testTokens()})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	// Encode every body up front so the timer measures the server, the
	// loopback and the client's send, not test-data generation.
	bodies := make([][]byte, b.N)
	for i := range bodies {
		evs := events(venueA, "bench-dev", uint64(i*batchSize+1), batchSize, wire.Entry)
		data, err := json.Marshal(wire.EventBatch{Device: "bench-dev", SentAt: time.Now(), Events: evs})
		if err != nil {
			b.Fatal(err)
		}
		bodies[i] = data
	}
	client := ts.Client()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, _ := http.NewRequest("POST", ts.URL+"/v1/events", bytes.NewReader(bodies[i]))
		req.Header.Set("Authorization", "Bearer "+tokA)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var res wire.BatchResult
		err = json.NewDecoder(resp.Body).Decode(&res)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || len(res.Accepted) != batchSize {
			b.Fatalf("batch %d: %v, %d accepted", i, err, len(res.Accepted))
		}
	}
	b.StopTimer()
	total := float64(b.N * batchSize)
	b.ReportMetric(total/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(b.Elapsed().Seconds()/total*100000, "s/100k-events")
	if n, _ := srv.EventCount(venueA); n != b.N*batchSize {
		b.Fatalf("stored %d events, want %d", n, b.N*batchSize)
	}
	rep, _ := srv.Device(venueA, "bench-dev")
	if len(rep.Gaps) != 0 {
		b.Fatal(fmt.Sprint("gaps in an in-order run: ", rep.Gaps))
	}
}
