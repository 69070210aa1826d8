package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/registry"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// FactStore and AuditStore on PostgreSQL (pgschema/0010_facts.sql,
// 0011_audit.sql). A batch locks the registry rows of the people it names
// (FOR UPDATE, in IIN order) before it reads their facts, so a pass being
// recorded (which locks the row FOR SHARE) is either seen and revoked or
// refused as stale, and two replicas storing facts of one person take turns.
// A correction that moves a fact to another person locks that person too;
// the rare deadlock this allows is retried.

// retryable is a deadlock or a serialization failure: run the transaction
// again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// withRetry runs fn in a transaction, again after a deadlock.
func (st *Store) withRetry(ctx context.Context, fn func(pgx.Tx) error) error {
	var err error
	for range 5 {
		if err = pgx.BeginFunc(ctx, st.pool, fn); !retryable(err) {
			return err
		}
	}
	return err
}

// heldFacts reads the facts with these keys, locking them.
func heldFacts(ctx context.Context, tx pgx.Tx, keys []string) (map[string]registry.Stored, error) {
	rows, err := tx.Query(ctx, "SELECT body, feeder, received FROM facts WHERE key = ANY($1) ORDER BY key FOR UPDATE", keys)
	if err != nil {
		return nil, fmt.Errorf("read facts: %w", err)
	}
	out := map[string]registry.Stored{}
	for rows.Next() {
		s, err := scanFact(rows)
		if err != nil {
			return nil, err
		}
		out[s.Key()] = s
	}
	return out, rows.Err()
}

func scanFact(rows pgx.Rows) (registry.Stored, error) {
	var body []byte
	var s registry.Stored
	if err := rows.Scan(&body, &s.Feeder, &s.Received); err != nil {
		return s, err
	}
	if err := json.Unmarshal(body, &s.Fact); err != nil {
		return s, fmt.Errorf("decode fact: %w", err)
	}
	s.Received = s.Received.UTC()
	return s, nil
}

// factsOf reads the facts of people, by IIN.
func factsOf(ctx context.Context, tx pgx.Tx, iins []string) (map[string][]registry.Fact, error) {
	rows, err := tx.Query(ctx, "SELECT body, feeder, received FROM facts WHERE iin = ANY($1)", iins)
	if err != nil {
		return nil, fmt.Errorf("read facts: %w", err)
	}
	out := map[string][]registry.Fact{}
	for rows.Next() {
		s, err := scanFact(rows)
		if err != nil {
			return nil, err
		}
		out[s.IIN] = append(out[s.IIN], s.Fact)
	}
	return out, rows.Err()
}

func (st *Store) PutFacts(ctx context.Context, b store.FactBatch) (store.FactResult, error) {
	var res store.FactResult
	keys := make([]string, 0, len(b.Facts))
	people := map[string]bool{}
	for _, f := range b.Facts {
		keys = append(keys, f.Key())
		people[f.IIN] = true
	}
	err := st.withRetry(ctx, func(tx pgx.Tx) error {
		iins := sortedKeys(people)
		recorded, err := lockRegistry(ctx, tx, iins, "UPDATE")
		if err != nil {
			return err
		}
		held, err := heldFacts(ctx, tx, keys)
		if err != nil {
			return err
		}
		plan := store.PlanFacts(b, held)
		var more []string // people a correction moves a fact away from
		for _, id := range plan.Touched {
			if _, ok := recorded[id]; !ok {
				more = append(more, id)
			}
		}
		if len(more) > 0 {
			r, err := lockRegistry(ctx, tx, more, "UPDATE")
			if err != nil {
				return err
			}
			for k, v := range r {
				recorded[k] = v
			}
		}
		if err := writeFacts(ctx, tx, plan.Writes); err != nil {
			return err
		}
		facts, err := factsOf(ctx, tx, plan.Touched)
		if err != nil {
			return err
		}
		res = store.FactResult{Outcomes: plan.Outcomes}
		entries := plan.Entries
		for _, id := range plan.Touched {
			if s := b.Judge(facts[id]); s != recorded[id] {
				c := store.StatusChange{IIN: id, From: recorded[id], To: s}
				res.Changes = append(res.Changes, c)
				entries = append(entries, store.ChangeEntry(c, b.Now, b.Feeder, "facts from "+b.Feeder))
			}
		}
		if err := recordColours(ctx, tx, res.Changes, b.Now); err != nil {
			return err
		}
		return appendAudit(ctx, tx, entries)
	})
	if err != nil {
		return store.FactResult{}, fmt.Errorf("put facts: %w", err)
	}
	return res, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

// writeFacts upserts facts, in one round trip.
func writeFacts(ctx context.Context, tx pgx.Tx, ws []registry.Stored) error {
	if len(ws) == 0 {
		return nil
	}
	keys, iins, feeders := make([]string, len(ws)), make([]string, len(ws)), make([]string, len(ws))
	digests, bodies := make([][]byte, len(ws)), make([]string, len(ws))
	received := make([]time.Time, len(ws))
	for i, w := range ws {
		body, err := json.Marshal(w.Fact)
		if err != nil {
			return fmt.Errorf("encode fact: %w", err)
		}
		d := w.Digest()
		keys[i], iins[i], feeders[i], digests[i], bodies[i], received[i] = w.Key(), w.IIN, w.Feeder, d[:], string(body), w.Received
	}
	_, err := tx.Exec(ctx, `INSERT INTO facts (key, iin, digest, feeder, received, body)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::text[], $5::timestamptz[], $6::jsonb[])
		ON CONFLICT (key) DO UPDATE SET iin = excluded.iin, digest = excluded.digest, feeder = excluded.feeder,
			received = excluded.received, body = excluded.body`, keys, iins, digests, feeders, received, bodies)
	if err != nil {
		return fmt.Errorf("put facts: %w", err)
	}
	return nil
}

// recordColours writes the changed colours and revokes the people's passes.
func recordColours(ctx context.Context, tx pgx.Tx, cs []store.StatusChange, now time.Time) error {
	if len(cs) == 0 {
		return nil
	}
	iins, cols := make([]string, len(cs)), make([]string, len(cs))
	for i, c := range cs {
		iins[i], cols[i] = c.IIN, string(c.To)
	}
	if _, err := tx.Exec(ctx, `UPDATE registry SET status = u.status FROM unnest($1::text[], $2::text[]) AS u(iin, status)
		WHERE registry.iin = u.iin`, iins, cols); err != nil {
		return fmt.Errorf("put registry: %w", err)
	}
	rows, err := tx.Query(ctx, "SELECT id FROM passes WHERE iin = ANY($1) AND revoked IS NULL ORDER BY id FOR UPDATE", iins)
	if err != nil {
		return fmt.Errorf("passes to revoke: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("passes to revoke: %w", err)
	}
	return pgRevoke(ctx, tx, ids, wire.DenyStatusChanged, now)
}

func (st *Store) PersonFacts(ctx context.Context, iin string) (store.Person, error) {
	p := store.Person{Recorded: wire.Blue}
	b := &pgx.Batch{}
	b.Queue("SELECT status FROM registry WHERE iin = $1", iin)
	b.Queue("SELECT body, feeder, received FROM facts WHERE iin = $1", iin)
	br := st.pool.SendBatch(ctx, b)
	defer br.Close()
	var s string
	switch err := br.QueryRow().Scan(&s); {
	case err == nil:
		p.Recorded = wire.Status(s)
	case !errors.Is(err, pgx.ErrNoRows):
		return store.Person{}, err
	}
	rows, err := br.Query()
	if err != nil {
		return store.Person{}, err
	}
	for rows.Next() {
		f, err := scanFact(rows)
		if err != nil {
			rows.Close()
			return store.Person{}, err
		}
		p.Facts = append(p.Facts, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return store.Person{}, err
	}
	return p, br.Close()
}

func (st *Store) Settle(ctx context.Context, iin string, now time.Time, judge store.Judge, actor string) (wire.Status, bool, error) {
	var s wire.Status
	var changed bool
	err := st.withRetry(ctx, func(tx pgx.Tx) error {
		changed = false
		recorded, err := lockRegistry(ctx, tx, []string{iin}, "UPDATE")
		if err != nil {
			return err
		}
		facts, err := factsOf(ctx, tx, []string{iin})
		if err != nil {
			return err
		}
		s = judge(facts[iin])
		if s == recorded[iin] {
			return nil
		}
		changed = true
		c := store.StatusChange{IIN: iin, From: recorded[iin], To: s}
		if err := recordColours(ctx, tx, []store.StatusChange{c}, now); err != nil {
			return err
		}
		return appendAudit(ctx, tx, []audit.Entry{store.ChangeEntry(c, now, actor, "expired")})
	})
	return s, changed, err
}

// appendAudit numbers entries under the counter row's lock and stores them;
// call it last in a transaction, so the lock is held only to the commit.
func appendAudit(ctx context.Context, tx pgx.Tx, entries []audit.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	for i := range entries {
		if err := entries[i].Validate(); err != nil {
			return fmt.Errorf("audit entry: %w", err)
		}
	}
	var last int64
	if err := tx.QueryRow(ctx, "UPDATE audit_counter SET seq = seq + $1 WHERE id = 1 RETURNING seq", len(entries)).Scan(&last); err != nil {
		return fmt.Errorf("audit counter: %w", err)
	}
	n := len(entries)
	seqs, ats := make([]int64, n), make([]time.Time, n)
	kinds, actors, subjects, iins, details := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, e := range entries {
		seqs[i], ats[i] = last-int64(n)+1+int64(i), e.At
		kinds[i], actors[i], subjects[i], iins[i], details[i] = string(e.Kind), e.Actor, e.Subject, e.IIN, e.Detail
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit (seq, at, kind, actor, subject, iin, detail)
		SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
		seqs, ats, kinds, actors, subjects, iins, details)
	if err != nil {
		return fmt.Errorf("put audit entries: %w", err)
	}
	return nil
}

func (st *Store) AppendAudit(ctx context.Context, entries ...audit.Entry) error {
	return pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error { return appendAudit(ctx, tx, entries) })
}

func (st *Store) ListAudit(ctx context.Context, q audit.Query) ([]audit.Entry, bool, error) {
	limit := q.PageLimit()
	where, args := "TRUE", []any{}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if q.IIN != "" {
		where += " AND iin = " + arg(q.IIN)
	}
	switch {
	case q.Kind != "" && q.Kind[len(q.Kind)-1] == '.':
		where += " AND starts_with(kind, " + arg(q.Kind) + ")"
	case q.Kind != "":
		where += " AND kind = " + arg(q.Kind)
	}
	order := "ASC"
	if q.Newest {
		order = "DESC"
	}
	if q.After > 0 {
		where += " AND seq > " + arg(int64(min(q.After, 1<<63-1)))
	}
	if q.Newest && q.Before > 0 {
		where += " AND seq < " + arg(int64(min(q.Before, 1<<63-1)))
	}
	rows, err := st.pool.Query(ctx, "SELECT seq, at, kind, actor, subject, iin, detail FROM audit WHERE "+where+
		" ORDER BY seq "+order+" LIMIT "+arg(limit+1), args...)
	if err != nil {
		return nil, false, err
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (audit.Entry, error) {
		var e audit.Entry
		var seq int64
		var kind string
		err := row.Scan(&seq, &e.At, &kind, &e.Actor, &e.Subject, &e.IIN, &e.Detail)
		e.Seq, e.Kind, e.At = uint64(seq), audit.Kind(kind), e.At.UTC()
		return e, err
	})
	if err != nil {
		return nil, false, err
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return append([]audit.Entry{}, out...), more, nil
}

func (st *Store) PruneAudit(ctx context.Context, before time.Time) (int, error) {
	tag, err := st.pool.Exec(ctx, "DELETE FROM audit WHERE at < $1", before)
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}

func sortStrings(s []string) { slices.Sort(s) }
