package pgtest

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Plain is the reference that benchmarks hold the PostgreSQL store's ingest
// to: a plain pgx client that writes each batch into the server's own
// schema (migrated by the store) with one statement, so one round trip and
// one commit, reading nothing and checking nothing. NewPlain inserts the
// events only: what the database itself takes of the same events, batches
// and concurrency. NewPlainRows also writes every other row Ingest keeps
// for a batch (the venue's counters, the hour's counts, the device's
// record, each person's presence) as blind upserts: the database's limit
// for the same rows. Receive numbers come from a counter in memory (events
// only) or the venue's row. Never use it to store anything real.
type Plain struct {
	pool *pgxpool.Pool
	rows bool             // every row, not only the events
	mu   sync.Mutex       // guards next
	next map[string]int64 // the next receive number per venue
}

// NewPlainRows is NewPlain writing every row Ingest writes.
func NewPlainRows(ctx context.Context, url string, conns int32) (*Plain, error) {
	p, err := NewPlain(ctx, url, conns)
	if p != nil {
		p.rows = true
	}
	return p, err
}

// NewPlain connects to url with at most conns connections. Every venue it
// will be sent must exist in the schema (the events reference them).
func NewPlain(ctx context.Context, url string, conns int32) (*Plain, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("plain client: %w", err)
	}
	cfg.MaxConns = conns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("plain client: %w", err)
	}
	return &Plain{pool: pool, next: map[string]int64{}}, nil
}

// Close closes the client's connections.
func (p *Plain) Close() { p.pool.Close() }

// Send inserts the batch's events for venue and acknowledges every one.
func (p *Plain) Send(ctx context.Context, venue string, b wire.EventBatch) (wire.BatchResult, error) {
	n := len(b.Events)
	var (
		ids, devs, kinds, bodies = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		ns, seqs                 = make([]int64, n), make([]int64, n)
		digests                  = make([][]byte, n)
		scanned                  = make([]time.Time, n)
	)
	p.mu.Lock()
	first := p.next[venue] + 1
	p.next[venue] += int64(n)
	p.mu.Unlock()
	for i, e := range b.Events {
		body, d, err := store.EncodeEvent(e)
		if err != nil {
			return wire.BatchResult{}, fmt.Errorf("plain client: %w", err)
		}
		ids[i], devs[i], kinds[i], bodies[i] = e.ID, e.Device, string(e.Kind), string(body)
		ns[i], seqs[i], digests[i], scanned[i] = first+int64(i), int64(e.Seq), d[:], e.ScannedAt
	}
	var err error
	if p.rows {
		err = p.sendRows(ctx, venue, b.Events, ids, digests, devs, seqs, kinds, bodies, scanned)
	} else {
		_, err = p.pool.Exec(ctx, `INSERT INTO events (venue, id, n, digest, device, seq, kind, received, body, scanned)
		SELECT $1, u.id, u.n, u.digest, u.device, u.seq, u.kind, now(), u.body::jsonb, u.scanned
		FROM unnest($2::text[], $3::bigint[], $4::bytea[], $5::text[], $6::bigint[], $7::text[], $8::text[],
			$9::timestamptz[]) AS u(id, n, digest, device, seq, kind, body, scanned)`,
			venue, ids, ns, digests, devs, seqs, kinds, bodies, scanned)
	}
	if err != nil {
		return wire.BatchResult{}, fmt.Errorf("plain client: %w", err)
	}
	return wire.BatchResult{Accepted: ids, Duplicates: []string{}, Rejected: []wire.Rejection{}}, nil
}

// sendRows writes a batch's events and every row Ingest keeps beside them
// in one statement, each from the batch alone: counters and hour counts
// added, the device's record and each person's presence overwritten.
func (p *Plain) sendRows(ctx context.Context, venue string, events []wire.Event, ids []string, digests [][]byte,
	devs []string, seqs []int64, kinds, bodies []string, scanned []time.Time) error {
	var c store.Counters
	type person struct {
		inside bool
		at     time.Time
		entry  string
	}
	people := map[string]person{}
	var seqRange [2]int64
	for i, e := range events {
		c.Add(e)
		if e.Kind.Admits() || e.Kind == wire.Exit {
			ps := person{inside: e.Kind.Admits(), at: e.ScannedAt}
			if ps.inside {
				ps.entry = e.ID
			}
			people[e.IIN] = ps
		}
		if i == 0 || seqs[i] < seqRange[0] {
			seqRange[0] = seqs[i]
		}
		seqRange[1] = max(seqRange[1], seqs[i])
	}
	var iins, entries []string
	var ins []bool
	var ats []time.Time
	for iin, ps := range people {
		iins, ins, ats, entries = append(iins, iin), append(ins, ps.inside), append(ats, ps.at), append(entries, ps.entry)
	}
	hour := store.EventHour(events[0])
	have := fmt.Sprintf(`[{"from":%d,"to":%d}]`, seqRange[0], seqRange[1])
	_, err := p.pool.Exec(ctx, `WITH v AS (
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
			VALUES ($1, $16, $4, $5, $6, $7, $8)
			ON CONFLICT (venue, hour) DO UPDATE SET entries = venue_hours.entries + EXCLUDED.entries,
				exits = venue_hours.exits + EXCLUDED.exits, refusals = venue_hours.refusals + EXCLUDED.refusals,
				overrides = venue_hours.overrides + EXCLUDED.overrides, unchecked = venue_hours.unchecked + EXCLUDED.unchecked),
		d AS (
			INSERT INTO devices (venue, device, received, reused, last_seen, have) VALUES ($1, $17, $3, 0, $2, $18::jsonb)
			ON CONFLICT (venue, device) DO UPDATE SET received = devices.received + EXCLUDED.received,
				last_seen = EXCLUDED.last_seen, have = EXCLUDED.have)
		INSERT INTO presence (venue, iin, inside, at, at_ns, entry_id)
		SELECT $1, u.iin, u.inside, u.at, 0, u.entry_id
		FROM unnest($19::text[], $20::boolean[], $21::timestamptz[], $22::text[]) AS u(iin, inside, at, entry_id)
		ON CONFLICT (venue, iin) DO UPDATE SET inside = EXCLUDED.inside, at = EXCLUDED.at, entry_id = EXCLUDED.entry_id`,
		venue, time.Now().UTC(), int64(len(events)), int64(c.Entries), int64(c.Exits), int64(c.Refusals),
		int64(c.Overrides), int64(c.Unchecked), ids, digests, devs, seqs, kinds, bodies, scanned,
		hour, events[0].Device, have, iins, ins, ats, entries)
	return err
}
