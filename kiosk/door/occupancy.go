package door

import (
	"fmt"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// CountSource says where the head count on the screen comes from.
type CountSource string

// Count sources.
const (
	// CountUpstream is the venue-wide figure from the upstream (every door,
	// every kiosk), plus this kiosk's events not yet synced (none, usually).
	CountUpstream CountSource = "upstream"
	// CountEstimate is the last upstream figure plus this kiosk's events
	// since: offline, other doors' visitors are not in it.
	CountEstimate CountSource = "estimate"
	// CountLocal is this kiosk's own count, never having heard the
	// upstream.
	CountLocal CountSource = "local"
)

// Count is the head count the door works with.
type Count struct {
	Inside   int64
	Capacity int // 0: no limit
	Source   CountSource
	// AsOf is when the upstream figure was taken; zero for CountLocal.
	AsOf time.Time
	// Unsynced is how many of this kiosk's entries and exits the upstream
	// figure does not hold yet.
	Unsynced int
}

// Full reports whether the venue is at or over its capacity.
func (c Count) Full() bool { return c.Capacity > 0 && c.Inside >= int64(c.Capacity) }

// occupancy is the engine's head count and who it knows to be inside: the
// upstream's figure (venue-wide) when it has one, adjusted by this kiosk's
// own events since, which is also the whole count when it never had one.
// An exit takes one away but never below zero: an exit kiosk does not look
// anybody up, so it cannot know whether the person was counted in; the
// upstream, which counts people rather than events, knows, and an exit
// without entry does not lower its figure either.
type occupancy struct {
	// mu guards everything declared below.
	mu       sync.Mutex
	upstream *wire.Occupancy
	online   bool
	inCount  int64 // the head count: upstream figure plus own events, never below 0
	unsynced int
	capacity int // the local setting; the upstream's wins when it has one
	// inside is who this kiosk saw enter and not leave, by IIN, this run.
	// The upstream's answer to a status lookup (StatusResponse.Inside)
	// covers other doors and earlier runs.
	inside map[string]bool
}

func newOccupancy(capacity int) *occupancy {
	return &occupancy{capacity: capacity, inside: map[string]bool{}}
}

// count is the current head count.
func (o *occupancy) count() Count {
	o.mu.Lock()
	defer o.mu.Unlock()
	c := Count{Inside: o.inCount, Capacity: o.capacity, Unsynced: o.unsynced, Source: CountLocal}
	if o.upstream != nil {
		c.AsOf = o.upstream.AsOf
		if o.upstream.Capacity > 0 {
			c.Capacity = o.upstream.Capacity
		}
		c.Source = CountEstimate
		if o.online {
			c.Source = CountUpstream
		}
	}
	return c
}

// setUpstream takes a fresh upstream figure. unsynced and delta are this
// kiosk's entries and exits that the figure does not yet hold (the
// outbox's waiting events).
func (o *occupancy) setUpstream(occ wire.Occupancy, online bool, unsynced int, delta int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.upstream, o.online, o.unsynced = &occ, online, unsynced
	o.inCount = max(occ.Inside+delta, 0)
}

func (o *occupancy) setOnline(online bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.online = online
}

func (o *occupancy) setCapacity(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.capacity = n
}

// isInside says whether person is inside: by the upstream's word (another
// door, an earlier run) or by what this kiosk saw, whose entries may not
// have reached the upstream yet.
func (o *occupancy) isInside(person string, upstream *bool) bool {
	if upstream != nil && *upstream {
		return true
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.inside[person]
}

// admit applies the occupancy rules to an entry about to be recorded: by
// someone inside, it is marked already-inside (and not counted again); when
// the venue is full, it becomes a refusal for being full.
func (o *occupancy) admit(ev *wire.Event, insideUpstream *bool) {
	if ev.Kind != wire.Entry {
		return
	}
	if o.isInside(ev.IIN, insideUpstream) {
		ev.Reason = wire.ReasonAlreadyInside
		return
	}
	if o.count().Full() {
		ev.Kind, ev.Reason = wire.Refusal, wire.ReasonFull
	}
}

// recorded counts a durable event: a new entry or a staff override adds
// one, an exit takes one away down to zero; a repeated entry and a refusal
// change nothing.
func (o *occupancy) recorded(ev wire.Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case ev.Kind.Admits() && ev.Reason != wire.ReasonAlreadyInside:
		o.inside[ev.IIN] = true
		o.inCount++
		o.unsynced++
	case ev.Kind == wire.Exit:
		delete(o.inside, ev.IIN)
		o.inCount = max(o.inCount-1, 0)
		o.unsynced++
	}
}

// Count is the head count the door works with: see CountSource.
func (e *Engine) Count() Count { return e.occ.count() }

// SetUpstreamCount gives the engine a fresh venue figure from the upstream
// and what of this kiosk's own events the figure does not hold yet: the
// outbox's waiting entries and exits (unsynced of them, changing the
// count by delta).
func (e *Engine) SetUpstreamCount(occ wire.Occupancy, online bool, unsynced int, delta int64) {
	e.occ.setUpstream(occ, online, unsynced, delta)
}

// SetOnline says whether the upstream answers: the count becomes an
// estimate while it does not.
func (e *Engine) SetOnline(online bool) { e.occ.setOnline(online) }

// SetCapacity sets the local capacity limit (0: none). The upstream's
// venue capacity wins when it has one, so every door enforces the same.
func (e *Engine) SetCapacity(n int) { e.occ.setCapacity(n) }

// PendingDelta is what waiting events change the head count by: entries
// and overrides add one, exits take one away, already-inside entries and refusals
// nothing. unsynced counts the entries and exits.
func PendingDelta(events []wire.Event) (unsynced int, delta int64) {
	for _, ev := range events {
		switch {
		case ev.Kind.Admits():
			unsynced++
			if ev.Reason != wire.ReasonAlreadyInside {
				delta++
			}
		case ev.Kind == wire.Exit:
			unsynced++
			delta--
		}
	}
	return unsynced, delta
}

// pendingLister is the outbox's view of the events still waiting for the
// upstream.
type pendingLister interface {
	Pending(limit int) ([]wire.Event, error)
}

// RefreshCount takes the upstream's latest venue figure (nil when it has
// none) and whether it answers, and adds this kiosk's events the figure
// does not hold yet: the outbox's waiting ones. An event acknowledged
// between the upstream's count and the outbox read is missed until the
// next figure, a few seconds later.
func (e *Engine) RefreshCount(occ *wire.Occupancy, online bool) error {
	if occ == nil {
		e.occ.setOnline(online)
		return nil
	}
	e.followVenueRule(occ.RequireVenueProof) // the venue's pass rule comes with its capacity
	e.keepVenueRule(occ.RequireVenueProof)
	var unsynced int
	var delta int64
	if pl, ok := e.store.(pendingLister); ok {
		evs, err := pl.Pending(0)
		if err != nil {
			return fmt.Errorf("count waiting events: %w", err)
		}
		unsynced, delta = PendingDelta(evs)
	}
	e.occ.setUpstream(*occ, online, unsynced, delta)
	return nil
}

// ForgetInside clears who this kiosk saw enter: after the owner checked
// everybody out, nobody is inside any more.
func (e *Engine) ForgetInside() {
	e.occ.mu.Lock()
	defer e.occ.mu.Unlock()
	clear(e.occ.inside)
	e.occ.inCount = 0
}
