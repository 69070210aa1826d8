package pgstore

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Ingest commits one batch in one transaction (which may hold the batches
// written beside it), in one of two ways with the same guarantees.
//
// The venue's row orders the venue's batches across every replica: the
// receive numbers n are handed out while its row is locked, so they are
// committed in the order they were given, and a batch of the venue can only
// take numbers after the previous one is visible. So a reader who has seen
// event n has seen every event below n, and the listing cursor ("after n")
// never skips an event that a slower replica commits later. Batches of
// different venues run in parallel.
//
// The usual batch (new events of a known venue) takes one round trip and
// holds no lock across it: ingestFast plans in Go what the batches alone
// decide and sends one implicit transaction that locks the venues' rows,
// inserts the events and reads and writes the devices and presence they
// touch (see there). Batches that arrive while others are being written
// are written together, one after another in that transaction (group.go).
// Anything else (a duplicate or conflicting id, a new venue, a head count
// that would reach zero) goes to ingestLocked, which locks the venue first
// and plans from what it reads under the lock.
func (st *Store) Ingest(ctx context.Context, venue string, events []wire.Event, now time.Time) (store.IngestResult, error) {
	if len(events) > 0 {
		st.batches.Add(1)
		f, _, err := prepareFast(venue, events, now)
		if err != nil {
			return store.IngestResult{}, fmt.Errorf("store batch: %w", err)
		}
		res, err := st.ingestGrouped(ctx, &groupEntry{venue: venue, events: events, now: now, fast: f})
		if err != nil {
			return store.IngestResult{}, fmt.Errorf("store batch: %w", err)
		}
		return res, nil
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
