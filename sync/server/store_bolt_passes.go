package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/wire"
)

// The pass issuer's buckets (PassStore in bbolt): issuer keys (private halves included: the file
// is the issuer's secret, mode 0600), issued passes, an index of passes by
// IIN for revocation when a status changes, and the deny list in sequence
// order.
var (
	bktIssuerKeys = []byte("issuer_keys") // kid -> IssuerKey JSON
	bktPasses     = []byte("passes")      // pass id -> PassRecord JSON
	bktPassByIIN  = []byte("pass_by_iin") // iin + pass id -> nothing
	bktDeny       = []byte("denylist")    // seq (u64) -> wire.DenyEntry JSON
)

var passBuckets = [][]byte{bktIssuerKeys, bktPasses, bktPassByIIN, bktDeny}

// IssuerKey is one signing key and its window. NotAfter is zero while the
// key is the current one; a rotation sets it to the end of the grace period.
type IssuerKey struct {
	KID       string    `json:"kid"`
	Seed      []byte    `json:"seed"` // Ed25519 private key seed
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after,omitzero"`
}

// Private is the key's Ed25519 private key.
func (k IssuerKey) Private() ed25519.PrivateKey { return ed25519.NewKeyFromSeed(k.Seed) }

// Public is the key as GET /v1/keys publishes it.
func (k IssuerKey) Public() wire.IssuerKey {
	return wire.IssuerKey{KID: k.KID, Alg: "EdDSA", PublicKey: k.Private().Public().(ed25519.PublicKey),
		NotBefore: k.NotBefore, NotAfter: k.NotAfter}
}

// PassRecord is what the issuer remembers of a pass: enough to revoke it and
// to list it, never the holder's private anything.
type PassRecord struct {
	IIN        string      `json:"iin"`
	KID        string      `json:"kid"`
	Status     wire.Status `json:"status"`
	IssuedAt   time.Time   `json:"issued_at"`
	ValidUntil time.Time   `json:"valid_until"`
	Revoked    string      `json:"revoked,omitempty"` // a wire.Deny* reason
}

// ErrUnknownPass is a pass id the issuer never issued.
var ErrUnknownPass = errors.New("unknown pass")

// demoKeySeed makes the demo issuer key the same in every demo server, so
// `ashyq-server pass --demo` mints passes any demo kiosk accepts. Like the
// demo token it is public: demo mode listens on loopback only.
func demoKeySeed() []byte {
	s := sha256.Sum256([]byte("ashyq demo issuer key"))
	return s[:]
}

// DemoKeyID is the demo issuer key's id.
const DemoKeyID = "de300001"

// ensureKey makes an issuer key if there is no current one: the demo key in
// demo mode, else a random one.
func (st *boltStore) EnsureIssuerKey(_ context.Context, now time.Time, demo bool) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		cur, ok, err := currentKey(tx, now)
		if err != nil {
			return err
		}
		if ok && cur.KID == DemoKeyID && !demo {
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
		k := IssuerKey{NotBefore: now.UTC().Truncate(time.Second)}
		if demo {
			k.KID, k.Seed = DemoKeyID, demoKeySeed()
			// The demo key exists from the epoch on, so a pass minted by
			// another demo process is never "not yet valid".
			k.NotBefore = time.Unix(0, 0).UTC()
		} else if err := randomKey(&k); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bktIssuerKeys), []byte(k.KID), k)
	})
}

func randomKey(k *IssuerKey) error {
	var id [4]byte
	k.Seed = make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(id[:]); err != nil {
		return err
	}
	if _, err := rand.Read(k.Seed); err != nil {
		return err
	}
	k.KID = hex.EncodeToString(id[:])
	return nil
}

// currentKey is the newest key without an end.
func currentKey(tx *bolt.Tx, now time.Time) (IssuerKey, bool, error) {
	var best IssuerKey
	found := false
	err := eachKey(tx, func(k IssuerKey) {
		if k.NotAfter.IsZero() && !k.NotBefore.After(now) && (!found || k.NotBefore.After(best.NotBefore)) {
			best, found = k, true
		}
	})
	return best, found, err
}

func eachKey(tx *bolt.Tx, fn func(IssuerKey)) error {
	return tx.Bucket(bktIssuerKeys).ForEach(func(_, v []byte) error {
		var k IssuerKey
		if err := json.Unmarshal(v, &k); err != nil {
			return fmt.Errorf("issuer key: %w", err)
		}
		fn(k)
		return nil
	})
}

// rotateKeys makes a new current key; every key without an end so far stays
// valid for grace more. It returns the new key's id.
func (st *boltStore) RotateIssuerKeys(_ context.Context, now time.Time, grace time.Duration) (string, error) {
	var kid string
	err := st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktIssuerKeys)
		var old []IssuerKey
		if err := eachKey(tx, func(k IssuerKey) {
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
		k := IssuerKey{NotBefore: now.UTC().Truncate(time.Second)}
		if err := randomKey(&k); err != nil {
			return err
		}
		kid = k.KID
		return putJSON(b, []byte(k.KID), k)
	})
	return kid, err
}

// keyRetention is how long after its end a key is still published, so a
// kiosk can tell "expired" from "unknown".
const keyRetention = 30 * 24 * time.Hour

func (st *boltStore) IssuerKeys(_ context.Context, now time.Time) ([]IssuerKey, error) {
	var out []IssuerKey
	err := st.db.View(func(tx *bolt.Tx) error {
		return eachKey(tx, func(k IssuerKey) {
			if k.NotAfter.IsZero() || now.Sub(k.NotAfter) < keyRetention {
				out = append(out, k)
			}
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].NotBefore.Before(out[j].NotBefore) })
	return out, err
}

func (st *boltStore) CurrentIssuerKey(_ context.Context, now time.Time) (IssuerKey, error) {
	var k IssuerKey
	err := st.db.View(func(tx *bolt.Tx) error {
		cur, ok, err := currentKey(tx, now)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("no current issuer key")
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

func (st *boltStore) RecordPass(_ context.Context, id string, rec PassRecord) (stale bool, err error) {
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

func (st *boltStore) RevokePass(_ context.Context, id, reason string, now time.Time) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		return revokeTx(tx, id, reason, now)
	})
}

func revokeTx(tx *bolt.Tx, id, reason string, now time.Time) error {
	b := tx.Bucket(bktPasses)
	v := b.Get([]byte(id))
	if v == nil {
		return ErrUnknownPass
	}
	var rec PassRecord
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

func (st *boltStore) DenyList(_ context.Context, after uint64, limit int) ([]wire.DenyEntry, bool, error) {
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

func (st *boltStore) RecentDenied(_ context.Context, limit int) ([]wire.DenyEntry, bool, error) {
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
