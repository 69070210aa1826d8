package pgstore

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// The people and times of the races below.
const (
	racePerson = "900101300017"
	raceVenue  = "race-venue"
)

var raceBase = time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)

func raceEvent(id, device string, seq int, kind wire.Kind, at time.Duration) wire.Event {
	e := wire.Event{ID: id, Device: device, Seq: uint64(seq), Venue: raceVenue, Door: device, Kind: kind,
		IIN: racePerson, Status: wire.Green, Source: wire.SourceOnline, ScannedAt: raceBase.Add(at)}
	return e
}

// raceStores opens two replicas on one fresh database with the race venue.
func raceStores(t *testing.T) (mine, other *Store) {
	url := pg.URL(t)
	mine, other = open(t, url), open(t, url)
	t.Cleanup(func() { mine.Close(); other.Close() })
	if err := mine.PutVenue(context.Background(), store.Venue{Name: raceVenue, Created: raceBase}); err != nil {
		t.Fatal(err)
	}
	return mine, other
}

func mustIngest(t *testing.T, st *Store, events ...wire.Event) store.IngestResult {
	t.Helper()
	res, err := st.Ingest(context.Background(), raceVenue, events, raceBase.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A batch of new events of a known venue takes no lock; a new venue's first
// batch does (it creates the venue).
func TestIngestUsualBatchTakesNoLock(t *testing.T) {
	mine, _ := raceStores(t)
	mustIngest(t, mine, raceEvent("a", "door-1", 1, wire.Entry, 0), raceEvent("b", "door-1", 2, wire.Exit, time.Minute))
	if n := mine.locked.Load(); n != 0 {
		t.Errorf("a usual batch took the venue's lock (%d)", n)
	}
	if _, err := mine.Ingest(context.Background(), "brand-new", []wire.Event{raceEvent("c", "door-1", 1, wire.Entry, 0)}, raceBase); err != nil {
		t.Fatal(err)
	}
	if n := mine.locked.Load(); n != 1 {
		t.Errorf("a new venue's batch: %d locked batches, want 1", n)
	}
}

// Between ingestFast's planning and its write, another replica stores a
// batch that changes the rows the first one's touches. The batch must be
// stored as if the two had come one after the other (each race below
// checks that), by ingestFast reading those rows under the venue's lock,
// or, when an id was taken meanwhile, by ingestLocked (locked).
func TestIngestRaceBeforeWrite(t *testing.T) {
	tests := []struct {
		name     string
		before   []wire.Event // stored first, by mine
		meantime wire.Event   // stored by the other replica between planning and write
		batch    []wire.Event // mine's batch
		locked   bool         // the batch goes to ingestLocked
		check    func(t *testing.T, st *Store, res store.IngestResult)
	}{{
		// The person left by another door while this door's exit was on
		// its way: one visit, closed once, and the head count never
		// below zero.
		name:     "presence",
		before:   []wire.Event{raceEvent("in", "door-1", 1, wire.Entry, 0)},
		meantime: raceEvent("out-b", "door-2", 1, wire.Exit, time.Minute),
		batch:    []wire.Event{raceEvent("out-a", "door-1", 2, wire.Exit, 2*time.Minute)},
		check: func(t *testing.T, st *Store, res store.IngestResult) {
			c, _ := st.Counters(context.Background(), raceVenue)
			inside, _ := st.Inside(context.Background(), raceVenue, racePerson)
			if c.Inside != 0 || inside || c.Exits != 2 || c.Entries != 1 {
				t.Errorf("counters %+v, inside %v; want one entry, two exits, nobody inside", c, inside)
			}
		},
	}, {
		// The same event came through the other replica (a retry after a
		// lost answer): a duplicate, counted once.
		name:     "same id",
		locked:   true,
		meantime: raceEvent("twice", "door-1", 1, wire.Entry, 0),
		batch:    []wire.Event{raceEvent("twice", "door-1", 1, wire.Entry, 0), raceEvent("next", "door-1", 2, wire.Refusal, time.Second)},
		check: func(t *testing.T, st *Store, res store.IngestResult) {
			if !slices.Equal(res.Duplicates, []string{"twice"}) || !slices.Equal(res.Accepted, []string{"next"}) {
				t.Errorf("result %+v, want twice a duplicate and next accepted", res)
			}
			c, _ := st.Counters(context.Background(), raceVenue)
			if c.Entries != 1 || c.Refusals != 1 || c.Inside != 1 {
				t.Errorf("counters %+v, want the entry once", c)
			}
		},
	}, {
		// The same id with other content: a conflict, the first version kept.
		name:     "conflict",
		locked:   true,
		meantime: raceEvent("clash", "door-2", 1, wire.Entry, 0),
		batch:    []wire.Event{raceEvent("clash", "door-1", 1, wire.Exit, time.Second)},
		check: func(t *testing.T, st *Store, res store.IngestResult) {
			if !slices.Equal(res.Conflicts, []string{"clash"}) || len(res.Accepted) != 0 {
				t.Errorf("result %+v, want a conflict", res)
			}
		},
	}, {
		// The device's record moved on (its other batch, sent twice by a
		// confused kiosk): the record counts both, with no gap.
		name:     "device",
		before:   []wire.Event{raceEvent("d1", "door-1", 1, wire.Refusal, 0)},
		meantime: raceEvent("d3", "door-1", 3, wire.Refusal, 2*time.Second),
		batch:    []wire.Event{raceEvent("d2", "door-1", 2, wire.Refusal, time.Second)},
		check: func(t *testing.T, st *Store, res store.IngestResult) {
			rec, err := st.Device(context.Background(), raceVenue, "door-1")
			if err != nil || rec.Received != 3 || rec.Reused != 0 || len(rec.Have) != 1 || rec.Have[0].To != 3 {
				t.Errorf("device %+v (%v), want seqs 1-3 received once each", rec, err)
			}
		},
	}, {
		// A new device of the venue appeared meanwhile (its lookups made
		// a record, or its first batch): its record is kept and counted on.
		name:     "new device",
		meantime: raceEvent("n1", "door-9", 1, wire.Refusal, 0),
		batch:    []wire.Event{raceEvent("n2", "door-9", 2, wire.Refusal, time.Second)},
		check: func(t *testing.T, st *Store, res store.IngestResult) {
			rec, err := st.Device(context.Background(), raceVenue, "door-9")
			if err != nil || rec.Received != 2 {
				t.Errorf("device %+v (%v), want seqs 1-2", rec, err)
			}
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mine, other := raceStores(t)
			if len(tc.before) > 0 {
				mustIngest(t, mine, tc.before...)
			}
			locked := mine.locked.Load()
			ran := false
			mine.beforeWrite = func() {
				if !ran {
					ran = true
					mustIngest(t, other, tc.meantime)
				}
			}
			res := mustIngest(t, mine, tc.batch...)
			if !ran {
				t.Fatal("the batch never reached ingestFast's write: this test checks nothing")
			}
			if took := mine.locked.Load() != locked; took != tc.locked {
				t.Errorf("the batch took the locked way: %v, want %v", took, tc.locked)
			}
			tc.check(t, mine, res)
			checkReceiveOrder(t, mine)
		})
	}
}

// checkReceiveOrder: the venue's events list in receive order with no
// number twice and each stored event once.
func checkReceiveOrder(t *testing.T, st *Store) {
	t.Helper()
	page, err := st.ListEvents(context.Background(), raceVenue, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := st.Counters(context.Background(), raceVenue)
	if uint64(len(page.Events)) != c.Events() {
		t.Errorf("listed %d events, the counters say %d", len(page.Events), c.Events())
	}
	seen := map[string]bool{}
	for _, e := range page.Events {
		if seen[e.ID] {
			t.Errorf("event %s listed twice", e.ID)
		}
		seen[e.ID] = true
	}
	var n int64
	if err := st.pool.QueryRow(context.Background(), "SELECT count(DISTINCT n) FROM events WHERE venue = $1", raceVenue).Scan(&n); err != nil || n != int64(len(page.Events)) {
		t.Errorf("%d distinct receive numbers for %d events (%v)", n, len(page.Events), err)
	}
}
