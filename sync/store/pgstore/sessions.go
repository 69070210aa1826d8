package pgstore

import (
	"context"
	"crypto/sha256"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ashyq/kiosk/sync/store"
)

const sessionCols = "hash, credential, credential_hash, kind, venue, created, expires, last_seen, client"

func scanSession(row pgx.CollectableRow) (store.Session, error) {
	var s store.Session
	var hash, credHash []byte
	var kind string
	err := row.Scan(&hash, &s.Credential, &credHash, &kind, &s.Venue, &s.Created, &s.Expires, &s.LastSeen, &s.Client)
	copy(s.Hash[:], hash)
	copy(s.CredentialHash[:], credHash)
	s.Kind = store.CredentialKind(kind)
	s.Created, s.Expires, s.LastSeen = s.Created.UTC(), s.Expires.UTC(), s.LastSeen.UTC()
	return s, err
}

func (st *Store) PutSession(ctx context.Context, s store.Session) error {
	_, err := st.pool.Exec(ctx, "INSERT INTO sessions ("+sessionCols+") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		s.Hash[:], s.Credential, s.CredentialHash[:], string(s.Kind), s.Venue, s.Created, s.Expires, s.LastSeen, s.Client)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return store.ErrExists
	}
	return err
}

func (st *Store) Session(ctx context.Context, hash [sha256.Size]byte) (store.Session, error) {
	rows, err := st.pool.Query(ctx, "SELECT "+sessionCols+" FROM sessions WHERE hash = $1", hash[:])
	if err != nil {
		return store.Session{}, err
	}
	s, err := pgx.CollectExactlyOneRow(rows, scanSession)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Session{}, store.ErrNotFound
	}
	return s, err
}

func (st *Store) TouchSession(ctx context.Context, hash [sha256.Size]byte, at time.Time) error {
	tag, err := st.pool.Exec(ctx, "UPDATE sessions SET last_seen = $2 WHERE hash = $1", hash[:], at)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (st *Store) DeleteSession(ctx context.Context, hash [sha256.Size]byte) error {
	_, err := st.pool.Exec(ctx, "DELETE FROM sessions WHERE hash = $1", hash[:])
	return err
}

func (st *Store) Sessions(ctx context.Context, credential string, now time.Time, limit int) ([]store.Session, error) {
	rows, err := st.pool.Query(ctx, "SELECT "+sessionCols+` FROM sessions
		WHERE ($1 = '' OR credential = $1) AND expires > $2 ORDER BY created DESC LIMIT $3`, credential, now, limit)
	if err != nil {
		return nil, err
	}
	ss, err := pgx.CollectRows(rows, scanSession)
	return append([]store.Session{}, ss...), err
}

func (st *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	tag, err := st.pool.Exec(ctx, "DELETE FROM sessions WHERE expires <= $1", now)
	return int(tag.RowsAffected()), err
}
