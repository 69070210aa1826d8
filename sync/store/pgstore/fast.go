package pgstore

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// ingestFast is Ingest's usual way, for a group of batches (group.go),
// one batch being a group of one: one round trip, three statements in one
// implicit transaction (a pipeline ending in one Sync). The first
// (groupLock) locks the group's venues' rows, in the order of their names,
// until the commit (one venue's row the second locks). The second
// (groupEvents) updates them, which hands out the receive numbers, and
// inserts the events and the hour counts, all of which Go plans from the
// batches alone. The third (groupDerived) starts
// after the locks are held, so its snapshot holds every batch of those
// venues committed before, and no other can change their devices or
// presence until this one commits: it reads them and writes them back in
// SQL (the device's received ranges and reused numbers, each person's
// record by store.ApplyPresence, the head count). A venue's batches in the
// group are applied one after the other, as if each had committed alone:
// Go plans them as one batch of their events in order, which stores the
// same rows, and works out each batch's reused numbers from the numbers
// the devices held before (which groupDerived returns).
// ok is false when the group needs another way: an id already stored (the
// plain INSERT fails on its key), a new venue, a head count that would
// reach zero, or an id twice in a venue's batches; then nothing was
// written.
func (st *Store) ingestFast(ctx context.Context, g []*fastBatch) (ok bool, err error) {
	cols, ok, err := groupColumns(g)
	if !ok || err != nil {
		return false, err
	}
	if st.beforeWrite != nil {
		st.beforeWrite()
	}
	b := &pgx.Batch{}
	// the columns go as arrays in PostgreSQL's binary form (arrays.go)
	if len(cols.venues) > 1 {
		b.Queue(groupLock, asArrays(cols.venues)...)
	}
	b.Queue(groupEvents, asArrays(cols.eventsArgs()...)...)
	b.Queue(groupDerived, asArrays(cols.derivedArgs()...)...)
	br := st.ingest.SendBatch(ctx, b)
	var held heldSeqs
	if len(cols.venues) > 1 {
		_, err = br.Exec()
	}
	if err == nil {
		_, err = br.Exec()
	}
	if err == nil {
		var one int64
		err = br.QueryRow().Scan(&one, &held.venues, &held.devices, &held.lows, &held.highs)
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if fastRefused(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	held.countReused(g)
	return true, nil
}

// fastRefused reports an error by which the database refused ingestFast's
// way for a group, whose batches ingestLocked then stores: no venue, a
// head count that would reach zero, a key taken.
func fastRefused(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "23505")
}

// fastBatch is one batch as ingestFast takes it, and its outcome.
type fastBatch struct {
	venue   string
	now     time.Time
	events  []wire.Event
	ids     []string
	digests [][]byte
	bodies  []string
	res     store.IngestResult
}

// prepareFast encodes a batch for ingestFast (in its caller's goroutine,
// so a group's batches are encoded in parallel); ok is false when the
// batch cannot take that way (an id twice in it, a number SQL's ranges
// cannot hold).
func prepareFast(venue string, events []wire.Event, now time.Time) (f *fastBatch, ok bool, err error) {
	n := len(events)
	f = &fastBatch{venue: venue, now: now, events: events, ids: make([]string, n), digests: make([][]byte, n),
		bodies: make([]string, n)}
	// a set, not a scan of the ids before each, which was quadratic in the
	// batch's length (BenchmarkPrepareLongBatch)
	seen := make(map[string]bool, n)
	// the bodies in one buffer and the digests in another, a batch's
	// allocations being most of the server's garbage collection
	size := 0
	for _, e := range events {
		size += store.EventJSONSize(e)
	}
	buf, ends := make([]byte, 0, size), make([]int, n)
	digests := make([]byte, n*sha256.Size)
	for i, e := range events {
		if seen[e.ID] || e.Seq >= math.MaxInt64 {
			return nil, false, nil // a copy within the batch, or a number SQL's ranges cannot hold
		}
		seen[e.ID] = true
		f.ids[i] = e.ID
		var digest [sha256.Size]byte
		if buf, digest, err = store.AppendEvent(buf, e); err != nil {
			return nil, false, fmt.Errorf("encode event: %w", err)
		}
		ends[i] = len(buf)
		f.digests[i] = digests[i*sha256.Size : (i+1)*sha256.Size : (i+1)*sha256.Size]
		copy(f.digests[i], digest[:])
	}
	bodies, start := string(buf), 0
	for i, end := range ends {
		f.bodies[i], start = bodies[start:end], end
	}
	f.res = store.IngestResult{Accepted: f.ids}
	return f, true, nil
}

// groupCols are a group's batches as ingestFast's statements take them:
// per venue, per event, per venue and hour, per device, per step of
// presence.
type groupCols struct {
	venues                []string
	n, en, ex, re, ov, un []int64
	evVenues, ids, devs   []string
	kinds, bodies         []string
	digests               [][]byte
	ords, seqs            []int64
	received, scanned     []time.Time
	hours                 hourCols
	devices               deviceSeqs
	steps                 presenceSteps
}

// eventsArgs are groupEvents' parameters, in order.
func (c *groupCols) eventsArgs() []any {
	h := c.hours
	return []any{c.venues, c.n, c.en, c.ex, c.re, c.ov, c.un,
		c.evVenues, c.ids, c.ords, c.digests, c.devs, c.seqs, c.kinds, c.received, c.bodies, c.scanned,
		h.venues, h.hours, h.en, h.ex, h.re, h.ov, h.un, int64(len(c.venues))}
}

// derivedArgs are groupDerived's parameters, in order.
func (c *groupCols) derivedArgs() []any {
	d, ps := c.devices, c.steps
	return []any{d.venues, d.names, d.n, d.seqs, d.seen, ps.venues, ps.iins, ps.entry, ps.ats, ps.nanos,
		ps.fin.ins, ps.fin.ats, ps.fin.nanos, ps.fin.entryIDs, ps.tail, ps.tailLow}
}

// groupColumns plans g (sorted by venue) as groupEvents and groupDerived
// take it; ok is false when an id comes twice in a venue's batches.
func groupColumns(g []*fastBatch) (c groupCols, ok bool, err error) {
	c.hours, c.devices, c.steps = newHourCols(), newDeviceSeqs(), newPresenceSteps()
	n := 0
	for _, f := range g {
		n += len(f.events)
	}
	// the per-event columns, sized once (a request's allocations are most
	// of the server's garbage collection)
	c.evVenues, c.ids, c.devs = make([]string, 0, n), make([]string, 0, n), make([]string, 0, n)
	c.kinds, c.bodies, c.digests = make([]string, 0, n), make([]string, 0, n), make([][]byte, 0, n)
	c.ords, c.seqs = make([]int64, 0, n), make([]int64, 0, n)
	c.received, c.scanned = make([]time.Time, 0, n), make([]time.Time, 0, n)
	for i := 0; i < len(g); {
		venue, j, venueEvents := g[i].venue, i, 0
		for ; j < len(g) && g[j].venue == venue; j++ {
			venueEvents += len(g[j].events)
		}
		// the venue's events in order: its one batch's own, or a copy of
		// its batches' (and each id once among them: prepareFast checked
		// each batch's)
		events, ids := g[i].events, map[string]bool(nil)
		if j > i+1 {
			events, ids = make([]wire.Event, 0, venueEvents), make(map[string]bool, venueEvents)
		}
		var counts store.Counters
		ord := int64(0) // the event's place among the venue's in the group, from 1
		for _, f := range g[i:j] {
			for k, e := range f.events {
				ord++
				if ids != nil {
					if ids[e.ID] {
						return c, false, nil
					}
					ids[e.ID] = true
					events = append(events, e)
				}
				c.evVenues, c.ids, c.devs = append(c.evVenues, venue), append(c.ids, e.ID), append(c.devs, e.Device)
				c.kinds, c.bodies, c.digests = append(c.kinds, string(e.Kind)), append(c.bodies, f.bodies[k]), append(c.digests, f.digests[k])
				c.ords, c.seqs = append(c.ords, ord), append(c.seqs, int64(e.Seq))
				c.received, c.scanned = append(c.received, f.now), append(c.scanned, e.ScannedAt)
				counts.Add(e)
			}
			c.devices.add(venue, f.events, f.now)
		}
		c.venues, c.n = append(c.venues, venue), append(c.n, int64(venueEvents))
		c.en, c.ex, c.re = append(c.en, int64(counts.Entries)), append(c.ex, int64(counts.Exits)), append(c.re, int64(counts.Refusals))
		c.ov, c.un = append(c.ov, int64(counts.Overrides)), append(c.un, int64(counts.Unchecked))
		c.hours.add(venue, events)
		c.steps.add(venue, events)
		c.devices.flush()
		i = j
	}
	return c, true, nil
}

// deviceSeqs are a group's devices, each with its venue, number of events,
// their sequence numbers as a multirange's text ("{[1,51)}") and when its
// last batch arrived.
type deviceSeqs struct {
	venues, names, seqs []string
	n                   []int64
	seen                []time.Time
	pending             map[string]int // the venue's devices, until flush: their index in sets
	sets                []store.SeqSet // their numbers
	first               int            // the index of the venue's first device in names
}

func newDeviceSeqs() deviceSeqs {
	return deviceSeqs{venues: []string{}, names: []string{}, seqs: []string{}, n: []int64{}, seen: []time.Time{}}
}

// add adds one batch of venue that arrived at now.
func (d *deviceSeqs) add(venue string, events []wire.Event, now time.Time) {
	if d.pending == nil {
		d.pending, d.sets, d.first = map[string]int{}, d.sets[:0], len(d.names)
	}
	for _, e := range events {
		k, ok := d.pending[e.Device]
		if !ok {
			k = len(d.sets)
			d.pending[e.Device] = k
			d.sets = append(d.sets, nil)
			d.venues, d.names, d.n, d.seen = append(d.venues, venue), append(d.names, e.Device), append(d.n, 0), append(d.seen, now)
		}
		d.n[d.first+k]++
		d.seen[d.first+k] = now
		d.sets[k].Add(e.Seq)
	}
}

// flush ends a venue: its devices' numbers become multiranges.
func (d *deviceSeqs) flush() {
	var b []byte
	for _, set := range d.sets {
		b = append(b[:0], '{')
		for i, r := range set {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			b = strconv.AppendUint(b, r.From, 10)
			b = append(b, ',')
			b = strconv.AppendUint(b, r.To+1, 10)
			b = append(b, ')')
		}
		d.seqs = append(d.seqs, string(append(b, '}')))
	}
	d.pending, d.sets = nil, d.sets[:0]
}

// heldSeqs are, for each device of a group that sent numbers it held
// before the group, those numbers, as ranges [low, high) (groupDerived's
// answer).
type heldSeqs struct {
	venues, devices []string
	lows, highs     []int64
}

// countReused sets each batch's Reused: its events whose number the
// device held before the group, or that came earlier in the group
// (store.DeviceRecord.NoteEvent's rule, batch after batch).
func (h heldSeqs) countReused(g []*fastBatch) {
	type key struct{ venue, device string }
	held := map[key][][2]int64{}
	for i := range h.venues {
		k := key{h.venues[i], h.devices[i]}
		held[k] = append(held[k], [2]int64{h.lows[i], h.highs[i]})
	}
	seen := map[key]*store.SeqSet{}
	for _, f := range g {
		f.res.Reused = 0
		for _, e := range f.events {
			k := key{f.venue, e.Device}
			set := seen[k]
			if set == nil {
				set = &store.SeqSet{}
				seen[k] = set
			}
			n := int64(e.Seq) // below math.MaxInt64 (prepareFast)
			wasHeld := slices.ContainsFunc(held[k], func(r [2]int64) bool { return n >= r[0] && n < r[1] })
			if fresh := set.Add(e.Seq); !fresh || wasHeld {
				f.res.Reused++
			}
		}
	}
}

// presenceSteps are each venue's entries and exits, in the order of its
// batches, each with what the venue's batches leave of its person (fin;
// the change to the head count by the events after it, tail, and the
// lowest point of that change on the way, tailLow, 0 or below) if it is
// the first of the person's events to change their record. Until that
// event the record is the one stored (an event that changes nothing leaves
// it so), so which event is the first depends only on the stored record,
// which groupDerived compares each event with; from that event on, the
// record is that event's, and Go folds the rest by store.ApplyPresence.
type presenceSteps struct {
	venues, iins  []string
	entry         []bool
	ats           []time.Time
	nanos         []int16
	fin           presenceCols
	tail, tailLow []int64
}

func newPresenceSteps() presenceSteps {
	var s presenceSteps
	s.venues, s.iins, s.entry, s.ats, s.nanos = []string{}, []string{}, []bool{}, []time.Time{}, []int16{}
	s.tail, s.tailLow = []int64{}, []int64{}
	s.fin = presenceCols{iins: []string{}, entryIDs: []string{}, ins: []bool{}, ats: []time.Time{}, nanos: []int16{}}
	return s
}

// add adds the steps of one venue's events.
func (s *presenceSteps) add(venue string, events []wire.Event) {
	const notStep, none = -2, -1
	next := make([]int32, len(events)) // the person's next entry or exit, by index
	last := map[string]int32{}         // the person's first entry or exit after the one at hand
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if !e.Kind.Admits() && e.Kind != wire.Exit {
			next[i] = notStep
			continue
		}
		next[i] = none
		if j, ok := last[e.IIN]; ok {
			next[i] = j
		}
		last[e.IIN] = int32(i)
	}
	for i, e := range events {
		if next[i] == notStep {
			continue
		}
		rec := store.Presence{Inside: e.Kind.Admits(), At: e.ScannedAt}
		if rec.Inside {
			rec.EntryID = e.ID
		}
		var tail, low int64
		for j := next[i]; j != none; j = next[j] {
			changed, delta := store.ApplyPresence(&rec, events[j])
			if changed != nil {
				rec = *changed
			}
			tail += int64(delta)
			low = min(low, tail)
		}
		at, sub := splitNanos(e.ScannedAt)
		s.venues, s.iins, s.entry = append(s.venues, venue), append(s.iins, e.IIN), append(s.entry, e.Kind.Admits())
		s.ats, s.nanos = append(s.ats, at), append(s.nanos, sub)
		s.fin.add(e.IIN, rec)
		s.tail, s.tailLow = append(s.tail, tail), append(s.tailLow, low)
	}
}

// splitNanos splits t into what PostgreSQL's timestamptz keeps (whole
// microseconds) and the nanoseconds below (the presence rows' at_ns).
func splitNanos(t time.Time) (time.Time, int16) {
	t = t.UTC()
	sub := t.Nanosecond() % 1000
	return t.Add(-time.Duration(sub)), int16(sub)
}

// groupLock is ingestFast's first statement when the group has several
// venues: it locks their rows in the order of their names' bytes (as every
// group and AddLookups do, on every replica, so none waits on another in a
// circle, whatever the database's collation).
const groupLock = `SELECT count(*)
	FROM (SELECT 1 FROM venues WHERE name = ANY($1::text[]) ORDER BY name COLLATE "C" FOR UPDATE) AS l`

// groupEvents is ingestFast's second statement: each venue's row hands out
// its events' receive numbers (base + their order among the venue's events
// in the group) and counts them (locking it, if groupLock did not); the
// events and the hour counts are inserted. An event id already stored fails
// the INSERT on its key; a venue that does not exist fails expect_rows
// (40001).
const groupEvents = `WITH v AS (
		UPDATE venues SET log_seq = venues.log_seq + x.n, entries = venues.entries + x.en, exits = venues.exits + x.ex,
			refusals = venues.refusals + x.re, overrides = venues.overrides + x.ov, unchecked = venues.unchecked + x.un
		FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
			AS x(venue, n, en, ex, re, ov, un)
		WHERE venues.name = x.venue RETURNING venues.name, venues.log_seq - x.n AS base),
	e AS (
		INSERT INTO events (venue, id, n, digest, device, seq, kind, received, body, scanned)
		SELECT u.venue, u.id, v.base + u.ord, u.digest, u.device, u.seq, u.kind, u.received, u.body::jsonb, u.scanned
		FROM unnest($8::text[], $9::text[], $10::bigint[], $11::bytea[], $12::text[], $13::bigint[], $14::text[],
				$15::timestamptz[], $16::text[], $17::timestamptz[])
			AS u(venue, id, ord, digest, device, seq, kind, received, body, scanned)
		JOIN v ON v.name = u.venue),
	h AS (
		INSERT INTO venue_hours (venue, hour, entries, exits, refusals, overrides, unchecked)
		SELECT u.venue, u.hour, u.en, u.ex, u.re, u.ov, u.un
		FROM unnest($18::text[], $19::timestamptz[], $20::bigint[], $21::bigint[], $22::bigint[], $23::bigint[], $24::bigint[])
			AS u(venue, hour, en, ex, re, ov, un)
		ON CONFLICT (venue, hour) DO UPDATE SET entries = venue_hours.entries + EXCLUDED.entries,
			exits = venue_hours.exits + EXCLUDED.exits, refusals = venue_hours.refusals + EXCLUDED.refusals,
			overrides = venue_hours.overrides + EXCLUDED.overrides, unchecked = venue_hours.unchecked + EXCLUDED.unchecked)
	SELECT expect_rows((SELECT count(*) FROM v), $25, 'the venues')`

// groupDerived is ingestFast's third statement, run with the venues' rows
// locked: every event of the group is new (else the second statement
// failed), so each venue's events are applied as they are, in order.
// A device's received numbers are ranges in Go's JSON; here they are a
// multirange: the group's events add the numbers it did not hold, and each
// of the others (a number it held, or twice in the group) is a reuse
// (store.DeviceRecord.NoteEvent). Each person's record is the fin of their
// first event that changes the stored one (store.ApplyPresence's
// conditions; see presenceSteps). A venue's head count changes by the sum
// of the changes, provided it cannot reach below zero on the way: the
// walk never goes lower than the sum of each person's lowest point (else
// 40001: ingestLocked clamps it step by step). It returns 1 and, for each
// device that sent numbers it held before, its venue, name and those
// numbers as ranges [low, high) (Go counts each batch's reused numbers
// from them).
const groupDerived = `WITH dv AS (
		SELECT u.venue, u.device, u.n, u.seen, u.seqs::int8multirange AS seqs, coalesce(d.received, 0) AS received,
			coalesce(d.reused, 0) AS reused,
			coalesce((SELECT range_agg(int8range((r->>'from')::bigint, (r->>'to')::bigint, '[]'))
				FROM jsonb_array_elements(CASE jsonb_typeof(d.have) WHEN 'array' THEN d.have ELSE '[]' END) AS r),
				'{}'::int8multirange) AS have
		FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[]) AS u(venue, device, n, seqs, seen)
		LEFT JOIN LATERAL (SELECT * FROM devices WHERE venue = u.venue AND device = u.device LIMIT 1) AS d ON true),
	dn AS (
		SELECT venue, device, n, seen, received, reused, have * seqs AS held, have + seqs AS have,
			(SELECT coalesce(sum(upper(r) - lower(r)), 0)::bigint FROM unnest(have + seqs) AS r)
				- (SELECT coalesce(sum(upper(r) - lower(r)), 0)::bigint FROM unnest(have) AS r) AS added
		FROM dv),
	dw AS (
		INSERT INTO devices (venue, device, received, reused, last_seen, have)
		SELECT venue, device, received + added, reused + n - added, seen,
			(SELECT jsonb_agg(jsonb_build_object('from', lower(r), 'to', upper(r) - 1) ORDER BY lower(r)) FROM unnest(have) AS r)
		FROM dn
		ON CONFLICT (venue, device) DO UPDATE SET received = EXCLUDED.received, reused = EXCLUDED.reused,
			last_seen = EXCLUDED.last_seen, have = EXCLUDED.have),
	pe AS (
		SELECT u.*, p.iin IS NOT NULL AS had, p.inside AS was_in, p.at AS was_at, p.at_ns AS was_ns
		FROM unnest($6::text[], $7::text[], $8::boolean[], $9::timestamptz[], $10::smallint[], $11::boolean[],
				$12::timestamptz[], $13::smallint[], $14::text[], $15::bigint[], $16::bigint[]) WITH ORDINALITY
			AS u(venue, iin, entry, at, at_ns, fin_in, fin_at, fin_ns, fin_entry, tail, tail_low, ord)
		LEFT JOIN LATERAL (SELECT * FROM presence WHERE venue = u.venue AND iin = u.iin LIMIT 1) AS p ON true),
	pf AS (
		SELECT DISTINCT ON (venue, iin) venue, iin, fin_in, fin_at, fin_ns, fin_entry,
			CASE WHEN entry THEN 1 WHEN had AND was_in THEN -1 ELSE 0 END AS first, tail, tail_low
		FROM pe
		WHERE NOT had OR CASE WHEN entry THEN NOT was_in AND (was_at, was_ns) < (at, at_ns)
			WHEN was_in THEN (at, at_ns) >= (was_at, was_ns) ELSE (at, at_ns) > (was_at, was_ns) END
		ORDER BY venue, iin, ord),
	pw AS (
		INSERT INTO presence (venue, iin, inside, at, at_ns, entry_id)
		SELECT venue, iin, fin_in, fin_at, fin_ns, fin_entry FROM pf
		ON CONFLICT (venue, iin) DO UPDATE SET inside = EXCLUDED.inside, at = EXCLUDED.at, at_ns = EXCLUDED.at_ns,
			entry_id = EXCLUDED.entry_id),
	ps AS (
		SELECT venue, sum(first + tail) AS delta, sum(least(first, first + tail_low, 0)) AS low FROM pf GROUP BY venue),
	v AS (
		UPDATE venues SET inside = inside + ps.delta FROM ps
		WHERE name = ps.venue AND inside + ps.low >= 0
		RETURNING 1)
	SELECT expect_rows((SELECT count(*) FROM v), (SELECT count(*) FROM ps), 'the venues'' head counts'),
		hr.venues, hr.devices, hr.lows, hr.highs
	FROM (SELECT array_agg(venue) AS venues, array_agg(device) AS devices, array_agg(lower(r)) AS lows,
			array_agg(upper(r)) AS highs
		FROM dn, unnest(held) AS r) AS hr`
