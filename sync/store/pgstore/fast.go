package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// ingestFast is Ingest's usual way: one round trip, two statements in one
// implicit transaction (a pipeline ending in one Sync). The first
// (fastEvents) updates the venue's row, which locks it until the commit
// and hands out the receive numbers, and inserts the events and the hour
// counts, all of which Go plans from the batch alone. The second
// (fastDerived) starts after the lock is held, so its snapshot holds every
// batch of the venue committed before, and no other can change the
// venue's devices or presence until this one commits: it reads them and
// writes them back in SQL (the device's received ranges and reused
// numbers, each person's record by store.ApplyPresence, the head count).
// ok is false when the batch needs ingestLocked: an id already stored
// (the plain INSERT fails on its key), an id twice in the batch, a new
// venue, a head count that would reach zero; then nothing was written.
func (st *Store) ingestFast(ctx context.Context, venue string, events []wire.Event, now time.Time) (res store.IngestResult, ok bool, err error) {
	ids := make([]string, len(events))
	for i, e := range events {
		if slices.Contains(ids[:i], e.ID) || e.Seq >= math.MaxInt64 {
			return res, false, nil // a copy within the batch, or a number SQL's ranges cannot hold
		}
		ids[i] = e.ID
	}
	cols, err := fastColumns(events)
	if err != nil {
		return res, false, err
	}
	if st.beforeWrite != nil {
		st.beforeWrite()
	}
	c, h, ps := cols.counts, cols.hours, cols.steps
	b := &pgx.Batch{}
	b.Queue(fastEvents, venue, now, int64(len(events)), int64(c.Entries), int64(c.Exits), int64(c.Refusals),
		int64(c.Overrides), int64(c.Unchecked), ids, cols.digests, cols.devs, cols.seqs, cols.kinds, cols.bodies,
		cols.scanned, h.hours, h.en, h.ex, h.re, h.ov, h.un)
	b.Queue(fastDerived, venue, now, cols.devices.names, cols.devices.n, cols.devices.seqs, ps.iins, ps.entry, ps.ats, ps.nanos,
		ps.fin.ins, ps.fin.ats, ps.fin.nanos, ps.fin.entryIDs, ps.tail, ps.tailLow)
	br := st.ingest.SendBatch(ctx, b)
	_, err = br.Exec()
	var one, reused int64
	if err == nil {
		err = br.QueryRow().Scan(&one, &reused)
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "23505") { // no venue, a zero head count, a key taken
		return res, false, nil
	}
	if err != nil {
		return res, false, err
	}
	return store.IngestResult{Accepted: ids, Reused: int(reused)}, true, nil
}

// fastCols are a batch as ingestFast's statements take it.
type fastCols struct {
	digests             [][]byte
	devs, kinds, bodies []string
	seqs                []int64
	scanned             []time.Time
	counts              store.Counters
	hours               hourCols
	steps               presenceSteps
	devices             deviceSeqs
}

// deviceSeqs are the batch's devices, each with its number of events and
// their sequence numbers as a multirange's text ("{[1,51)}").
type deviceSeqs struct {
	names, seqs []string
	n           []int64
}

func deviceSeqsOf(events []wire.Event) deviceSeqs {
	var d deviceSeqs
	sets := map[string]*store.SeqSet{}
	for _, e := range events {
		set := sets[e.Device]
		if set == nil {
			set = &store.SeqSet{}
			sets[e.Device] = set
			d.names, d.n = append(d.names, e.Device), append(d.n, 0)
		}
		d.n[slices.Index(d.names, e.Device)]++
		set.Add(e.Seq)
	}
	for _, name := range d.names {
		var b strings.Builder
		b.WriteByte('{')
		for i, r := range *sets[name] {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "[%d,%d)", r.From, r.To+1)
		}
		b.WriteByte('}')
		d.seqs = append(d.seqs, b.String())
	}
	return d
}

func fastColumns(events []wire.Event) (fastCols, error) {
	var c fastCols
	for _, e := range events {
		body, digest, err := store.EncodeEvent(e)
		if err != nil {
			return c, fmt.Errorf("encode event: %w", err)
		}
		c.digests, c.bodies = append(c.digests, digest[:]), append(c.bodies, string(body))
		c.devs, c.kinds, c.seqs = append(c.devs, e.Device), append(c.kinds, string(e.Kind)), append(c.seqs, int64(e.Seq))
		c.scanned = append(c.scanned, e.ScannedAt)
		c.counts.Add(e)
	}
	c.hours = hourColumns(events)
	c.steps = presenceStepsOf(events)
	c.devices = deviceSeqsOf(events)
	return c, nil
}

// presenceSteps are a batch's entries and exits, in batch order, each with
// what the batch leaves of its person (fin; the change to the head count
// by the events after it, tail, and the lowest point of that change on the
// way, tailLow, 0 or below) if it is the first of
// the person's events in the batch to change their record. Until that
// event the record is the one stored (an event that changes nothing leaves
// it so), so which event is the first depends only on the stored record,
// which fastDerived compares each event with; from that event on, the
// record is that event's, and Go folds the rest by store.ApplyPresence.
type presenceSteps struct {
	iins          []string
	entry         []bool
	ats           []time.Time
	nanos         []int16
	fin           presenceCols
	tail, tailLow []int64
}

func presenceStepsOf(events []wire.Event) presenceSteps {
	var s presenceSteps
	s.iins, s.entry, s.ats, s.nanos, s.tail, s.tailLow = []string{}, []bool{}, []time.Time{}, []int16{}, []int64{}, []int64{}
	s.fin = presenceCols{iins: []string{}, entryIDs: []string{}, ins: []bool{}, ats: []time.Time{}, nanos: []int16{}}
	for i, e := range events {
		if !e.Kind.Admits() && e.Kind != wire.Exit {
			continue
		}
		rec := store.Presence{Inside: e.Kind.Admits(), At: e.ScannedAt}
		if rec.Inside {
			rec.EntryID = e.ID
		}
		var tail, low int64
		for _, later := range events[i+1:] {
			if later.IIN != e.IIN || (!later.Kind.Admits() && later.Kind != wire.Exit) {
				continue
			}
			next, delta := store.ApplyPresence(&rec, later)
			if next != nil {
				rec = *next
			}
			tail += int64(delta)
			low = min(low, tail)
		}
		at, sub := splitNanos(e.ScannedAt)
		s.iins, s.entry, s.ats, s.nanos = append(s.iins, e.IIN), append(s.entry, e.Kind.Admits()), append(s.ats, at), append(s.nanos, sub)
		s.fin.add(e.IIN, rec)
		s.tail, s.tailLow = append(s.tail, tail), append(s.tailLow, low)
	}
	return s
}

// splitNanos splits t into what PostgreSQL's timestamptz keeps (whole
// microseconds) and the nanoseconds below (the presence rows' at_ns).
func splitNanos(t time.Time) (time.Time, int16) {
	t = t.UTC()
	sub := t.Nanosecond() % 1000
	return t.Add(-time.Duration(sub)), int16(sub)
}

// fastEvents is ingestFast's first statement. The venue's row is updated
// first (the other parts read v, so run after it): that locks it until the
// commit and hands out the batch's receive numbers. An event id already
// stored fails the INSERT on its key; a venue that does not exist fails
// expect_rows (40001).
const fastEvents = `WITH v AS (
		UPDATE venues SET log_seq = log_seq + $3, entries = entries + $4, exits = exits + $5,
			refusals = refusals + $6, overrides = overrides + $7, unchecked = unchecked + $8
		WHERE name = $1 RETURNING log_seq),
	e AS (
		INSERT INTO events (venue, id, n, digest, device, seq, kind, received, body, scanned)
		SELECT $1, u.id, v.log_seq - $3 + u.ord, u.digest, u.device, u.seq, u.kind, $2, u.body::jsonb, u.scanned
		FROM v, unnest($9::text[], $10::bytea[], $11::text[], $12::bigint[], $13::text[], $14::text[], $15::timestamptz[])
			WITH ORDINALITY AS u(id, digest, device, seq, kind, body, scanned, ord)),
	h AS (
		INSERT INTO venue_hours (venue, hour, entries, exits, refusals, overrides, unchecked)
		SELECT $1, u.hour, u.en, u.ex, u.re, u.ov, u.un
		FROM v, unnest($16::timestamptz[], $17::bigint[], $18::bigint[], $19::bigint[], $20::bigint[], $21::bigint[])
			AS u(hour, en, ex, re, ov, un)
		ON CONFLICT (venue, hour) DO UPDATE SET entries = venue_hours.entries + EXCLUDED.entries,
			exits = venue_hours.exits + EXCLUDED.exits, refusals = venue_hours.refusals + EXCLUDED.refusals,
			overrides = venue_hours.overrides + EXCLUDED.overrides, unchecked = venue_hours.unchecked + EXCLUDED.unchecked)
	SELECT expect_rows((SELECT count(*) FROM v), 1, 'the venue')`

// fastDerived is ingestFast's second statement, run with the venue's row
// locked: every event of the batch is new (else the first statement
// failed), so the batch's events are applied as they are, in batch order.
// A device's received numbers are ranges in Go's JSON; here they are a
// multirange: the batch's events add the numbers it did not hold, and each
// of the others (a number it held, or twice in the batch) is a reuse
// (store.DeviceRecord.NoteEvent). Each
// person's record is the fin of their first event that changes the stored
// one (store.ApplyPresence's conditions; see presenceSteps). The head
// count changes by the sum of the changes, provided it cannot reach below
// zero on the way: the batch's walk never goes lower than the sum of each
// person's lowest point (else 40001: ingestLocked clamps it step by step).
// It returns 1 and the number of events that reused a number.
const fastDerived = `WITH dv AS (
		SELECT u.device, u.n, u.seqs::int8multirange AS seqs, coalesce(d.received, 0) AS received,
			coalesce(d.reused, 0) AS reused,
			coalesce((SELECT range_agg(int8range((r->>'from')::bigint, (r->>'to')::bigint, '[]'))
				FROM jsonb_array_elements(CASE jsonb_typeof(d.have) WHEN 'array' THEN d.have ELSE '[]' END) AS r),
				'{}'::int8multirange) AS have
		FROM unnest($3::text[], $4::bigint[], $5::text[]) AS u(device, n, seqs)
		LEFT JOIN LATERAL (SELECT * FROM devices WHERE venue = $1 AND device = u.device LIMIT 1) AS d ON true),
	dn AS (
		SELECT device, n, received, reused, have + seqs AS have,
			(SELECT coalesce(sum(upper(r) - lower(r)), 0)::bigint FROM unnest(have + seqs) AS r)
				- (SELECT coalesce(sum(upper(r) - lower(r)), 0)::bigint FROM unnest(have) AS r) AS added
		FROM dv),
	dw AS (
		INSERT INTO devices (venue, device, received, reused, last_seen, have)
		SELECT $1, device, received + added, reused + n - added, $2,
			(SELECT jsonb_agg(jsonb_build_object('from', lower(r), 'to', upper(r) - 1) ORDER BY lower(r)) FROM unnest(have) AS r)
		FROM dn
		ON CONFLICT (venue, device) DO UPDATE SET received = EXCLUDED.received, reused = EXCLUDED.reused,
			last_seen = EXCLUDED.last_seen, have = EXCLUDED.have),
	pe AS (
		SELECT u.*, p.iin IS NOT NULL AS had, p.inside AS was_in, p.at AS was_at, p.at_ns AS was_ns
		FROM unnest($6::text[], $7::boolean[], $8::timestamptz[], $9::smallint[], $10::boolean[], $11::timestamptz[],
				$12::smallint[], $13::text[], $14::bigint[], $15::bigint[]) WITH ORDINALITY
			AS u(iin, entry, at, at_ns, fin_in, fin_at, fin_ns, fin_entry, tail, tail_low, ord)
		LEFT JOIN LATERAL (SELECT * FROM presence WHERE venue = $1 AND iin = u.iin LIMIT 1) AS p ON true),
	pf AS (
		SELECT DISTINCT ON (iin) iin, fin_in, fin_at, fin_ns, fin_entry,
			CASE WHEN entry THEN 1 WHEN had AND was_in THEN -1 ELSE 0 END AS first, tail, tail_low
		FROM pe
		WHERE NOT had OR CASE WHEN entry THEN NOT was_in AND (was_at, was_ns) < (at, at_ns)
			WHEN was_in THEN (at, at_ns) >= (was_at, was_ns) ELSE (at, at_ns) > (was_at, was_ns) END
		ORDER BY iin, ord),
	pw AS (
		INSERT INTO presence (venue, iin, inside, at, at_ns, entry_id)
		SELECT $1, iin, fin_in, fin_at, fin_ns, fin_entry FROM pf
		ON CONFLICT (venue, iin) DO UPDATE SET inside = EXCLUDED.inside, at = EXCLUDED.at, at_ns = EXCLUDED.at_ns,
			entry_id = EXCLUDED.entry_id),
	v AS (
		UPDATE venues SET inside = inside + (SELECT coalesce(sum(first + tail), 0) FROM pf)
		WHERE name = $1 AND inside + (SELECT coalesce(sum(least(first, first + tail_low, 0)), 0) FROM pf) >= 0
		RETURNING 1)
	SELECT expect_rows((SELECT count(*) FROM v), 1, 'the venue''s head count'),
		(SELECT coalesce(sum(n - added), 0) FROM dn)::bigint`
