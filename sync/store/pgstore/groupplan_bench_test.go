package pgstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// doorBatches are venues' batches as a group holds them: size events each,
// from a door of the venue with its numbers in a row, every kind, some
// people twice.
func doorBatches(venues, size int) [][]wire.Event {
	var out [][]wire.Event
	kinds := []wire.Kind{wire.Entry, wire.Exit, wire.Refusal, wire.Entry, wire.Override}
	at := time.Date(2026, 12, 7, 10, 0, 0, 123456789, time.UTC)
	for v := range venues {
		evs := make([]wire.Event, size)
		for i := range evs {
			evs[i] = wire.Event{ID: fmt.Sprintf("9f1c2a7e-5b3d-4c8e-%04d-%012d", v, i), Device: fmt.Sprintf("door-%05d", v*10),
				Seq: uint64(1000 + i), Venue: fmt.Sprintf("venue-%05d", v), Door: "front", Kind: kinds[i%len(kinds)],
				IIN: fmt.Sprintf("9001013%05d", (v*size+i)%(size*venues/2+1)), Status: wire.Green, Source: wire.SourceOnline,
				ScannedAt: at.Add(time.Duration(i) * time.Second)}
		}
		out = append(out, evs)
	}
	return out
}

// planGroup prepares each batch and plans them as one group, as a lane's
// leader does.
func planGroup(tb testing.TB, batches [][]wire.Event, now time.Time) groupCols {
	g := make([]*fastBatch, 0, len(batches))
	for _, evs := range batches {
		f, ok, err := prepareFast(evs[0].Venue, evs, now)
		if !ok || err != nil {
			tb.Fatal(ok, err)
		}
		g = append(g, f)
	}
	cols, ok, err := groupColumns(g)
	if !ok || err != nil {
		tb.Fatal(ok, err)
	}
	return cols
}

// BenchmarkGroupPlan is the Go side of a group's write: each batch
// prepared (its events encoded) and the group's columns planned and
// encoded as ingestFast sends them, per event.
func BenchmarkGroupPlan(b *testing.B) {
	for _, shape := range []struct{ venues, size int }{{13, 6}, {9, 50}} {
		b.Run(fmt.Sprintf("batches=%d/events=%d", shape.venues, shape.size), func(b *testing.B) {
			batches := doorBatches(shape.venues, shape.size)
			now := time.Now()
			for b.Loop() {
				cols := planGroup(b, batches, now)
				_ = asArrays(cols.eventsArgs()...)
				_ = asArrays(cols.derivedArgs()...)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*shape.venues*shape.size), "ns/event")
		})
	}
}
