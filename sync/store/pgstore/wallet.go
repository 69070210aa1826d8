package pgstore

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ashyq/kiosk/sync/store"
)

// WalletStore on PostgreSQL (pgschema/0025_enrol_codes.sql).

func (st *Store) PutEnrolCode(ctx context.Context, c store.EnrolCode) error {
	_, err := st.pool.Exec(ctx, `INSERT INTO enrol_codes (iin, hash, created_at, expires_at, max_attempts)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (iin) DO UPDATE SET hash = EXCLUDED.hash, created_at = EXCLUDED.created_at,
			expires_at = EXCLUDED.expires_at, max_attempts = EXCLUDED.max_attempts, attempts = 0, used_at = NULL`,
		c.IIN, c.Hash, c.CreatedAt.UTC(), c.ExpiresAt.UTC(), c.MaxAttempts)
	return err
}

func (st *Store) RedeemEnrolCode(ctx context.Context, iin string, hash []byte, now time.Time) (store.Redeem, error) {
	var r store.Redeem
	err := pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		c := store.EnrolCode{IIN: iin}
		var used *time.Time
		err := tx.QueryRow(ctx, `SELECT hash, created_at, expires_at, max_attempts, attempts, used_at
			FROM enrol_codes WHERE iin = $1 FOR UPDATE`, iin).
			Scan(&c.Hash, &c.CreatedAt, &c.ExpiresAt, &c.MaxAttempts, &c.Attempts, &used)
		if errors.Is(err, pgx.ErrNoRows) {
			r = store.Redeem{Outcome: store.RedeemNoCode}
			return nil
		}
		if err != nil {
			return err
		}
		if used != nil {
			c.UsedAt = *used
		}
		next, write := store.EnrolCode{}, false
		r, next, write = c.Judge(hash, now)
		if !write {
			return nil
		}
		var usedAt *time.Time
		if !next.UsedAt.IsZero() {
			usedAt = &next.UsedAt
		}
		_, err = tx.Exec(ctx, "UPDATE enrol_codes SET attempts = $2, used_at = $3 WHERE iin = $1", iin, next.Attempts, usedAt)
		return err
	})
	return r, err
}

func (st *Store) PassRevoked(ctx context.Context, id string) (string, error) {
	var reason *string
	err := st.pool.QueryRow(ctx, "SELECT revoked FROM passes WHERE id = $1", id).Scan(&reason)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", store.ErrUnknownPass
	}
	if err != nil || reason == nil {
		return "", err
	}
	return *reason, nil
}
