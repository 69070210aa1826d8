package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// benchBody is a door's batch of n events, as a kiosk encodes it.
func benchBody(b *testing.B, n int) []byte {
	batch := wire.EventBatch{Device: "load-00001", SentAt: time.Now().UTC()}
	for i := range n {
		e := wire.Event{ID: fmt.Sprintf("0193b2c4-5e6f-7a8b-9c0d-%012d", i), Device: "load-00001", Seq: uint64(i + 1),
			Venue: "venue-00001", Door: "main", Kind: wire.Entry, IIN: "900101300018", Status: wire.Green,
			Source: wire.SourceOnline, ScannedAt: time.Now().UTC()}
		if i%7 == 3 {
			e.Kind, e.Status, e.Reason, e.Staff = wire.Override, wire.Red, wire.OverrideManager, "staff-1"
		}
		batch.Events = append(batch.Events, e)
	}
	body, err := json.Marshal(batch)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkDecodeBatch reads a batch with decodeBatch and, in the same
// loop, with the encoding/json reader it replaced: ns/event for each and
// their ratio (how many times faster decodeBatch is).
func BenchmarkDecodeBatch(b *testing.B) {
	readers := []func(http.ResponseWriter, *http.Request) (wire.EventBatch, *requestError){decodeBatch, v1DecodeBatch}
	for _, n := range []int{6, 50} {
		body := benchBody(b, n)
		b.Run(fmt.Sprint("events=", n), func(b *testing.B) {
			var spent [2]time.Duration
			for b.Loop() {
				for i, read := range readers {
					r := httptest.NewRequest("POST", "/v1/events", bytes.NewReader(body))
					t0 := time.Now()
					got, err := read(httptest.NewRecorder(), r)
					spent[i] += time.Since(t0)
					if err != nil || len(got.Events) != n {
						b.Fatal(err)
					}
				}
			}
			per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N*n) }
			b.ReportMetric(per(spent[0]), "ns/event")
			b.ReportMetric(per(spent[1]), "encoding-json-ns/event")
			b.ReportMetric(float64(spent[1])/float64(spent[0]), "speedup")
		})
	}
}
