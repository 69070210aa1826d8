package boltstore

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// boltPresence applies an accepted event to the venue's presence bucket
// and head count, inside Ingest's transaction.
func boltPresence(b *bolt.Bucket, e wire.Event, c *store.Counters) error {
	if !e.Kind.Admits() && e.Kind != wire.Exit {
		return nil
	}
	var prev *store.Presence
	if v := b.Get([]byte(e.IIN)); v != nil {
		prev = &store.Presence{}
		if err := json.Unmarshal(v, prev); err != nil {
			return fmt.Errorf("decode presence: %w", err)
		}
	}
	next, delta := store.ApplyPresence(prev, e)
	if next == nil {
		return nil
	}
	data, _ := json.Marshal(next)
	if err := b.Put([]byte(e.IIN), data); err != nil {
		return fmt.Errorf("put presence: %w", err)
	}
	switch {
	case delta > 0:
		c.Inside++
	case delta < 0 && c.Inside > 0:
		c.Inside--
	}
	return nil
}

// Inside reports whether iin is inside venue.
func (st *Store) Inside(_ context.Context, venue, iin string) (bool, error) {
	var in bool
	err := st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, venue)
		if vb == nil || vb.Bucket(bktInside) == nil {
			return nil
		}
		v := vb.Bucket(bktInside).Get([]byte(iin))
		if v == nil {
			return nil
		}
		var p store.Presence
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("decode presence: %w", err)
		}
		in = p.Inside
		return nil
	})
	return in, err
}

// OpenVisits lists venue's people inside, oldest entry first.
func (st *Store) OpenVisits(_ context.Context, venue string) ([]store.Visit, error) {
	var out []store.Visit
	err := st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, venue)
		if vb == nil || vb.Bucket(bktInside) == nil {
			return nil
		}
		return vb.Bucket(bktInside).ForEach(func(k, v []byte) error {
			var p store.Presence
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("decode presence: %w", err)
			}
			if p.Inside {
				out = append(out, store.Visit{IIN: string(k), Entered: p.At, EntryID: p.EntryID})
			}
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Entered.Before(out[j].Entered) })
	return out, err
}
