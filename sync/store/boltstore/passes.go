package boltstore

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// The pass issuer's buckets (PassStore in bbolt): issuer keys (private halves included: the file
// is the issuer's secret, mode 0600), issued passes, an index of passes by
// IIN for revocation when a status changes, and the deny list in sequence
// order.
var (
	bktIssuerKeys = []byte("issuer_keys") // kid -> store.IssuerKey JSON
	bktPasses     = []byte("passes")      // pass id -> store.PassRecord JSON
	bktPassByIIN  = []byte("pass_by_iin") // iin + pass id -> nothing
	bktDeny       = []byte("denylist")    // seq (u64) -> wire.DenyEntry JSON
)

var passBuckets = [][]byte{bktIssuerKeys, bktPasses, bktPassByIIN, bktDeny}

// EnsureIssuerKey makes an issuer key if there is no current one: the demo
// key in demo mode, else a random one.
func (st *Store) EnsureIssuerKey(_ context.Context, now time.Time, demo bool) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		cur, ok, err := currentKey(tx, now)
		if err != nil {
			return err
		}
		if ok && cur.KID == store.DemoKeyID && !demo {
			// The demo key's seed is public: a store that once ran the
			// demo must not sign, or have kiosks trust, with it outside
			// it. It ends now, and a random key takes over.
			cur.NotAfter = now.UTC()
			if err := putJSON(tx.Bucket(bktIssuerKeys), []byte(cur.KID), cur); err != nil {
				return err
			}
			ok = false
		}
		if ok {
			return nil
		}
		k := store.IssuerKey{NotBefore: now.UTC().Truncate(time.Second)}
		if demo {
			k.KID, k.Seed = store.DemoKeyID, store.DemoKeySeed()
			// The demo key exists from the epoch on, so a pass minted by
			// another demo process is never "not yet valid".
			k.NotBefore = time.Unix(0, 0).UTC()
		} else if err := store.RandomKey(&k); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bktIssuerKeys), []byte(k.KID), k)
	})
}

// currentKey is the newest key without an end.
func currentKey(tx *bolt.Tx, now time.Time) (store.IssuerKey, bool, error) {
	var best store.IssuerKey
	found := false
	err := eachKey(tx, func(k store.IssuerKey) {
		if k.NotAfter.IsZero() && !k.NotBefore.After(now) && (!found || k.NotBefore.After(best.NotBefore)) {
			best, found = k, true
		}
	})
	return best, found, err
}

func eachKey(tx *bolt.Tx, fn func(store.IssuerKey)) error {
	return tx.Bucket(bktIssuerKeys).ForEach(func(_, v []byte) error {
		var k store.IssuerKey
		if err := json.Unmarshal(v, &k); err != nil {
			return fmt.Errorf("issuer key: %w", err)
		}
		fn(k)
		return nil
	})
}

// RotateIssuerKeys makes a new current key; every key without an end so far stays
// valid for grace more. It returns the new key's id.
func (st *Store) RotateIssuerKeys(_ context.Context, now time.Time, grace time.Duration) (string, error) {
	var kid string
	err := st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktIssuerKeys)
		var old []store.IssuerKey
		if err := eachKey(tx, func(k store.IssuerKey) {
			if k.NotAfter.IsZero() {
				old = append(old, k)
			}
		}); err != nil {
			return err
		}
		for _, k := range old {
			k.NotAfter = now.Add(grace).UTC().Truncate(time.Second)
			if err := putJSON(b, []byte(k.KID), k); err != nil {
				return err
			}
		}
		k := store.IssuerKey{NotBefore: now.UTC().Truncate(time.Second)}
		if err := store.RandomKey(&k); err != nil {
			return err
		}
		kid = k.KID
		return putJSON(b, []byte(k.KID), k)
	})
	return kid, err
}

func (st *Store) IssuerKeys(_ context.Context, now time.Time) ([]store.IssuerKey, error) {
	var out []store.IssuerKey
	err := st.db.View(func(tx *bolt.Tx) error {
		return eachKey(tx, func(k store.IssuerKey) {
			if k.NotAfter.IsZero() || now.Sub(k.NotAfter) < store.KeyRetention {
				out = append(out, k)
			}
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].NotBefore.Before(out[j].NotBefore) })
	return out, err
}

func (st *Store) CurrentIssuerKey(_ context.Context, now time.Time) (store.IssuerKey, error) {
	var k store.IssuerKey
	err := st.db.View(func(tx *bolt.Tx) error {
		cur, ok, err := currentKey(tx, now)
		if err != nil {
			return err
		}
		if !ok {
			return store.ErrNoIssuerKey
		}
		k = cur
		return nil
	})
	return k, err
}

func registryStatus(tx *bolt.Tx, iin string) wire.Status {
	if v := tx.Bucket(bktRegistry).Get([]byte(iin)); v != nil {
		return wire.Status(v)
	}
	return wire.Blue
}

func (st *Store) RecordPass(_ context.Context, id string, rec store.PassRecord) (stale bool, err error) {
	err = st.db.Update(func(tx *bolt.Tx) error {
		if registryStatus(tx, rec.IIN) != rec.Status {
			stale = true
			return nil
		}
		if err := putJSON(tx.Bucket(bktPasses), []byte(id), rec); err != nil {
			return err
		}
		return tx.Bucket(bktPassByIIN).Put([]byte(rec.IIN+id), nil)
	})
	return stale, err
}

func (st *Store) RevokePass(_ context.Context, id, reason string, now time.Time) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		return revokeTx(tx, id, reason, now)
	})
}

func revokeTx(tx *bolt.Tx, id, reason string, now time.Time) error {
	b := tx.Bucket(bktPasses)
	v := b.Get([]byte(id))
	if v == nil {
		return store.ErrUnknownPass
	}
	var rec store.PassRecord
	if err := json.Unmarshal(v, &rec); err != nil {
		return fmt.Errorf("pass record: %w", err)
	}
	if rec.Revoked != "" {
		return nil
	}
	rec.Revoked = reason
	if err := putJSON(b, []byte(id), rec); err != nil {
		return err
	}
	deny := tx.Bucket(bktDeny)
	seq, err := deny.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(deny, u64(seq), wire.DenyEntry{PassID: id, Reason: reason, At: now.UTC(), Seq: seq})
}

// revokeForIIN revokes every pass of iin that is not revoked yet, in the
// transaction that changes its status: a pass never outlives its status.
func revokeForIIN(tx *bolt.Tx, iin string, now time.Time) error {
	c := tx.Bucket(bktPassByIIN).Cursor()
	prefix := []byte(iin)
	var ids []string
	for k, _ := c.Seek(prefix); k != nil && len(k) > len(prefix) && string(k[:len(prefix)]) == iin; k, _ = c.Next() {
		ids = append(ids, string(k[len(prefix):]))
	}
	for _, id := range ids {
		if err := revokeTx(tx, id, wire.DenyStatusChanged, now); err != nil {
			return err
		}
	}
	return nil
}

func (st *Store) DenyList(_ context.Context, after uint64, limit int) ([]wire.DenyEntry, bool, error) {
	if after == math.MaxUint64 {
		return []wire.DenyEntry{}, false, nil
	}
	var out []wire.DenyEntry
	var more bool
	err := st.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bktDeny).Cursor()
		k, v := c.Seek(u64(after + 1))
		var err error
		out, more, err = denyPage(k, v, c.Next, limit)
		return err
	})
	return out, more, err
}

func (st *Store) RecentDenied(_ context.Context, limit int) ([]wire.DenyEntry, bool, error) {
	var out []wire.DenyEntry
	var more bool
	err := st.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bktDeny).Cursor()
		k, v := c.Last()
		var err error
		out, more, err = denyPage(k, v, c.Prev, limit)
		return err
	})
	return out, more, err
}

// denyPage reads up to limit deny entries from the cursor's position (k, v)
// on, stepping with next, and reports whether another one follows.
func denyPage(k, v []byte, next func() ([]byte, []byte), limit int) ([]wire.DenyEntry, bool, error) {
	out := []wire.DenyEntry{}
	for ; k != nil; k, v = next() {
		if len(out) == limit {
			return out, true, nil
		}
		var d wire.DenyEntry
		if err := json.Unmarshal(v, &d); err != nil {
			return nil, false, fmt.Errorf("deny entry: %w", err)
		}
		out = append(out, d)
	}
	return out, false, nil
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}
