package storetest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// rulesModel is one venue as the store package's rules keep it, in memory:
// an event's class by its digest (store.EventDigest), the counters
// (Counters.Add, HourCount.Add), presence and the head count
// (store.ApplyPresence, never below zero) and the device records
// (DeviceRecord.NoteEvent), applied event by event in batch order. A store
// that keeps them another way (PostgreSQL's ingest_batch, as set
// operations in SQL) must agree with it on any batches.
type rulesModel struct {
	stored   map[string][sha256.Size]byte
	records  map[string]*store.DeviceRecord
	presence map[string]*store.Presence
	counts   store.Counters
	hours    map[time.Time]*store.HourCount
	log      []string // accepted ids in receive order
}

func newRulesModel() *rulesModel {
	return &rulesModel{stored: map[string][sha256.Size]byte{}, records: map[string]*store.DeviceRecord{},
		presence: map[string]*store.Presence{}, hours: map[time.Time]*store.HourCount{}}
}

func (m *rulesModel) ingest(venue string, events []wire.Event, now time.Time) store.IngestResult {
	var res store.IngestResult
	for _, e := range events {
		digest := store.EventDigest(e)
		if d, ok := m.stored[e.ID]; ok {
			if d == digest {
				res.Duplicates = append(res.Duplicates, e.ID)
			} else {
				res.Conflicts = append(res.Conflicts, e.ID)
			}
			continue
		}
		m.stored[e.ID] = digest
		m.counts.Add(e)
		h := store.EventHour(e)
		if m.hours[h] == nil {
			m.hours[h] = &store.HourCount{Hour: h}
		}
		m.hours[h].Add(e)
		if e.Kind.Admits() || e.Kind == wire.Exit {
			next, delta := store.ApplyPresence(m.presence[e.IIN], e)
			if next != nil {
				m.presence[e.IIN] = next
			}
			switch {
			case delta > 0:
				m.counts.Inside++
			case delta < 0 && m.counts.Inside > 0:
				m.counts.Inside--
			}
		}
		rec := m.records[e.Device]
		if rec == nil {
			rec = &store.DeviceRecord{Venue: venue, Device: e.Device}
			m.records[e.Device] = rec
		}
		if !rec.NoteEvent(e.Seq, now) {
			res.Reused++
		}
		res.Accepted = append(res.Accepted, e.ID)
		m.log = append(m.log, e.ID)
	}
	return res
}

// batchMaker makes random batches that go through every branch of the
// rules: few people, devices and scan times, so that one person's events
// meet in a batch and across batches in every order, scan times equal or a
// nanosecond apart, exits without entries, the head count at zero; ids
// sent again (duplicates) or with other content (conflicts), within a
// batch and across; sequence numbers in order, reused, skipped and filled.
type batchMaker struct {
	rng   *rand.Rand
	venue string
	sent  []wire.Event
	next  map[string]uint64 // per device
	n     int
}

func (g *batchMaker) event() wire.Event {
	r := g.rng
	if len(g.sent) > 0 && r.IntN(100) < 20 {
		e := g.sent[r.IntN(len(g.sent))]
		if r.IntN(4) == 0 { // the same id with other content
			e.ScannedAt = e.ScannedAt.Add(time.Duration(1+r.IntN(3)) * time.Nanosecond)
		}
		return e
	}
	g.n++
	dev := fmt.Sprintf("d%d", r.IntN(3))
	seq := NextSeq(r, g.next[dev])
	g.next[dev] = max(g.next[dev], seq)
	e := wire.Event{ID: fmt.Sprintf("e%04d", g.n), Device: dev, Seq: seq, Venue: g.venue, Door: "front",
		Kind: wire.Entry, IIN: person(r.IntN(4)), Status: wire.Green, Source: wire.SourceOnline,
		ScannedAt: base.Add(time.Duration(r.IntN(4))*time.Minute + time.Duration(r.IntN(3))*time.Microsecond +
			time.Duration(r.IntN(3))*time.Nanosecond + time.Duration(r.IntN(3))*time.Hour)}
	RandomKind(r, &e)
	return e
}

// NextSeq is the sequence number a random door sends after the highest it
// sent (last): mostly the next, sometimes one it sent or skipped before (a
// reuse, or a gap filled), sometimes one past a gap.
func NextSeq(r *rand.Rand, last uint64) uint64 {
	seq := last + 1
	switch x := r.IntN(20); {
	case x < 2 && seq > 1:
		seq = 1 + r.Uint64N(seq-1) // reused, or a gap filled
	case x < 4:
		seq += 1 + r.Uint64N(3) // a gap
	}
	return seq
}

// RandomKind turns an entry e of a green person checked online into a
// random kind of event: an exit, a refusal, a staff override or still an
// entry, and now and then one of a person nobody could check (unchecked,
// or no source).
func RandomKind(r *rand.Rand, e *wire.Event) {
	switch x := r.IntN(10); {
	case x < 4:
		e.Kind = wire.Exit
	case x < 5:
		e.Kind, e.Status = wire.Refusal, wire.Red
	case x < 6:
		e.Kind, e.Status, e.Reason, e.Staff = wire.Override, wire.Red, wire.OverrideManager, "staff-1"
	}
	switch r.IntN(8) {
	case 0:
		e.Status, e.Source = "", wire.SourceUnchecked
	case 1:
		e.Status, e.Source = "", wire.SourceNone
	}
}

func (g *batchMaker) batch() []wire.Event {
	out := make([]wire.Event, 1+g.rng.IntN(8))
	for i := range out {
		out[i] = g.event()
		g.sent = append(g.sent, out[i])
	}
	return out
}

// testIngestFollowsRules sends random batches to the store and to the
// rules in memory, and compares after each batch what Ingest said and the
// counters, and at the end every record the rules keep.
func testIngestFollowsRules(t *testing.T, st store.Store, _ func() store.Store) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 3; seed++ {
		venue := fmt.Sprintf("rules-%d", seed)
		g := &batchMaker{rng: rand.New(rand.NewPCG(seed, 18)), venue: venue, next: map[string]uint64{}}
		m := newRulesModel()
		for b := range 120 {
			events := g.batch()
			now := base.Add(time.Duration(b) * time.Second)
			want := m.ingest(venue, events, now)
			got, err := st.Ingest(ctx, venue, events, now)
			if err != nil {
				t.Fatalf("seed %d batch %d: %v", seed, b, err)
			}
			if !slices.Equal(got.Accepted, want.Accepted) || !slices.Equal(got.Duplicates, want.Duplicates) ||
				!slices.Equal(got.Conflicts, want.Conflicts) || got.Reused != want.Reused {
				t.Fatalf("seed %d batch %d %s:\ngot  %+v\nwant %+v", seed, b, describe(events), got, want)
			}
			if c := counters(t, st, venue); c != m.counts {
				t.Fatalf("seed %d batch %d %s: counters %+v, want %+v", seed, b, describe(events), c, m.counts)
			}
		}
		compareRecords(t, st, venue, m)
	}
}

// testConcurrentIngestFollowsRules: writers on every replica the store has
// send random batches of one venue at once (their own devices, the same
// few people, so one person's entries and exits race between doors). The
// venue's records must then be those of its listed events applied by the
// rules one by one in receive order: the order the listing shows is the
// order the store applied them in.
func testConcurrentIngestFollowsRules(t *testing.T, st store.Store, again func() store.Store) {
	const writers, batches = 4, 40
	stores := []store.Store{st}
	if again != nil {
		if other := again(); other != nil {
			t.Cleanup(func() { other.Close() })
			stores = append(stores, other)
		}
	}
	ctx := context.Background()
	venue := "rules-concurrent"
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := &batchMaker{rng: rand.New(rand.NewPCG(uint64(w), 19)), venue: venue, next: map[string]uint64{}}
			for range batches {
				events := g.batch()
				for i := range events {
					if events[i].ID[0] == 'e' { // ids and devices of their own; copies keep their first version's
						events[i].ID = fmt.Sprintf("w%d-%s", w, events[i].ID)
					}
					if events[i].Device[0] == 'd' {
						events[i].Device = fmt.Sprintf("w%d-%s", w, events[i].Device)
					}
				}
				if _, err := stores[w%len(stores)].Ingest(ctx, venue, events, base); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	m := newRulesModel()
	for cursor := ""; ; {
		page, err := st.ListEvents(ctx, venue, cursor, 100)
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		for _, e := range page.Events {
			if res := m.ingest(venue, []wire.Event{e}, base); len(res.Accepted) != 1 {
				t.Fatalf("event %s listed twice or in two versions", e.ID)
			}
		}
		if cursor = page.Resume; !page.More {
			break
		}
	}
	if len(m.log) < writers*batches {
		t.Fatalf("only %d events listed", len(m.log))
	}
	if c := counters(t, st, venue); c != m.counts {
		t.Errorf("counters %+v, want %+v", c, m.counts)
	}
	compareRecords(t, st, venue, m)
}

// describe is a batch in a line, for a failure's message.
func describe(events []wire.Event) string {
	var b strings.Builder
	for _, e := range events {
		fmt.Fprintf(&b, "[%s %s#%d %s %s %s] ", e.ID, e.Device, e.Seq, e.Kind, e.IIN[8:], e.ScannedAt.Format("15:04:05.000000000"))
	}
	return b.String()
}

// compareRecords compares every record of the venue with the rules'.
func compareRecords(t *testing.T, st store.Store, venue string, m *rulesModel) {
	t.Helper()
	ctx := context.Background()
	for dev, want := range m.records {
		got, err := st.Device(ctx, venue, dev)
		if err != nil || got.Received != want.Received || got.Reused != want.Reused ||
			!slices.Equal(got.Have, want.Have) || !got.LastSeen.Equal(want.LastSeen) {
			t.Errorf("%s: device %s %+v (%v), want %+v", venue, dev, got, err, *want)
		}
	}
	var wantVisits []store.Visit
	for iin, p := range m.presence {
		in, err := st.Inside(ctx, venue, iin)
		if err != nil || in != p.Inside {
			t.Errorf("%s: %s inside %v (%v), want %v", venue, iin, in, err, p.Inside)
		}
		if p.Inside {
			wantVisits = append(wantVisits, store.Visit{IIN: iin, Entered: p.At, EntryID: p.EntryID})
		}
	}
	visits, err := st.OpenVisits(ctx, venue)
	byIIN := func(a, b store.Visit) int { return strings.Compare(a.IIN, b.IIN) }
	slices.SortFunc(visits, byIIN)
	slices.SortFunc(wantVisits, byIIN)
	if err != nil || !slices.EqualFunc(visits, wantVisits, func(a, b store.Visit) bool {
		return a.IIN == b.IIN && a.Entered.Equal(b.Entered) && a.EntryID == b.EntryID
	}) {
		t.Errorf("%s: open visits %+v (%v), want %+v", venue, visits, err, wantVisits)
	}
	hours, err := st.HourCounts(ctx, venue, base.Add(-time.Hour), base.Add(24*time.Hour))
	var wantHours []store.HourCount
	for _, h := range m.hours {
		wantHours = append(wantHours, *h)
	}
	byHour := func(a, b store.HourCount) int { return a.Hour.Compare(b.Hour) }
	slices.SortFunc(hours, byHour)
	slices.SortFunc(wantHours, byHour)
	if err != nil || !slices.EqualFunc(hours, wantHours, func(a, b store.HourCount) bool {
		a.Hour, b.Hour = a.Hour.UTC(), b.Hour.UTC()
		return a == b
	}) {
		t.Errorf("%s: hours %+v (%v), want %+v", venue, hours, err, wantHours)
	}
	var listed []string
	for cursor := ""; ; {
		page, err := st.ListEvents(ctx, venue, cursor, 100)
		if err != nil {
			t.Fatalf("%s: list: %v", venue, err)
		}
		listed, cursor = append(listed, ids(page.Events)...), page.Resume
		if !page.More {
			break
		}
	}
	if !slices.Equal(listed, m.log) {
		t.Errorf("%s: listed %v, want %v in receive order", venue, listed, m.log)
	}
}
