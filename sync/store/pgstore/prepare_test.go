package pgstore

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// longBatch is a batch of n events of n people at one door.
func longBatch(n int) []wire.Event {
	evs := make([]wire.Event, n)
	for i := range evs {
		evs[i] = wire.Event{ID: fmt.Sprintf("ev-%05d", i), Device: "door-1", Seq: uint64(i + 1), Venue: "v",
			Kind: wire.Entry, IIN: fmt.Sprintf("9001013%05d", i), ScannedAt: time.Unix(1_700_000_000+int64(i), 0).UTC()}
	}
	return evs
}

func TestPrepareFastFindsACopyAnywhereInALongBatch(t *testing.T) {
	evs := longBatch(5000)
	if _, ok, err := prepareFast("v", evs, time.Now()); !ok || err != nil {
		t.Fatalf("distinct ids: ok %v, %v; want the fast way", ok, err)
	}
	for _, at := range [][2]int{{0, 4999}, {4998, 4999}, {0, 1}, {2500, 17}} {
		copied := slices.Clone(evs)
		copied[at[1]].ID = copied[at[0]].ID
		if f, ok, err := prepareFast("v", copied, time.Now()); ok || f != nil || err != nil {
			t.Errorf("id of event %d again at %d: ok %v, %v; want another way", at[0], at[1], ok, err)
		}
	}
}

func TestPresenceIINsOncePerPersonInOrder(t *testing.T) {
	evs := longBatch(5000)
	evs = append(evs, evs[10], evs[3])
	evs[7].Kind = wire.Refusal // a refusal changes no one's presence
	got := presenceIINs(evs)
	if len(got) != 4999 || got[0] != evs[0].IIN || got[7] != evs[8].IIN || got[4998] != evs[4999].IIN {
		t.Errorf("got %d IINs, want 4,999 in the order they came, without the refused", len(got))
	}
}

// BenchmarkPrepareLongBatch is the Go side's planning of the longest batch
// the API takes (5,000 events of as many people): the fast way's encoding
// and the locked way's people to read. Both were quadratic once.
func BenchmarkPrepareLongBatch(b *testing.B) {
	evs := longBatch(5000)
	for b.Loop() {
		if _, ok, err := prepareFast("v", evs, time.Now()); !ok || err != nil {
			b.Fatal(ok, err)
		}
		if len(presenceIINs(evs)) != len(evs) {
			b.Fatal("people lost")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
}
