package pgstore

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Ingest commits one batch in one transaction, in one of two ways with the
// same guarantees.
//
// The venue's row orders the venue's batches across every replica: the
// receive numbers n are handed out while its row is locked, so they are
// committed in the order they were given, and a batch of the venue can only
// take numbers after the previous one is visible. So a reader who has seen
// event n has seen every event below n, and the listing cursor ("after n")
// never skips an event that a slower replica commits later. Batches of
// different venues run in parallel.
//
// The usual batch (new events of a known venue) takes two round trips and
// holds no lock across either: ingestFast reads what the batch depends on
// without a lock (fastRead), plans every row in Go, and writes them all in
// one statement (fastWrite), each write conditional on the rows it read
// being unchanged (expect_rows aborts the statement otherwise, and a plain
// INSERT of an event id or a row that appeared meanwhile fails on its key).
// The venue's row is locked by the statement's first part, which also
// takes the receive numbers, and released at its commit, all inside the
// database. Anything else (a duplicate or conflicting id, a new venue,
// a row changed since the read, a head count that would reach zero) goes to
// ingestLocked, which locks the venue first and plans from what it reads
// under the lock.
func (st *Store) Ingest(ctx context.Context, venue string, events []wire.Event, now time.Time) (store.IngestResult, error) {
	if len(events) > 0 {
		res, ok, err := st.ingestFast(ctx, venue, events, now)
		if err != nil {
			return store.IngestResult{}, fmt.Errorf("store batch: %w", err)
		}
		if ok {
			return res, nil
		}
	}
	st.locked.Add(1)
	res, err := st.ingestLocked(ctx, venue, events, now)
	if err != nil {
		return store.IngestResult{}, fmt.Errorf("store batch: %w", err)
	}
	return res, nil
}

// batchState is what a batch depends on: the digests of its ids already
// stored, the records of its devices and the presence of its people.
type batchState struct {
	stored  map[string][sha256.Size]byte
	records map[string]*store.DeviceRecord
	pres    *pgPresence
}

// batchPlan is what a batch writes, planned in Go from a batchState.
type batchPlan struct {
	res      store.IngestResult
	accepted []wire.Event
	bodies   []string
	digests  [][]byte
	counts   store.Counters
	touched  []string // devices with a changed record, in batch order
}

// plan classifies the events (new, duplicate, conflict) and applies the new
// ones to the device records and presence in state.
func plan(venue string, events []wire.Event, state batchState, now time.Time) (batchPlan, error) {
	var p batchPlan
	for _, e := range events {
		body, digest, err := store.EncodeEvent(e)
		if err != nil {
			return p, fmt.Errorf("encode event: %w", err)
		}
		if d, ok := state.stored[e.ID]; ok {
			if d == digest {
				p.res.Duplicates = append(p.res.Duplicates, e.ID)
			} else {
				p.res.Conflicts = append(p.res.Conflicts, e.ID)
			}
			continue
		}
		state.stored[e.ID] = digest // a second copy later in this batch is a duplicate
		p.accepted, p.bodies, p.digests = append(p.accepted, e), append(p.bodies, string(body)), append(p.digests, digest[:])
		p.counts.Add(e)
		state.pres.apply(e)
		rec, ok := state.records[e.Device]
		if !ok {
			rec = &store.DeviceRecord{Venue: venue, Device: e.Device}
			state.records[e.Device] = rec
		}
		if !slices.Contains(p.touched, e.Device) {
			p.touched = append(p.touched, e.Device)
		}
		if !rec.NoteEvent(e.Seq, now) {
			p.res.Reused++
		}
		p.res.Accepted = append(p.res.Accepted, e.ID)
	}
	return p, nil
}

// eventColumns are the accepted events as the arrays the INSERT unnests.
func (p *batchPlan) eventColumns() (ids, devs, kinds []string, seqs []int64, scanned []time.Time) {
	for _, e := range p.accepted {
		ids, devs, kinds = append(ids, e.ID), append(devs, e.Device), append(kinds, string(e.Kind))
		seqs, scanned = append(seqs, int64(e.Seq)), append(scanned, e.ScannedAt)
	}
	return
}

// deviceColumns are the touched device records as arrays.
func (p *batchPlan) deviceColumns(records map[string]*store.DeviceRecord) (names, haves []string, recv, reused []int64) {
	for _, dev := range p.touched {
		rec := records[dev]
		have, _ := json.Marshal(rec.Have)
		names, haves = append(names, dev), append(haves, string(have))
		recv, reused = append(recv, rec.Received), append(reused, rec.Reused)
	}
	return
}

// ingestLocked is Ingest with the venue's row locked by its first statement
// (creating the venue if new), the batch's state read under the lock, and
// the ids classified by that read; INSERT ... ON CONFLICT DO NOTHING on
// (venue, id) is the second line of defence.
func (st *Store) ingestLocked(ctx context.Context, venue string, events []wire.Event, now time.Time) (store.IngestResult, error) {
	var res store.IngestResult
	err := pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		res = store.IngestResult{} // a retried function starts afresh
		var logSeq, inside int64
		err := tx.QueryRow(ctx, `INSERT INTO venues (name, created) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET log_seq = venues.log_seq RETURNING log_seq, inside`, venue, now).Scan(&logSeq, &inside)
		if err != nil {
			return fmt.Errorf("lock venue: %w", err)
		}
		if len(events) == 0 {
			return nil
		}
		br := tx.SendBatch(ctx, queueBatchRead(&pgx.Batch{}, venue, events, true))
		state, err := scanBatchState(br)
		br.Close()
		if err != nil {
			return err
		}
		state.pres.inside = inside
		p, err := plan(venue, events, state, now)
		res = p.res
		if err != nil || len(p.accepted) == 0 {
			return err
		}
		ns := make([]int64, len(p.accepted))
		for i := range ns {
			ns[i] = logSeq + int64(i) + 1
		}
		ids, devs, kinds, seqs, scanned := p.eventColumns()
		b := &pgx.Batch{}
		b.Queue(`INSERT INTO events (venue, id, n, digest, device, seq, kind, received, body, scanned)
			SELECT $1, u.id, u.n, u.digest, u.device, u.seq, u.kind, $2, u.body::jsonb, u.scanned
			FROM unnest($3::text[], $4::bigint[], $5::bytea[], $6::text[], $7::bigint[], $8::text[], $9::text[],
				$10::timestamptz[]) AS u(id, n, digest, device, seq, kind, body, scanned)
			ON CONFLICT (venue, id) DO NOTHING`,
			venue, now, ids, ns, p.digests, devs, seqs, kinds, p.bodies, scanned)
		queueHours(b, venue, p.accepted)
		dNames, haves, dRecv, dReused := p.deviceColumns(state.records)
		b.Queue(`INSERT INTO devices (venue, device, received, reused, last_seen, have)
			SELECT $1, u.device, u.received, u.reused, $2, u.have::jsonb
			FROM unnest($3::text[], $4::bigint[], $5::bigint[], $6::text[]) AS u(device, received, reused, have)
			ON CONFLICT (venue, device) DO UPDATE SET received = EXCLUDED.received, reused = EXCLUDED.reused,
				last_seen = EXCLUDED.last_seen, have = EXCLUDED.have`,
			venue, now, dNames, dRecv, dReused, haves)
		state.pres.queue(b, venue)
		c := p.counts
		b.Queue(`UPDATE venues SET entries = entries + $2, exits = exits + $3, refusals = refusals + $4, log_seq = $5,
			inside = $6, overrides = overrides + $7, unchecked = unchecked + $8 WHERE name = $1`, venue, int64(c.Entries),
			int64(c.Exits), int64(c.Refusals), logSeq+int64(len(p.accepted)), state.pres.inside, int64(c.Overrides),
			int64(c.Unchecked))
		return tx.SendBatch(ctx, b).Close()
	})
	return res, err
}

// ingestFast is Ingest's usual way, described there. ok is false when the
// batch needs ingestLocked; then nothing was written.
func (st *Store) ingestFast(ctx context.Context, venue string, events []wire.Event, now time.Time) (res store.IngestResult, ok bool, err error) {
	ids := make([]string, len(events))
	for i, e := range events {
		if slices.Contains(ids[:i], e.ID) {
			return res, false, nil // a copy within the batch: classified under the lock
		}
		ids[i] = e.ID
	}
	state, err := readFast(ctx, st.pool, venue, events)
	if err != nil {
		return res, false, err
	}
	state.pres.startWalk()
	before := make(map[string]store.DeviceRecord, len(state.records))
	for name, rec := range state.records {
		before[name] = store.DeviceRecord{Received: rec.Received, Reused: rec.Reused, Have: slices.Clone(rec.Have)}
	}
	p, err := plan(venue, events, state, now)
	if err != nil {
		return res, false, err
	}
	if st.beforeWrite != nil {
		st.beforeWrite()
	}
	c := p.counts
	evIDs, devs, kinds, seqs, scanned := p.eventColumns()
	hours := hourColumns(p.accepted)
	dw := deviceWrites(p, state.records, before)
	pw := state.pres.conditionalWrites()
	args := []any{venue, now, int64(len(p.accepted)), int64(c.Entries), int64(c.Exits), int64(c.Refusals),
		int64(c.Overrides), int64(c.Unchecked), state.pres.walk, -state.pres.low,
		evIDs, p.digests, devs, seqs, kinds, p.bodies, scanned,
		hours.hours, hours.en, hours.ex, hours.re, hours.ov, hours.un,
		dw.old.names, dw.old.recv, dw.old.reused, dw.old.haves, dw.was.recv, dw.was.reused, dw.was.haves,
		dw.fresh.names, dw.fresh.recv, dw.fresh.reused, dw.fresh.haves,
		pw.next.iins, pw.next.ins, pw.next.ats, pw.next.nanos, pw.next.entryIDs,
		pw.was.ins, pw.was.ats, pw.was.nanos, pw.was.entryIDs,
		pw.fresh.iins, pw.fresh.ins, pw.fresh.ats, pw.fresh.nanos, pw.fresh.entryIDs,
		int64(len(dw.old.names)), int64(len(pw.next.iins))}
	_, err = st.pool.Exec(ctx, fastWrite, args...)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "23505") { // changed meanwhile, or a key taken
		return res, false, nil
	}
	if err != nil {
		return res, false, err
	}
	return p.res, true, nil
}

// fastWrite is ingestFast's one statement. The venue's row is updated
// first (every other part reads v, so runs after it): that locks it until
// the commit and hands out the batch's receive numbers. Each UPDATE of a
// row read without a lock holds the values read as its condition, and
// expect_rows aborts the statement unless every one matched; an INSERT of
// an event, device or person fails on its key if another transaction
// stored it meanwhile.
const fastWrite = `WITH v AS (
		UPDATE venues SET log_seq = log_seq + $3, entries = entries + $4, exits = exits + $5,
			refusals = refusals + $6, overrides = overrides + $7, unchecked = unchecked + $8, inside = inside + $9
		WHERE name = $1 AND inside >= $10 RETURNING log_seq),
	e AS (
		INSERT INTO events (venue, id, n, digest, device, seq, kind, received, body, scanned)
		SELECT $1, u.id, v.log_seq - $3 + u.ord, u.digest, u.device, u.seq, u.kind, $2, u.body::jsonb, u.scanned
		FROM v, unnest($11::text[], $12::bytea[], $13::text[], $14::bigint[], $15::text[], $16::text[], $17::timestamptz[])
			WITH ORDINALITY AS u(id, digest, device, seq, kind, body, scanned, ord)),
	h AS (
		INSERT INTO venue_hours (venue, hour, entries, exits, refusals, overrides, unchecked)
		SELECT $1, u.hour, u.en, u.ex, u.re, u.ov, u.un
		FROM v, unnest($18::timestamptz[], $19::bigint[], $20::bigint[], $21::bigint[], $22::bigint[], $23::bigint[])
			AS u(hour, en, ex, re, ov, un)
		ON CONFLICT (venue, hour) DO UPDATE SET entries = venue_hours.entries + EXCLUDED.entries,
			exits = venue_hours.exits + EXCLUDED.exits, refusals = venue_hours.refusals + EXCLUDED.refusals,
			overrides = venue_hours.overrides + EXCLUDED.overrides, unchecked = venue_hours.unchecked + EXCLUDED.unchecked),
	du AS (
		UPDATE devices SET received = u.received, reused = u.reused, last_seen = $2, have = u.have::jsonb
		FROM v, unnest($24::text[], $25::bigint[], $26::bigint[], $27::text[], $28::bigint[], $29::bigint[], $30::text[])
			AS u(device, received, reused, have, was_received, was_reused, was_have)
		WHERE devices.venue = $1 AND devices.device = u.device AND devices.received = u.was_received
			AND devices.reused = u.was_reused AND devices.have = u.was_have::jsonb
		RETURNING 1),
	di AS (
		INSERT INTO devices (venue, device, received, reused, last_seen, have)
		SELECT $1, u.device, u.received, u.reused, $2, u.have::jsonb
		FROM v, unnest($31::text[], $32::bigint[], $33::bigint[], $34::text[]) AS u(device, received, reused, have)),
	pu AS (
		UPDATE presence SET inside = u.inside, at = u.at, at_ns = u.at_ns, entry_id = u.entry_id
		FROM v, unnest($35::text[], $36::boolean[], $37::timestamptz[], $38::smallint[], $39::text[],
			$40::boolean[], $41::timestamptz[], $42::smallint[], $43::text[])
			AS u(iin, inside, at, at_ns, entry_id, was_inside, was_at, was_at_ns, was_entry_id)
		WHERE presence.venue = $1 AND presence.iin = u.iin AND presence.inside = u.was_inside
			AND presence.at = u.was_at AND presence.at_ns = u.was_at_ns AND presence.entry_id = u.was_entry_id
		RETURNING 1),
	pi AS (
		INSERT INTO presence (venue, iin, inside, at, at_ns, entry_id)
		SELECT $1, u.iin, u.inside, u.at, u.at_ns, u.entry_id
		FROM v, unnest($44::text[], $45::boolean[], $46::timestamptz[], $47::smallint[], $48::text[])
			AS u(iin, inside, at, at_ns, entry_id))
	SELECT expect_rows((SELECT count(*) FROM v), 1, 'the venue''s head count')
		+ expect_rows((SELECT count(*) FROM du), $49, 'a device''s record')
		+ expect_rows((SELECT count(*) FROM pu), $50, 'a presence record')`

// deviceCols are device records as the arrays a statement unnests.
type deviceCols struct {
	names, haves []string
	recv, reused []int64
}

func (c *deviceCols) add(name string, rec store.DeviceRecord) {
	have, _ := json.Marshal(rec.Have)
	c.names, c.haves = append(c.names, name), append(c.haves, string(have))
	c.recv, c.reused = append(c.recv, rec.Received), append(c.reused, rec.Reused)
}

// deviceWrites splits the touched device records for fastWrite: those that
// existed (old, with what was read of them, was) and the new ones (fresh).
func deviceWrites(p batchPlan, records map[string]*store.DeviceRecord, before map[string]store.DeviceRecord) (w struct{ old, was, fresh deviceCols }) {
	for _, dev := range p.touched {
		was, existed := before[dev]
		if !existed {
			w.fresh.add(dev, *records[dev])
			continue
		}
		w.old.add(dev, *records[dev])
		w.was.add(dev, was)
	}
	return w
}

// fastRead is ingestFast's read: the records of the batch's devices and
// people (one statement for both, each column an array, so nothing is
// built or parsed as JSON but the devices' received ranges), not locked.
// Whether the venue exists or an id is stored it does not ask: the write
// finds out (the venue's row is not there to update, an id's key is
// taken), and only a retried batch or a new venue pays for that. The lists
// are joined, not matched with = ANY: PostgreSQL reads = ANY on a key's
// second column as a filter over every row of the venue.
const fastRead = `SELECT d.devices, d.received, d.reused, d.haves, p.iins, p.inside, p.ats, p.nanos, p.entry_ids
	FROM (SELECT array_agg(d.device) AS devices, array_agg(d.received) AS received, array_agg(d.reused) AS reused,
			array_agg(d.have::text) AS haves
		FROM unnest($2::text[]) AS u(device) JOIN devices d ON d.venue = $1 AND d.device = u.device) d,
	(SELECT array_agg(p.iin) AS iins, array_agg(p.inside) AS inside, array_agg(p.at) AS ats,
			array_agg(p.at_ns) AS nanos, array_agg(p.entry_id) AS entry_ids
		FROM unnest($3::text[]) AS u(iin) JOIN presence p ON p.venue = $1 AND p.iin = u.iin) p`

// readFast runs fastRead.
func readFast(ctx context.Context, pool *pgxpool.Pool, venue string, events []wire.Event) (batchState, error) {
	devs, iins := []string{}, presenceIINs(events)
	for _, e := range events {
		if !slices.Contains(devs, e.Device) {
			devs = append(devs, e.Device)
		}
	}
	state := batchState{stored: map[string][sha256.Size]byte{}, records: map[string]*store.DeviceRecord{},
		pres: &pgPresence{rows: map[string]*store.Presence{}, changed: map[string]bool{}}}
	var (
		devNames, haves, people, entryIDs []string
		received, reused                  []int64
		inside                            []bool
		ats                               []time.Time
		nanos                             []int16
	)
	err := pool.QueryRow(ctx, fastRead, venue, devs, iins).Scan(&devNames, &received, &reused, &haves,
		&people, &inside, &ats, &nanos, &entryIDs)
	if err != nil {
		return state, fmt.Errorf("read batch state: %w", err)
	}
	if len(received) != len(devNames) || len(reused) != len(devNames) || len(haves) != len(devNames) {
		return state, errors.New("read devices: columns of different lengths")
	}
	for i, name := range devNames {
		rec := &store.DeviceRecord{Venue: venue, Device: name, Received: received[i], Reused: reused[i]}
		if err := json.Unmarshal([]byte(haves[i]), &rec.Have); err != nil {
			return state, fmt.Errorf("read devices: %w", err)
		}
		state.records[name] = rec
	}
	if len(inside) != len(people) || len(ats) != len(people) || len(nanos) != len(people) || len(entryIDs) != len(people) {
		return state, errors.New("read presence: columns of different lengths")
	}
	for i, iin := range people {
		state.pres.rows[iin] = &store.Presence{Inside: inside[i], At: ats[i].UTC().Add(time.Duration(nanos[i])), EntryID: entryIDs[i]}
	}
	return state, nil
}

// queueBatchRead queues the reads of a batch's state: the digests of its ids
// already stored, the records of its devices and the presence of its people
// (locked when lock is set).
func queueBatchRead(b *pgx.Batch, venue string, events []wire.Event, lock bool) *pgx.Batch {
	ids := make([]string, len(events))
	devs := []string{}
	for i, e := range events {
		ids[i] = e.ID
		if !slices.Contains(devs, e.Device) {
			devs = append(devs, e.Device)
		}
	}
	b.Queue("SELECT id, digest FROM events WHERE venue = $1 AND id = ANY($2)", venue, ids)
	b.Queue(`SELECT d.venue, d.device, d.received, d.reused, d.lookups, d.last_seen, d.have
		FROM unnest($2::text[]) AS u(device) JOIN devices d ON d.venue = $1 AND d.device = u.device`, venue, devs)
	queuePresenceRead(b, venue, events, lock)
	return b
}

// scanBatchState reads the answers to queueBatchRead.
func scanBatchState(br pgx.BatchResults) (batchState, error) {
	state := batchState{stored: map[string][sha256.Size]byte{}, records: map[string]*store.DeviceRecord{}}
	rows, err := br.Query()
	if err != nil {
		return state, fmt.Errorf("read stored ids: %w", err)
	}
	var id string
	var d []byte
	_, err = pgx.ForEachRow(rows, []any{&id, &d}, func() error {
		state.stored[id] = [sha256.Size]byte(d)
		return nil
	})
	if err != nil {
		return state, fmt.Errorf("read stored ids: %w", err)
	}
	rows, err = br.Query()
	if err != nil {
		return state, fmt.Errorf("read devices: %w", err)
	}
	recs, err := pgx.CollectRows(rows, scanDevice)
	if err != nil {
		return state, fmt.Errorf("read devices: %w", err)
	}
	for i := range recs {
		state.records[recs[i].Device] = &recs[i]
	}
	state.pres, err = scanPresence(br)
	return state, err
}
