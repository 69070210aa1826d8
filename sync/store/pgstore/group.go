package pgstore

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Group commit. A door's batch is small (six events is usual), and what
// one batch costs the database is mostly the statements and the
// transaction around it: a round trip, waking a server process, planning
// and starting each statement's executor, the commit and its WAL flush.
// So batches that arrive while another group is being written wait for
// it, and are then written together by one of their callers: the same
// three statements for the whole group (ingestFast), one round trip, one
// transaction. Each batch is stored exactly as if it had committed alone,
// one after another in the group's order (its venues' names, then as the
// batches came); a batch that finds nothing waiting goes at once, alone.
//
// A venue's batches always take the same lane (by a hash of its name), so
// the groups of two lanes never wait on each other's venues and the
// database can work on both at once. It does when a lane has many events
// waiting (groupParallelEvents); a replica's small groups take turns (the
// store's small token), so each gathers more batches: on a busy machine a
// group's fixed cost, not the database's idle time, is what limits. The
// replicas' small groups do not wait for each other: a lock held across
// one replica's round trip and commit would bound every replica's ingest
// by it (bench-upstream on a machine with cheap commits: two replicas
// wrote 0.90 of what they do without it with 50-event batches, 0.94 with
// 6). A group locks its venues' rows in the order of their names, so
// groups of one replica and another never wait on each other in a
// circle. If ingestFast refuses a group (an id already stored, a new
// venue, a head count that would reach zero) or it fails, nothing of it
// is written, and the caller who wrote it stores its batches one by one,
// in the same order, as Ingest stores a batch alone.

const (
	// groupLanes is how many groups one store writes at a time. A venue's
	// batches always take the same lane, so the groups of two lanes never
	// wait on each other's venues, and the database works on both at once.
	groupLanes = 2
	// laneSlots is how many groups of one lane are written at a time:
	// one, so the lane's next group gathers the batches that arrive while
	// this one is written.
	laneSlots = 1
	// groupParallelEvents is how many events must wait in a lane for its
	// group to be written beside another lane's small group. A group's
	// fixed cost (about 0.4 ms of the database's CPU: the round trip, the
	// statements' start, the commit) is then under a twentieth of what it
	// costs; below that, two small groups at once cost the machine more
	// than one twice their size (bench-upstream, 6-event batches, one
	// replica: 7.7 batches a group and 0.37-0.43 ms of the database's CPU
	// a batch with the two lanes' small groups at once, 12.8 and 0.27-0.28
	// in turns).
	groupParallelEvents = 256
	// groupMaxBatches and groupMaxEvents bound a group: its transaction
	// holds its venues' rows until the commit.
	groupMaxBatches = 64
	groupMaxEvents  = 4096
	// groupTimeout bounds a group's write; it runs for all of its batches,
	// so not under one caller's context.
	groupTimeout = time.Minute
)

// committer gathers the batches waiting to be written and lets one of
// their callers write them as a group when a slot is free.
type committer struct {
	mu      sync.Mutex
	waiting []*groupEntry
	slots   chan struct{} // a token per group being written
}

// groupEntry is a batch waiting in the committer, and then its outcome.
type groupEntry struct {
	venue  string
	events []wire.Event
	now    time.Time
	fast   *fastBatch // nil: the batch needs ingestLocked
	done   chan struct{}
	res    store.IngestResult // set, with err, before done is closed
	err    error
}

// newLanes makes a store's lanes, each with nothing waiting.
func newLanes() []*committer {
	lanes := make([]*committer, groupLanes)
	for i := range lanes {
		lanes[i] = &committer{slots: make(chan struct{}, laneSlots)}
	}
	return lanes
}

// lane is the committer of venue's batches.
func (st *Store) lane(venue string) *committer {
	h := fnv.New32a()
	h.Write([]byte(venue))
	return st.lanes[h.Sum32()%uint32(len(st.lanes))]
}

// ingestGrouped stores a batch with the batches waiting beside it. A
// caller who gives up (ctx done) leaves its batch to be written with the
// next group (a kiosk that sends it again gets it back as a duplicate).
func (st *Store) ingestGrouped(ctx context.Context, e *groupEntry) (store.IngestResult, error) {
	e.done = make(chan struct{})
	c := st.lane(e.venue)
	c.mu.Lock()
	c.waiting = append(c.waiting, e)
	c.mu.Unlock()
	for {
		select {
		case <-e.done: // first: a batch written needs no more leading
			return e.res, e.err
		default:
		}
		select {
		case <-e.done:
			return e.res, e.err
		case <-ctx.Done():
			return store.IngestResult{}, ctx.Err()
		case c.slots <- struct{}{}:
			st.lead(context.WithoutCancel(ctx), c)
		}
	}
}

// lead writes the lane's next group with the lane's slot taken, which it
// gives back even if the write panics (an HTTP server recovers its
// handler's panic; the lane must not stay shut).
func (st *Store) lead(ctx context.Context, c *committer) {
	defer func() { <-c.slots }()
	n := c.waitingEvents()
	if n == 0 {
		return // an earlier group took them all
	}
	small := n < groupParallelEvents
	if small { // one at a time in this store
		st.small <- struct{}{}
		defer st.giveTurn(time.Now())
	}
	if g := c.take(); len(g) > 0 {
		st.writeGroup(ctx, g)
	}
}

// giveTurn gives back the store's small token, taken at since, and counts
// how long it was held.
func (st *Store) giveTurn(since time.Time) {
	st.turn.Add(int64(time.Since(since)))
	<-st.small
}

// waitingEvents is how many events wait in the lane.
func (c *committer) waitingEvents() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, e := range c.waiting {
		n += len(e.events)
	}
	return n
}

// take removes the next group from the waiting batches.
func (c *committer) take() []*groupEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, events := 0, 0
	for n < len(c.waiting) && n < groupMaxBatches && (n == 0 || events+len(c.waiting[n].events) <= groupMaxEvents) {
		events += len(c.waiting[n].events)
		n++
	}
	g := slices.Clone(c.waiting[:n])
	c.waiting = slices.Delete(c.waiting, 0, n)
	return g
}

// writeGroup stores g, in the order of its venues' names (else as the
// batches came), and tells each batch's caller: in one transaction if
// ingestFast takes them all, else one by one.
func (st *Store) writeGroup(ctx context.Context, g []*groupEntry) {
	defer func() {
		p := recover()
		for _, e := range g {
			if p != nil { // no batch of the group counts as stored
				e.res, e.err = store.IngestResult{}, fmt.Errorf("ingest group: %v", p)
			}
			close(e.done)
		}
		if p != nil {
			panic(p) // the leader's own request fails as a panic does
		}
	}()
	slices.SortStableFunc(g, func(a, b *groupEntry) int { return cmp.Compare(a.venue, b.venue) })
	ctx, cancel := context.WithTimeout(ctx, groupTimeout)
	defer cancel()
	batches := make([]*fastBatch, 0, len(g))
	for _, e := range g {
		if e.fast != nil {
			batches = append(batches, e.fast)
		}
	}
	if len(batches) == len(g) {
		ok, err := st.ingestFast(ctx, batches)
		if ok && len(g) > 1 {
			st.groups.Add(1)
			st.grouped.Add(int64(len(g)))
		}
		for _, e := range g {
			e.res = e.fast.res
		}
		if ok || (len(g) == 1 && err != nil) {
			g[0].err = err
			return
		}
	}
	for _, e := range g {
		e.res, e.err = st.ingestAlone(ctx, e, len(g) > 1)
	}
}

// ingestAlone stores one batch by itself: by ingestFast if it can and
// tryFast is set (the batch was not refused alone already), else by
// ingestLocked.
func (st *Store) ingestAlone(ctx context.Context, e *groupEntry, tryFast bool) (store.IngestResult, error) {
	if e.fast != nil && tryFast {
		ok, err := st.ingestFast(ctx, []*fastBatch{e.fast})
		if ok || err != nil {
			return e.fast.res, err
		}
	}
	st.locked.Add(1)
	return st.ingestLocked(ctx, e.venue, e.events, e.now)
}

// IngestStats reports what this store did with the batches it was given.
func (st *Store) IngestStats() store.IngestStats {
	return store.IngestStats{Batches: st.batches.Load(), Groups: st.groups.Load(), Grouped: st.grouped.Load(),
		Locked: st.locked.Load(), Turn: time.Duration(st.turn.Load())}
}
