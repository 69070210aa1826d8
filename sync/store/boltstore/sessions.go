package boltstore

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/store"
)

// bktSessions holds web sessions: SHA-256 of the session id -> store.Session
// JSON. There are few (one per operator or owner logged in), so the
// credential's sessions are found by walking them.
var bktSessions = []byte("sessions")

func (st *Store) PutSession(_ context.Context, s store.Session) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktSessions)
		if b.Get(s.Hash[:]) != nil {
			return store.ErrExists
		}
		data, _ := json.Marshal(s)
		return b.Put(s.Hash[:], data)
	})
}

func getSession(b *bolt.Bucket, hash []byte) (store.Session, error) {
	v := b.Get(hash)
	if v == nil {
		return store.Session{}, store.ErrNotFound
	}
	var s store.Session
	if err := json.Unmarshal(v, &s); err != nil {
		return store.Session{}, fmt.Errorf("decode session: %w", err)
	}
	return s, nil
}

func (st *Store) Session(_ context.Context, hash [sha256.Size]byte) (s store.Session, err error) {
	err = st.db.View(func(tx *bolt.Tx) error {
		s, err = getSession(tx.Bucket(bktSessions), hash[:])
		return err
	})
	return s, err
}

func (st *Store) TouchSession(_ context.Context, hash [sha256.Size]byte, at time.Time) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktSessions)
		s, err := getSession(b, hash[:])
		if err != nil {
			return err
		}
		s.LastSeen = at.UTC()
		data, _ := json.Marshal(s)
		return b.Put(hash[:], data)
	})
}

func (st *Store) DeleteSession(_ context.Context, hash [sha256.Size]byte) error {
	return st.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bktSessions).Delete(hash[:]) })
}

func (st *Store) Sessions(_ context.Context, credential string, now time.Time, limit int) ([]store.Session, error) {
	out := []store.Session{}
	err := st.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bktSessions).ForEach(func(_, v []byte) error {
			var s store.Session
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("decode session: %w", err)
			}
			if (credential == "" || s.Credential == credential) && s.Expires.After(now) {
				out = append(out, s)
			}
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, err
}

func (st *Store) DeleteExpiredSessions(_ context.Context, now time.Time) (n int, err error) {
	err = st.db.Update(func(tx *bolt.Tx) error {
		n = 0
		return deleteSessionsWhere(tx, func(s store.Session) bool { return !s.Expires.After(now) }, &n)
	})
	return n, err
}

// deleteSessionsWhere deletes the sessions match selects, counting them.
func deleteSessionsWhere(tx *bolt.Tx, match func(store.Session) bool, n *int) error {
	b := tx.Bucket(bktSessions)
	var gone [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var s store.Session
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("decode session: %w", err)
		}
		if match(s) {
			gone = append(gone, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range gone {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	*n += len(gone)
	return nil
}
