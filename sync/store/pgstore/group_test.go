package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/storetest"
	"github.com/ashyq/kiosk/sync/wire"
)

// groupBatch is one batch of a group in the tests below.
type groupBatch struct {
	venue  string
	events []wire.Event
	now    time.Time
}

// groupMaker makes random groups of batches of three venues that go
// through the branches a group meets: one device or person in several
// batches of a group, sequence numbers reused within the group and
// against the stored ones, ids sent again (in the group, or stored:
// the group is refused and each batch stored alone), entries and exits of
// few people so head counts reach zero.
type groupMaker struct {
	rng  *rand.Rand
	n    int
	next map[string]uint64 // per venue and device
	sent []wire.Event
	now  time.Time
}

func (g *groupMaker) event(venue string) wire.Event {
	r := g.rng
	if len(g.sent) > 0 && r.IntN(100) < 3 {
		for _, e := range slices.Backward(g.sent) {
			if e.Venue == venue {
				return e // sent again
			}
		}
	}
	g.n++
	dev := fmt.Sprintf("d%d", r.IntN(3))
	key := venue + "/" + dev
	seq := storetest.NextSeq(r, g.next[key])
	g.next[key] = max(g.next[key], seq)
	e := wire.Event{ID: fmt.Sprintf("g%05d", g.n), Device: dev, Seq: seq, Venue: venue, Door: "front",
		Kind: wire.Entry, IIN: []string{"900101300017", "850505400028", "770707300039", "010101500041"}[r.IntN(4)],
		Status: wire.Green, Source: wire.SourceOnline,
		ScannedAt: raceBase.Add(time.Duration(r.IntN(5))*time.Minute + time.Duration(r.IntN(3))*time.Nanosecond +
			time.Duration(r.IntN(2))*time.Hour)}
	storetest.RandomKind(r, &e)
	return e
}

func (g *groupMaker) group() []groupBatch {
	out := make([]groupBatch, 1+g.rng.IntN(8))
	for i := range out {
		venue := fmt.Sprintf("group-%d", g.rng.IntN(3))
		events := make([]wire.Event, 1+g.rng.IntN(6))
		for k := range events {
			events[k] = g.event(venue)
			g.sent = append(g.sent, events[k])
		}
		g.now = g.now.Add(time.Second)
		out[i] = groupBatch{venue: venue, events: events, now: g.now}
	}
	return out
}

// ingestTogether stores g through Ingest, the batches of each lane as one
// group: every batch waits in its lane (the lanes' slots held) before the
// first is written, in g's order.
func ingestTogether(t *testing.T, st *Store, g []groupBatch) []store.IngestResult {
	t.Helper()
	for _, c := range st.lanes {
		for range laneSlots {
			c.slots <- struct{}{}
		}
	}
	waitingNow := func() (n int) {
		for _, c := range st.lanes {
			c.mu.Lock()
			n += len(c.waiting)
			c.mu.Unlock()
		}
		return n
	}
	res := make([]store.IngestResult, len(g))
	errs := make([]error, len(g))
	done := make([]chan struct{}, len(g))
	queued := 0
	for i, b := range g {
		done[i] = make(chan struct{})
		go func() {
			defer close(done[i])
			res[i], errs[i] = st.Ingest(context.Background(), b.venue, b.events, b.now)
		}()
		for waiting := false; !waiting; { // until it waits, or was stored another way (an id twice in it)
			select {
			case <-done[i]:
				waiting = true
			case <-time.After(time.Millisecond):
				waiting = waitingNow() > queued
			}
		}
		queued = waitingNow()
	}
	for _, c := range st.lanes {
		for range laneSlots {
			<-c.slots
		}
	}
	for i := range g {
		<-done[i]
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
	}
	return res
}

// tables is every row a store's ingest writes, as text.
func tables(t *testing.T, st *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, q := range map[string]string{
		"venues":      "SELECT name, entries, exits, refusals, overrides, unchecked, inside, log_seq FROM venues t ORDER BY name",
		"events":      "SELECT venue, n, id, digest, device, seq, kind, received, body, scanned FROM events t ORDER BY venue, n",
		"devices":     "SELECT venue, device, received, reused, last_seen, have FROM devices t ORDER BY venue, device",
		"presence":    "SELECT venue, iin, inside, at, at_ns, entry_id FROM presence t ORDER BY venue, iin",
		"venue_hours": "SELECT * FROM venue_hours t ORDER BY venue, hour",
	} {
		var text string
		if err := st.pool.QueryRow(context.Background(),
			"SELECT coalesce(string_agg(r::text, E'\\n'), '') FROM ("+q+") AS r").Scan(&text); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = text
	}
	return out
}

// Batches written together as one group must store every row and get
// every answer (ids accepted, duplicates, conflicts, reused numbers) that
// the same batches get stored one by one, in the group's order, by
// ingestLocked, which plans in Go from rows read under the venue's lock.
func TestGroupStoresAsOneByOne(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		grouped, alone := open(t, pg.URL(t)), open(t, pg.URL(t))
		for i := range 3 {
			v := store.Venue{Name: fmt.Sprintf("group-%d", i), Created: raceBase}
			if err := grouped.PutVenue(context.Background(), v); err != nil {
				t.Fatal(err)
			}
			if err := alone.PutVenue(context.Background(), v); err != nil {
				t.Fatal(err)
			}
		}
		g := &groupMaker{rng: rand.New(rand.NewPCG(seed, 7)), next: map[string]uint64{}, now: raceBase.Add(time.Hour)}
		var together, sent int64
		for range 30 {
			batches := g.group()
			sent += int64(len(batches))
			before := grouped.grouped.Load()
			got := ingestTogether(t, grouped, batches)
			if grouped.grouped.Load() > before {
				together++
			}
			// the order the group applies its batches in: by venue, else as they came
			order := slices.Clone(batches)
			slices.SortStableFunc(order, func(a, b groupBatch) int { return strings.Compare(a.venue, b.venue) })
			for _, b := range order {
				want, err := alone.ingestLocked(context.Background(), b.venue, b.events, b.now)
				if err != nil {
					t.Fatal(err)
				}
				k := slices.IndexFunc(batches, func(x groupBatch) bool { return &x.events[0] == &b.events[0] })
				if r := got[k]; !slices.Equal(r.Accepted, want.Accepted) || !slices.Equal(r.Duplicates, want.Duplicates) ||
					!slices.Equal(r.Conflicts, want.Conflicts) || r.Reused != want.Reused {
					t.Fatalf("seed %d, batch %d of %d: got %+v, want %+v", seed, k, len(batches), r, want)
				}
			}
			gt, at := tables(t, grouped), tables(t, alone)
			for name := range gt {
				if gt[name] != at[name] {
					t.Fatalf("seed %d: %s differ: %s", seed, name, firstDifference(gt[name], at[name]))
				}
			}
		}
		if together < 10 {
			t.Errorf("seed %d: only %d groups of several batches were written together", seed, together)
		}
		if s := grouped.IngestStats(); s.Batches != sent || s.Groups < together || s.Grouped < 2*s.Groups {
			t.Errorf("seed %d: stats %+v after %d batches, %d groups of several seen", seed, s, sent, together)
		}
		grouped.Close()
		alone.Close()
	}
}

// firstDifference is the first line where the grouped store's rows (got)
// differ from the ones stored one by one (want).
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("row %d:\ngrouped    %s\none by one %s", i+1, a, b)
		}
	}
	return ""
}

// A caller who gives up while its batch waits gets its context's error at
// once, and the batch is written with the next group of its lane: a kiosk
// that sends it again finds it stored.
func TestGroupCallerGivesUp(t *testing.T) {
	mine, _ := raceStores(t)
	lane := mine.lane(raceVenue)
	lane.slots <- struct{}{} // a group being written
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 1)
	go func() {
		_, err := mine.Ingest(ctx, raceVenue, []wire.Event{raceEvent("gave-up", "door-1", 1, wire.Entry, 0)}, raceBase)
		errs <- err
	}()
	for waiting := 0; waiting == 0; time.Sleep(time.Millisecond) {
		lane.mu.Lock()
		waiting = len(lane.waiting)
		lane.mu.Unlock()
	}
	cancel()
	select {
	case err := <-errs:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("gave up: %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Ingest did not return when its caller gave up")
	}
	<-lane.slots
	res := mustIngest(t, mine, raceEvent("next", "door-1", 2, wire.Exit, time.Minute))
	if !slices.Equal(res.Accepted, []string{"next"}) {
		t.Fatalf("next batch: %+v", res)
	}
	again := mustIngest(t, mine, raceEvent("gave-up", "door-1", 1, wire.Entry, 0))
	if !slices.Equal(again.Duplicates, []string{"gave-up"}) {
		t.Errorf("the batch given up, sent again: %+v, want a duplicate (it was written with the next group)", again)
	}
	if in, err := mine.Inside(context.Background(), raceVenue, racePerson); err != nil || in {
		t.Errorf("inside %v (%v): the entry and the exit were both applied, in order", in, err)
	}
}

// A panic while a group is written fails every batch of the group (none
// counts as stored) and leaves the lane open for the next.
func TestGroupPanicFailsItsBatches(t *testing.T) {
	mine, _ := raceStores(t)
	lane := mine.lane(raceVenue)
	lane.slots <- struct{}{}
	mine.beforeWrite = func() { panic("injected") }
	errs := make(chan error, 2)
	for i, id := range []string{"p1", "p2"} {
		go func() {
			defer func() {
				if p := recover(); p != nil {
					errs <- fmt.Errorf("panic: %v", p)
				}
			}()
			_, err := mine.Ingest(context.Background(), raceVenue, []wire.Event{raceEvent(id, "door-1", i+1, wire.Entry, 0)}, raceBase)
			errs <- err
		}()
		for waiting := 0; waiting <= i; time.Sleep(time.Millisecond) {
			lane.mu.Lock()
			waiting = len(lane.waiting)
			lane.mu.Unlock()
		}
	}
	<-lane.slots
	for range 2 {
		select {
		case err := <-errs:
			if err == nil || !strings.Contains(err.Error(), "injected") {
				t.Errorf("a batch of the group that panicked: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("a caller of the group that panicked never returned")
		}
	}
	mine.beforeWrite = nil
	res := mustIngest(t, mine, raceEvent("p1", "door-1", 1, wire.Entry, 0))
	if !slices.Equal(res.Accepted, []string{"p1"}) {
		t.Errorf("after the panic: %+v, want p1 accepted (nothing of the group stored)", res)
	}
}

// Small groups of two lanes take turns, so each gathers more batches; a
// lane with groupParallelEvents waiting writes beside them.
func TestSmallGroupsTakeTurns(t *testing.T) {
	mine, _ := raceStores(t)
	big := otherLaneVenue(t, mine)
	mine.small <- struct{}{} // another lane's small group being written
	small := ingestSmall(mine)
	lane := mine.lane(raceVenue)
	waitUntil(t, small, "another", func() bool { // the small batch waits in its lane
		lane.mu.Lock()
		defer lane.mu.Unlock()
		return len(lane.waiting) > 0
	})
	ingestBigBeside(t, mine, big, small, "another")
	<-mine.small
	awaitWritten(t, small)
}

// The replicas' small groups do not wait for each other: while another
// replica's small group waits in the database (for its venue's row, which
// a third transaction holds), a small group of another venue is written
// and waits on no lock.
func TestReplicasSmallGroupsDoNotWaitForEachOther(t *testing.T) {
	mine, other := raceStores(t)
	ctx := context.Background()
	venue := otherLaneVenue(t, mine)
	tx, err := other.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT 1 FROM venues WHERE name = $1 FOR UPDATE`, venue); err != nil {
		t.Fatal(err)
	}
	theirs := make(chan error, 1)
	go func() { // the other replica's small group, held up by its venue's row
		e := raceEvent("theirs", "door-2", 1, wire.Entry, 0)
		e.Venue = venue
		_, err := other.Ingest(ctx, venue, []wire.Event{e}, raceBase)
		theirs <- err
	}()
	waitingOnLocks := func() []int32 { // the server processes waiting on a lock
		rows, err := mine.pool.Query(ctx, `SELECT pid FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`)
		if err != nil {
			t.Fatal(err)
		}
		pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
		if err != nil {
			t.Fatal(err)
		}
		return pids
	}
	var before []int32 // the other replica's group, at least
	for len(before) == 0 {
		select {
		case err := <-theirs:
			t.Fatalf("the other replica's batch was written while its venue's row was held (%v)", err)
		case <-time.After(time.Millisecond):
			before = waitingOnLocks()
		}
	}
	small := ingestSmall(mine)
	for written := false; !written; {
		select {
		case err := <-small:
			if err != nil {
				t.Fatal(err)
			}
			written = true
		case <-time.After(time.Millisecond):
			for _, pid := range waitingOnLocks() {
				if !slices.Contains(before, pid) {
					t.Fatalf("server process %d waits on a lock beside the other replica's group: this replica's small group waits for it; want it written", pid)
				}
			}
		}
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-theirs; err != nil {
		t.Fatalf("the other replica's batch, once its venue's row was free: %v", err)
	}
}

// otherLaneVenue adds a venue whose batches take another lane than
// raceVenue's.
func otherLaneVenue(t *testing.T, st *Store) string {
	t.Helper()
	for i := 0; ; i++ {
		if v := fmt.Sprintf("big-venue-%d", i); st.lane(v) != st.lane(raceVenue) {
			if err := st.PutVenue(context.Background(), store.Venue{Name: v, Created: raceBase}); err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
}

// ingestSmall sends a one-event batch of raceVenue; its outcome comes on
// the channel.
func ingestSmall(st *Store) chan error {
	small := make(chan error, 1)
	go func() {
		_, err := st.Ingest(context.Background(), raceVenue, []wire.Event{raceEvent("small", "door-1", 1, wire.Entry, 0)}, raceBase)
		small <- err
	}()
	return small
}

// waitUntil waits until waiting holds, failing if the small batch is
// written first (while whose group was being written).
func waitUntil(t *testing.T, small chan error, whose string, waiting func() bool) {
	t.Helper()
	for !waiting() {
		select {
		case err := <-small:
			t.Fatalf("a small group was written while %s was (%v); want it to wait its turn", whose, err)
		case <-time.After(time.Millisecond):
		}
	}
}

// ingestBigBeside writes groupParallelEvents events of venue (another
// lane's) while the small batch waits, and checks that it still waits.
func ingestBigBeside(t *testing.T, st *Store, venue string, small chan error, whose string) {
	t.Helper()
	events := make([]wire.Event, groupParallelEvents)
	for i := range events {
		events[i] = raceEvent(fmt.Sprintf("big-%d", i), "door-2", i+1, wire.Exit, time.Duration(i)*time.Second)
		events[i].Venue, events[i].Source, events[i].Status = venue, wire.SourceSkipped, ""
	}
	res, err := st.Ingest(context.Background(), venue, events, raceBase)
	if err != nil || len(res.Accepted) != len(events) {
		t.Fatalf("a lane with %d events waiting: %d accepted, %v; want all, beside the small group", len(events), len(res.Accepted), err)
	}
	select {
	case err := <-small:
		t.Fatalf("a small group was written while %s was (%v); want it to wait its turn", whose, err)
	default:
	}
}

// awaitWritten waits for the small batch, once its turn has come.
func awaitWritten(t *testing.T, small chan error) {
	t.Helper()
	select {
	case err := <-small:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the small group was not written when its turn came")
	}
}
