package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ashyq/kiosk/sync/store"
)

// UseProof claims a proof in one statement (store.ProofStore). A row that
// has expired but is not pruned yet is taken over. When the insert finds a
// live row, a second statement reads it. Of two replicas inserting one id
// at once, the second waits for the first's commit and then finds its row.
func (st *Store) UseProof(ctx context.Context, u store.ProofUse, peek bool) (store.ProofUse, bool, error) {
	if !peek {
		tag, err := st.pool.Exec(ctx, `INSERT INTO proof_uses (id, venue, device, door, at, until)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (id) DO UPDATE SET venue = EXCLUDED.venue, device = EXCLUDED.device, door = EXCLUDED.door,
				at = EXCLUDED.at, until = EXCLUDED.until
			WHERE proof_uses.until < EXCLUDED.at`,
			u.ID[:], u.Venue, u.Device, u.Door, u.At, u.Until)
		if err != nil {
			return store.ProofUse{}, false, fmt.Errorf("use proof: %w", err)
		}
		if tag.RowsAffected() == 1 {
			return store.ProofUse{}, false, nil
		}
	}
	first := store.ProofUse{ID: u.ID}
	err := st.pool.QueryRow(ctx, `SELECT venue, device, door, at, until FROM proof_uses WHERE id = $1 AND until >= $2`,
		u.ID[:], u.At).Scan(&first.Venue, &first.Device, &first.Door, &first.At, &first.Until)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		// Unknown; or, after the insert, pruned in between because it
		// expired at this very moment: as good as unknown.
		return store.ProofUse{}, false, nil
	case err != nil:
		return store.ProofUse{}, false, fmt.Errorf("read proof use: %w", err)
	}
	first.At, first.Until = first.At.UTC(), first.Until.UTC()
	return first, true, nil
}

// PruneProofs deletes the expired uses and counts the rest
// (store.ProofStore).
func (st *Store) PruneProofs(ctx context.Context, now time.Time) (int, error) {
	if _, err := st.pool.Exec(ctx, "DELETE FROM proof_uses WHERE until < $1", now); err != nil {
		return 0, fmt.Errorf("prune proofs: %w", err)
	}
	var n int
	if err := st.pool.QueryRow(ctx, "SELECT count(*) FROM proof_uses").Scan(&n); err != nil {
		return 0, fmt.Errorf("count proofs: %w", err)
	}
	return n, nil
}
