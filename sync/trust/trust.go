// Package trust keeps what a kiosk needs to verify passes offline: the
// upstream's issuer keys with their validity windows, the deny list of
// revoked passes, and when both were last refreshed (and the upstream's
// clock at that moment). It lives in its own bbolt file next to the outbox,
// refreshes itself from the upstream while online, and answers from memory.
// The file is open only while it is read or written, so `ashyq-kiosk check`
// can read it while the kiosk runs.
package trust

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/wire"
)

// File is the store's file name inside the data directory.
const File = "trust.db"

// Limits on what an upstream may make a kiosk hold.
const (
	MaxKeys      = 64
	MaxDenied    = 1_000_000
	maxDenyPages = 1000 // per refresh; the rest comes at the next one
)

var (
	bucketKeys = []byte("keys")
	bucketDeny = []byte("deny")
	bucketMeta = []byte("meta")

	metaDenyLast  = []byte("deny_last")     // uint64: the deny list cursor
	metaRefreshed = []byte("refreshed_at")  // upstream time of the last full refresh
	metaSeen      = []byte("upstream_seen") // latest upstream time ever seen
)

// Upstream is where the store refreshes from: upstream.Client.
type Upstream interface {
	Keys(ctx context.Context) (wire.KeySet, error)
	DenyList(ctx context.Context, after uint64) (wire.DenyList, error)
}

// Store is the kiosk's copy of the issuer keys and the deny list. Safe for
// concurrent use.
type Store struct {
	path string
	log  *slog.Logger
	now  func() time.Time

	mu        sync.RWMutex // guards everything below
	keys      map[string]wire.IssuerKey
	deny      map[string]wire.DenyEntry
	denyLast  uint64
	refreshed time.Time // upstream clock at the last successful refresh
	seen      time.Time // latest upstream time ever seen
	// anchor pairs the upstream time of the last refresh in this process
	// with the local time it arrived, monotonic reading included.
	anchor Anchor
}

// Anchor is one reading of the upstream's clock: its time, and the local
// time (with Go's monotonic reading) when it arrived.
type Anchor struct {
	Upstream time.Time
	Local    time.Time
}

// Options tune a Store.
type Options struct {
	Logger *slog.Logger // nil: discard
	// Now is the local clock an upstream reading is paired with (the
	// Anchor's Local); default time.Now, whose monotonic reading keeps the
	// pair right across steps of the wall clock. The door engine's clock
	// must be the same function.
	Now func() time.Time
}

// Open opens or creates the store at path and loads it into memory.
func Open(path string, opts Options) (*Store, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Store{path: path, log: logger, now: opts.Now, keys: map[string]wire.IssuerKey{}, deny: map[string]wire.DenyEntry{}}
	if err := s.update(s.load); err != nil {
		return nil, fmt.Errorf("load trust store %s: %w", path, err)
	}
	return s, nil
}

// update runs fn in a write transaction of the file, opened for it.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return err
	}
	if err := db.Update(fn); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}

func (s *Store) load(tx *bolt.Tx) error {
	if err := createBuckets(tx); err != nil {
		return err
	}
	if err := eachJSON(tx.Bucket(bucketKeys), func(k wire.IssuerKey) { s.keys[k.KID] = k }); err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	if err := eachJSON(tx.Bucket(bucketDeny), func(d wire.DenyEntry) { s.deny[d.PassID] = d }); err != nil {
		return fmt.Errorf("deny list: %w", err)
	}
	meta := tx.Bucket(bucketMeta)
	s.denyLast = getUint(meta.Get(metaDenyLast))
	s.refreshed = getTime(meta.Get(metaRefreshed))
	s.seen = getTime(meta.Get(metaSeen))
	return nil
}

func createBuckets(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketKeys, bucketDeny, bucketMeta} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	return nil
}

// eachJSON decodes every value of b as a T.
func eachJSON[T any](b *bolt.Bucket, fn func(T)) error {
	return b.ForEach(func(k, v []byte) error {
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return fmt.Errorf("%q: %w", k, err)
		}
		fn(x)
		return nil
	})
}

// IssuerKey finds a key by id (pass.Keys).
func (s *Store) IssuerKey(kid string) (wire.IssuerKey, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	k, ok := s.keys[kid]
	return k, ok
}

// Denied finds a revoked pass (pass.DenyList).
func (s *Store) Denied(id string) (wire.DenyEntry, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.deny[id]
	return d, ok
}

// Status is what the idle screen and the verifier need to know.
type Status struct {
	Keys, Denied int
	// RefreshedAt is the upstream's clock at the last successful refresh;
	// zero if the store never refreshed.
	RefreshedAt time.Time
	// Seen is the latest upstream time ever seen: the device clock cannot
	// honestly be earlier than this.
	Seen time.Time
	// Anchor is this process's last reading of the upstream clock; zero
	// Upstream if none yet.
	Anchor Anchor
}

// Status returns a snapshot.
func (s *Store) Status() Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return Status{Keys: len(s.keys), Denied: len(s.deny), RefreshedAt: s.refreshed, Seen: s.seen, Anchor: s.anchor}
}

// Refresh fetches the keys and the deny list entries added since the last
// refresh, and stores them in one transaction: a refresh cut short by a
// failure changes nothing. The local time the key set arrived (with its
// monotonic reading) anchors the kiosk's clock.
func (s *Store) Refresh(ctx context.Context, up Upstream) error {
	ks, err := up.Keys(ctx)
	if err != nil {
		return err
	}
	received := s.now()
	if len(ks.Keys) > MaxKeys {
		return fmt.Errorf("refresh keys: %d keys, at most %d", len(ks.Keys), MaxKeys)
	}
	if ks.Time.IsZero() {
		return errors.New("refresh keys: the answer has no upstream time")
	}
	keys := make(map[string]wire.IssuerKey, len(ks.Keys))
	for _, k := range ks.Keys {
		if k.KID == "" || len(k.KID) > 16 || k.Alg != "EdDSA" || len(k.PublicKey) != 32 {
			return fmt.Errorf("refresh keys: key %.16q is not a 4-byte id with an EdDSA key", k.KID)
		}
		keys[k.KID] = k
	}
	s.mu.RLock()
	last := s.denyLast
	s.mu.RUnlock()
	var added []wire.DenyEntry
	for page := 0; page < maxDenyPages; page++ {
		dl, err := up.DenyList(ctx, last)
		if err != nil {
			return err
		}
		for _, d := range dl.Entries {
			if d.Seq <= last || len(d.PassID) != 32 {
				return fmt.Errorf("refresh deny list: entry %d after %d is out of order or malformed", d.Seq, last)
			}
			last = d.Seq
			added = append(added, d)
		}
		if !dl.More || len(dl.Entries) == 0 {
			break
		}
	}
	return s.commit(keys, added, last, ks.Time, received)
}

func (s *Store) commit(keys map[string]wire.IssuerKey, added []wire.DenyEntry, last uint64, upTime, received time.Time) error {
	// The file is written outside the lock, so scans verifying passes
	// meanwhile do not wait on the disk; refreshes come from one loop.
	s.mu.RLock()
	n, seen := len(s.deny), s.seen
	s.mu.RUnlock()
	if n+len(added) > MaxDenied {
		return fmt.Errorf("refresh deny list: more than %d entries", MaxDenied)
	}
	if upTime.After(seen) {
		seen = upTime
	}
	err := s.update(func(tx *bolt.Tx) error {
		if err := createBuckets(tx); err != nil {
			return err
		}
		kb := tx.Bucket(bucketKeys)
		if err := kb.ForEach(func(k, _ []byte) error { return kb.Delete(k) }); err != nil {
			return err
		}
		for kid, k := range keys {
			if err := putJSON(kb, kid, k); err != nil {
				return err
			}
		}
		db := tx.Bucket(bucketDeny)
		for _, d := range added {
			if err := putJSON(db, d.PassID, d); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(metaDenyLast, binary.BigEndian.AppendUint64(nil, last)); err != nil {
			return err
		}
		if err := meta.Put(metaRefreshed, putTime(upTime)); err != nil {
			return err
		}
		return meta.Put(metaSeen, putTime(seen))
	})
	if err != nil {
		return fmt.Errorf("store trust data: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = keys
	for _, d := range added {
		s.deny[d.PassID] = d
	}
	s.denyLast, s.refreshed, s.seen = last, upTime, seen
	s.anchor = Anchor{Upstream: upTime, Local: received}
	s.log.Info("trust data refreshed", "keys", len(keys), "denied_added", len(added), "denied", len(s.deny))
	return nil
}

// Run refreshes every `every` until ctx ends, and after a failure again
// after `retry`. Failures are logged: the kiosk keeps the data it has.
func (s *Store) Run(ctx context.Context, up Upstream, every, retry time.Duration) error {
	for {
		wait := every
		if err := s.Refresh(ctx, up); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			s.log.Warn("trust data refresh failed", "err", err)
			wait = retry
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), data)
}

func putTime(t time.Time) []byte { return binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano())) }

func getTime(b []byte) time.Time {
	if len(b) != 8 {
		return time.Time{}
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(b))).UTC()
}

func getUint(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}
