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

// PassStore on PostgreSQL (pgschema/0003_passes.sql). Every replica signs
// with the same keys and serves the same deny list. Three rules keep it as
// exact as bbolt's single writer:
//   - key creation and rotation take an advisory transaction lock, so
//     replicas starting together make one key, not one each;
//   - a pass is recorded and a status changed under the registry row's lock
//     (the row is created blue if the registry does not know the person, which
//     is what blue means), so a pass is either seen and revoked by the status
//     change or refused as stale: it never outlives its status;
//   - deny entries are numbered under the deny_counter row's lock, so they
//     become visible in order and "after N" never skips one.

// keysLockKey is the advisory lock of key creation and rotation.
const keysLockKey = 0x61736879_71000002

func (st *Store) EnsureIssuerKey(ctx context.Context, now time.Time, demo bool) error {
	return pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(keysLockKey)); err != nil {
			return err
		}
		cur, err := pgCurrentKey(ctx, tx, now)
		switch {
		case err == nil && cur.KID == store.DemoKeyID && !demo:
			// The demo key's seed is public: a store that once ran the demo
			// must not sign, or have kiosks trust, with it outside it. It
			// ends now, and a random key takes over (as in bbolt).
			if _, err := tx.Exec(ctx, "UPDATE issuer_keys SET not_after = $1 WHERE kid = $2",
				now.UTC(), store.DemoKeyID); err != nil {
				return err
			}
		case err == nil || !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		k := store.IssuerKey{NotBefore: now.UTC().Truncate(time.Second)}
		if demo {
			k.KID, k.Seed = store.DemoKeyID, store.DemoKeySeed()
			k.NotBefore = time.Unix(0, 0).UTC() // as in bbolt: valid for every demo process
		} else if err := store.RandomKey(&k); err != nil {
			return err
		}
		// A demo key retired by a non-demo run comes back for the next demo
		// run; random key ids never collide.
		_, err = tx.Exec(ctx, `INSERT INTO issuer_keys (kid, seed, not_before) VALUES ($1, $2, $3)
			ON CONFLICT (kid) DO UPDATE SET not_after = NULL`, k.KID, k.Seed, k.NotBefore)
		return err
	})
}

// pgCurrentKey is the newest key without an end; pgx.ErrNoRows if none.
func pgCurrentKey(ctx context.Context, q pgx.Tx, now time.Time) (store.IssuerKey, error) {
	var k store.IssuerKey
	err := q.QueryRow(ctx, `SELECT kid, seed, not_before FROM issuer_keys
		WHERE not_after IS NULL AND not_before <= $1 ORDER BY not_before DESC LIMIT 1`, now).Scan(&k.KID, &k.Seed, &k.NotBefore)
	k.NotBefore = k.NotBefore.UTC()
	return k, err
}

func (st *Store) RotateIssuerKeys(ctx context.Context, now time.Time, grace time.Duration) (string, error) {
	var kid string
	err := pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(keysLockKey)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE issuer_keys SET not_after = $1 WHERE not_after IS NULL",
			now.Add(grace).UTC().Truncate(time.Second)); err != nil {
			return err
		}
		k := store.IssuerKey{NotBefore: now.UTC().Truncate(time.Second)}
		if err := store.RandomKey(&k); err != nil {
			return err
		}
		kid = k.KID
		_, err := tx.Exec(ctx, "INSERT INTO issuer_keys (kid, seed, not_before) VALUES ($1, $2, $3)", k.KID, k.Seed, k.NotBefore)
		return err
	})
	return kid, err
}

func (st *Store) CurrentIssuerKey(ctx context.Context, now time.Time) (store.IssuerKey, error) {
	var k store.IssuerKey
	err := pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		var err error
		k, err = pgCurrentKey(ctx, tx, now)
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return store.IssuerKey{}, errors.New("no current issuer key")
	}
	return k, err
}

func (st *Store) IssuerKeys(ctx context.Context, now time.Time) ([]store.IssuerKey, error) {
	rows, err := st.pool.Query(ctx, `SELECT kid, seed, not_before, not_after FROM issuer_keys
		WHERE not_after IS NULL OR not_after > $1 ORDER BY not_before`, now.Add(-store.KeyRetention))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.IssuerKey, error) {
		var k store.IssuerKey
		var end *time.Time
		err := row.Scan(&k.KID, &k.Seed, &k.NotBefore, &end)
		k.NotBefore = k.NotBefore.UTC()
		if end != nil {
			k.NotAfter = end.UTC()
		}
		return k, err
	})
}

// lockRegistry makes sure each IIN has a registry row (blue, what an unknown
// person is) and locks the rows: FOR UPDATE to change them, FOR SHARE to
// rely on them. It returns the statuses.
func lockRegistry(ctx context.Context, tx pgx.Tx, iins []string, mode string) (map[string]wire.Status, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO registry (iin, status) SELECT u, 'blue' FROM unnest($1::text[]) AS u
		ON CONFLICT (iin) DO NOTHING`, iins); err != nil {
		return nil, fmt.Errorf("registry rows: %w", err)
	}
	rows, err := tx.Query(ctx, "SELECT iin, status FROM registry WHERE iin = ANY($1) ORDER BY iin FOR "+mode, iins)
	if err != nil {
		return nil, fmt.Errorf("lock registry: %w", err)
	}
	out := map[string]wire.Status{}
	for rows.Next() {
		var id, s string
		if err := rows.Scan(&id, &s); err != nil {
			return nil, err
		}
		out[id] = wire.Status(s)
	}
	return out, rows.Err()
}

// putStatusesRevoking is PutStatuses with the pass rule: under the rows'
// locks, every person whose status changes loses their passes, in the same
// transaction.
func (st *Store) putStatusesRevoking(ctx context.Context, m map[string]wire.Status) error {
	iins := make([]string, 0, len(m))
	cols := make([]string, 0, len(m))
	for k, v := range m {
		iins = append(iins, k)
		cols = append(cols, string(v))
	}
	return pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		old, err := lockRegistry(ctx, tx, iins, "UPDATE")
		if err != nil {
			return err
		}
		var changed []string
		for k, v := range m {
			if old[k] != v {
				changed = append(changed, k)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE registry SET status = u.status FROM unnest($1::text[], $2::text[]) AS u(iin, status)
			WHERE registry.iin = u.iin`, iins, cols); err != nil {
			return fmt.Errorf("put registry: %w", err)
		}
		if len(changed) == 0 {
			return nil
		}
		rows, err := tx.Query(ctx, "SELECT id FROM passes WHERE iin = ANY($1) AND revoked IS NULL ORDER BY id FOR UPDATE", changed)
		if err != nil {
			return fmt.Errorf("passes to revoke: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("passes to revoke: %w", err)
		}
		return pgRevoke(ctx, tx, ids, wire.DenyStatusChanged, time.Now())
	})
}

// pgRevoke marks passes revoked and appends them to the deny list, numbered
// under the counter row's lock.
func pgRevoke(ctx context.Context, tx pgx.Tx, ids []string, reason string, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	var last int64
	if err := tx.QueryRow(ctx, "UPDATE deny_counter SET seq = seq + $1 WHERE id = 1 RETURNING seq", len(ids)).Scan(&last); err != nil {
		return fmt.Errorf("deny counter: %w", err)
	}
	b := &pgx.Batch{}
	first := last - int64(len(ids)) + 1
	for i, id := range ids {
		b.Queue("UPDATE passes SET revoked = $2 WHERE id = $1", id, reason)
		b.Queue("INSERT INTO denylist (seq, pass_id, reason, at) VALUES ($1, $2, $3, $4)", first+int64(i), id, reason, now.UTC())
	}
	return tx.SendBatch(ctx, b).Close()
}

func (st *Store) RecordPass(ctx context.Context, id string, rec store.PassRecord) (stale bool, err error) {
	err = pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		cur, err := lockRegistry(ctx, tx, []string{rec.IIN}, "SHARE")
		if err != nil {
			return err
		}
		if cur[rec.IIN] != rec.Status {
			stale = true
			return nil
		}
		_, err = tx.Exec(ctx, `INSERT INTO passes (id, iin, kid, status, issued_at, valid_until) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, rec.IIN, rec.KID, string(rec.Status), rec.IssuedAt, rec.ValidUntil)
		return err
	})
	return stale, err
}

func (st *Store) RevokePass(ctx context.Context, id, reason string, now time.Time) error {
	return pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		var revoked *string
		err := tx.QueryRow(ctx, "SELECT revoked FROM passes WHERE id = $1 FOR UPDATE", id).Scan(&revoked)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrUnknownPass
		}
		if err != nil || revoked != nil {
			return err // revoking twice changes nothing
		}
		return pgRevoke(ctx, tx, []string{id}, reason, now)
	})
}

func (st *Store) DenyList(ctx context.Context, after uint64, limit int) ([]wire.DenyEntry, bool, error) {
	out := []wire.DenyEntry{}
	if after >= 1<<63-1 {
		return out, false, nil
	}
	rows, err := st.pool.Query(ctx, "SELECT seq, pass_id, reason, at FROM denylist WHERE seq > $1 ORDER BY seq LIMIT $2",
		int64(after), limit+1)
	return pgDenyPage(rows, err, limit)
}

func (st *Store) RecentDenied(ctx context.Context, limit int) ([]wire.DenyEntry, bool, error) {
	rows, err := st.pool.Query(ctx, "SELECT seq, pass_id, reason, at FROM denylist ORDER BY seq DESC LIMIT $1", limit+1)
	return pgDenyPage(rows, err, limit)
}

// pgDenyPage reads up to limit deny entries of a query that asked for one
// more, and reports whether that one came.
func pgDenyPage(rows pgx.Rows, err error, limit int) ([]wire.DenyEntry, bool, error) {
	if err != nil {
		return nil, false, err
	}
	es, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (wire.DenyEntry, error) {
		var d wire.DenyEntry
		var seq int64
		err := row.Scan(&seq, &d.PassID, &d.Reason, &d.At)
		d.Seq, d.At = uint64(seq), d.At.UTC()
		return d, err
	})
	if err != nil {
		return nil, false, err
	}
	more := len(es) > limit
	if more {
		es = es[:limit]
	}
	return append([]wire.DenyEntry{}, es...), more, nil
}
