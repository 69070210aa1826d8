package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// pgPresence is the presence of the people in one batch. Under the venue
// row lock that ingestLocked takes first (every batch of the venue, on any
// replica, automatic exits included, waits for it), the rows read are the
// newest and no other transaction changes them before this one commits;
// they are written back with ON CONFLICT, one statement for the batch.
// ingestFast does the same in SQL (groupDerived).
type pgPresence struct {
	rows    map[string]*store.Presence // by IIN; nil: no record
	changed map[string]bool
	inside  int64 // the venue's head count, as ingestLocked read it
}

// queuePresenceRead queues the read of the presence records of the
// batch's people (every IIN of an entry or exit), locked for the batch's
// transaction if lock is set.
func queuePresenceRead(b *pgx.Batch, venue string, events []wire.Event, lock bool) {
	iins := presenceIINs(events)
	q := `SELECT p.iin, p.inside, p.at, p.at_ns, p.entry_id
		FROM unnest($2::text[]) AS u(iin) JOIN presence p ON p.venue = $1 AND p.iin = u.iin`
	if lock {
		q += " FOR UPDATE OF p"
	}
	b.Queue(q, venue, iins)
}

// presenceIINs are the IINs of a batch's entries and exits.
// A set keeps it linear in the batch's length (BenchmarkPrepareLongBatch).
func presenceIINs(events []wire.Event) []string {
	iins, seen := []string{}, map[string]bool{}
	for _, e := range events {
		if (e.Kind.Admits() || e.Kind == wire.Exit) && !seen[e.IIN] {
			seen[e.IIN] = true
			iins = append(iins, e.IIN)
		}
	}
	return iins
}

// scanPresence reads the answer to queuePresenceRead.
func scanPresence(br pgx.BatchResults) (*pgPresence, error) {
	p := &pgPresence{rows: map[string]*store.Presence{}, changed: map[string]bool{}}
	rows, err := br.Query()
	if err != nil {
		return nil, fmt.Errorf("read presence: %w", err)
	}
	var (
		iin   string
		rec   store.Presence
		at    time.Time
		nanos int16
	)
	_, err = pgx.ForEachRow(rows, []any{&iin, &rec.Inside, &at, &nanos, &rec.EntryID}, func() error {
		r := rec
		r.At = at.UTC().Add(time.Duration(nanos))
		p.rows[iin] = &r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read presence: %w", err)
	}
	return p, nil
}

// apply applies an accepted event by applyPresence, as boltPresence does.
func (p *pgPresence) apply(e wire.Event) {
	if !e.Kind.Admits() && e.Kind != wire.Exit {
		return
	}
	next, delta := store.ApplyPresence(p.rows[e.IIN], e)
	if next == nil {
		return
	}
	p.rows[e.IIN], p.changed[e.IIN] = next, true
	switch {
	case delta > 0:
		p.inside++
	case delta < 0 && p.inside > 0:
		p.inside--
	}
}

// queue adds the writes of the changed records to b.
func (p *pgPresence) queue(b *pgx.Batch, venue string) {
	if len(p.changed) == 0 {
		return
	}
	var (
		iins, entryIDs []string
		ins            []bool
		ats            []time.Time
		nanos          []int16
	)
	for iin := range p.changed {
		r := p.rows[iin]
		at := r.At.UTC()
		sub := at.Nanosecond() % 1000
		iins, ins, entryIDs = append(iins, iin), append(ins, r.Inside), append(entryIDs, r.EntryID)
		ats, nanos = append(ats, at.Add(-time.Duration(sub))), append(nanos, int16(sub))
	}
	b.Queue(`INSERT INTO presence (venue, iin, inside, at, at_ns, entry_id)
		SELECT $1, u.iin, u.inside, u.at, u.at_ns, u.entry_id
		FROM unnest($2::text[], $3::boolean[], $4::timestamptz[], $5::smallint[], $6::text[]) AS u(iin, inside, at, at_ns, entry_id)
		ON CONFLICT (venue, iin) DO UPDATE SET inside = EXCLUDED.inside, at = EXCLUDED.at, at_ns = EXCLUDED.at_ns,
			entry_id = EXCLUDED.entry_id`,
		venue, iins, ins, ats, nanos, entryIDs)
}

// presenceCols are presence records as the arrays a statement unnests.
type presenceCols struct {
	iins, entryIDs []string
	ins            []bool
	ats            []time.Time
	nanos          []int16
}

func (c *presenceCols) add(iin string, r store.Presence) {
	at := r.At.UTC()
	sub := at.Nanosecond() % 1000
	c.iins, c.ins, c.entryIDs = append(c.iins, iin), append(c.ins, r.Inside), append(c.entryIDs, r.EntryID)
	c.ats, c.nanos = append(c.ats, at.Add(-time.Duration(sub))), append(c.nanos, int16(sub))
}

func (st *Store) Inside(ctx context.Context, venue, iin string) (bool, error) {
	var in bool
	err := st.pool.QueryRow(ctx, "SELECT inside FROM presence WHERE venue = $1 AND iin = $2", venue, iin).Scan(&in)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return in, err
}

func (st *Store) OpenVisits(ctx context.Context, venue string) ([]store.Visit, error) {
	rows, err := st.pool.Query(ctx, `SELECT iin, at, at_ns, entry_id FROM presence
		WHERE venue = $1 AND inside ORDER BY at, at_ns, iin COLLATE "C"`, venue)
	if err != nil {
		return nil, fmt.Errorf("open visits: %w", err)
	}
	visits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Visit, error) {
		var v store.Visit
		var nanos int16
		err := row.Scan(&v.IIN, &v.Entered, &nanos, &v.EntryID)
		v.Entered = v.Entered.UTC().Add(time.Duration(nanos))
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("open visits: %w", err)
	}
	return visits, nil
}
