// Package trust keeps what a kiosk needs to verify passes offline: the
// upstream's issuer keys with their validity windows, the deny list of
// revoked passes, when both were last refreshed (and the upstream's clock at
// that moment), and the holder proofs the kiosk accepted, so a restart does
// not make a used code new again (proofs.go). It lives in its own bbolt file next to the outbox,
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
	MaxKeys = 64
	// DefaultMaxDenied is how many revoked passes a kiosk holds unless
	// told otherwise (Options.MaxDenied): about 30 MiB of memory and 12 MiB
	// of disk. A longer list is not cut short: the kiosk stops reading it
	// and trusts no pass offline (DenyFull), because a revoked pass it
	// did not read would be let in.
	DefaultMaxDenied = 500_000
	// maxDenyPages bounds the pages read in one refresh; the rest comes
	// at the next one (DenyBehind meanwhile).
	maxDenyPages = 1000
	// commitEvery is how many deny entries are written in one transaction:
	// a long list is stored as it arrives, not gathered in memory first.
	commitEvery = 20_000
)

var (
	bucketKeys   = []byte("keys")
	bucketDenied = []byte("denied") // deny list chunks (deny.go)
	bucketMeta   = []byte("meta")

	metaDenyLast  = []byte("deny_last")     // uint64: the deny list cursor
	metaDenyState = []byte("deny_state")    // DenyState after the last full refresh
	metaRefreshed = []byte("refreshed_at")  // upstream time of the last full refresh
	metaSeen      = []byte("upstream_seen") // the last upstream time accepted
	metaVenueRule = []byte("venue_rule")    // venueRule: the venue's last word on venue-bound proofs
)

// DenyState says whether the kiosk held the whole deny list at its last
// successful refresh.
type DenyState uint8

// Deny list states. The zero value is complete, which is also what a file
// written before the states existed means.
const (
	// DenyComplete: every entry the upstream listed was read.
	DenyComplete DenyState = iota
	// DenyBehind: the refresh stopped after maxDenyPages pages; the rest
	// comes with the next ones.
	DenyBehind
	// DenyFull: the upstream lists more revoked passes than this kiosk
	// holds (Options.MaxDenied). The entries it holds still refuse their
	// passes, but a pass it finds nothing about may be one it did not
	// read: passes are not trusted offline until the list fits.
	DenyFull
)

func (d DenyState) String() string {
	switch d {
	case DenyComplete:
		return "complete"
	case DenyBehind:
		return "behind"
	case DenyFull:
		return "full"
	}
	return fmt.Sprintf("DenyState(%d)", uint8(d))
}

// Upstream is where the store refreshes from: upstream.Client.
type Upstream interface {
	Keys(ctx context.Context) (wire.KeySet, error)
	DenyList(ctx context.Context, after uint64) (wire.DenyList, error)
}

// Store is the kiosk's copy of the issuer keys and the deny list. Safe for
// concurrent use.
type Store struct {
	path      string
	log       *slog.Logger
	now       func() time.Time
	maxDenied int
	clock     *Clock

	mu        sync.RWMutex // guards everything below
	keys      map[string]wire.IssuerKey
	deny      map[passID]denied
	denyLast  uint64
	denyState DenyState
	refreshed time.Time // upstream clock at the last successful refresh
	venueRule venueRule
}

// Options tune a Store.
type Options struct {
	Logger *slog.Logger // nil: discard
	// Now is the local clock an upstream reading is paired with (the
	// Anchor's Local); default time.Now, whose monotonic reading keeps the
	// pair right across steps of the wall clock. The door engine's clock
	// must be the same function.
	Now func() time.Time
	// MaxDenied is how many revoked passes the kiosk holds; default
	// DefaultMaxDenied. Beyond it the list is not read further (DenyFull).
	MaxDenied int
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
	if opts.MaxDenied <= 0 {
		opts.MaxDenied = DefaultMaxDenied
	}
	s := &Store{path: path, log: logger, now: opts.Now, maxDenied: opts.MaxDenied,
		keys: map[string]wire.IssuerKey{}, deny: map[passID]denied{}}
	var seen time.Time
	if err := s.update(func(tx *bolt.Tx) error { return s.load(tx, &seen) }); err != nil {
		return nil, fmt.Errorf("load trust store %s: %w", path, err)
	}
	s.clock = NewClock(opts.Now, seen)
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

func (s *Store) load(tx *bolt.Tx, seen *time.Time) error {
	if err := createBuckets(tx); err != nil {
		return err
	}
	if err := eachJSON(tx.Bucket(bucketKeys), func(k wire.IssuerKey) { s.keys[k.KID] = k }); err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	if err := s.loadDenied(tx); err != nil {
		return fmt.Errorf("deny list: %w", err)
	}
	meta := tx.Bucket(bucketMeta)
	s.denyLast = getUint(meta.Get(metaDenyLast))
	if v := meta.Get(metaDenyState); len(v) == 1 {
		s.denyState = DenyState(v[0])
	}
	s.refreshed = getTime(meta.Get(metaRefreshed))
	if v := meta.Get(metaVenueRule); len(v) == 1 && v[0] <= uint8(venueRequired) {
		s.venueRule = venueRule(v[0])
	}
	*seen = getTime(meta.Get(metaSeen))
	return nil
}

func createBuckets(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketKeys, bucketDenied, bucketMeta} {
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

// Status is what the idle screen and the verifier need to know.
type Status struct {
	Keys, Denied int
	// RefreshedAt is the upstream's clock at the last successful refresh;
	// zero if the store never refreshed.
	RefreshedAt time.Time
	// Seen is the last upstream time accepted: the device clock cannot
	// honestly be earlier than this.
	Seen time.Time
	// Anchor is this process's last accepted reading of the upstream
	// clock; zero Upstream if none yet.
	Anchor Anchor
	// Deny says whether the last refresh read the whole deny list, and
	// MaxDenied how many entries this kiosk holds at most.
	Deny      DenyState
	MaxDenied int
}

// Status returns a snapshot.
func (s *Store) Status() Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return Status{Keys: len(s.keys), Denied: len(s.deny), RefreshedAt: s.refreshed, Seen: s.clock.Seen(),
		Anchor: s.clock.Anchor(), Deny: s.denyState, MaxDenied: s.maxDenied}
}

// Clock is the time passes are judged by; readings of the upstream clock
// from elsewhere (health checks) go to its Observe.
func (s *Store) Clock() *Clock { return s.clock }

// Refresh fetches the keys and the deny list entries added since the last
// refresh. The keys answer's time is a reading of the upstream clock: one
// the Clock does not believe fails the refresh and changes nothing. Deny
// list entries are stored as they arrive, a whole page at a time and with
// the cursor in the same transaction, so a refresh cut short keeps what it
// read and memory holds no more than a page and one commit's worth beyond
// the entries kept; the keys, the refresh time and the list's state are
// stored only when the refresh gets to the end.
func (s *Store) Refresh(ctx context.Context, up Upstream) error {
	ks, err := up.Keys(ctx)
	if err != nil {
		return err
	}
	received := s.now()
	if len(ks.Keys) > MaxKeys {
		return fmt.Errorf("refresh keys: %d keys, at most %d", len(ks.Keys), MaxKeys)
	}
	keys := make(map[string]wire.IssuerKey, len(ks.Keys))
	for _, k := range ks.Keys {
		if k.KID == "" || len(k.KID) > 16 || k.Alg != "EdDSA" || len(k.PublicKey) != 32 {
			return fmt.Errorf("refresh keys: key %.16q is not a 4-byte id with an EdDSA key", k.KID)
		}
		keys[k.KID] = k
	}
	if err := s.clock.Observe(ks.Time, received); err != nil {
		return fmt.Errorf("refresh keys: %w", err)
	}
	state, err := s.refreshDeny(ctx, up)
	if err != nil {
		return err
	}
	return s.commit(keys, state, ks.Time.UTC())
}

// refreshDeny reads the deny list from the cursor on, storing it as it
// comes, until its end, maxDenyPages pages, or the kiosk's limit.
func (s *Store) refreshDeny(ctx context.Context, up Upstream) (DenyState, error) {
	s.mu.RLock()
	last, held := s.denyLast, len(s.deny)
	s.mu.RUnlock()
	var chunk []wire.DenyEntry
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		if err := s.addDenied(chunk, last); err != nil {
			return err
		}
		held += len(chunk)
		chunk = chunk[:0]
		return nil
	}
	for page := 0; ; page++ {
		if page == maxDenyPages {
			return DenyBehind, flush()
		}
		dl, err := up.DenyList(ctx, last)
		if err != nil {
			return 0, errors.Join(err, flush())
		}
		if err := checkDenyPage(dl, last); err != nil {
			return 0, errors.Join(err, flush())
		}
		for _, d := range dl.Entries {
			if held+len(chunk) >= s.maxDenied {
				return DenyFull, flush()
			}
			chunk, last = append(chunk, d), d.Seq
		}
		if len(chunk) >= commitEvery {
			if err := flush(); err != nil {
				return 0, err
			}
		}
		if !dl.More || len(dl.Entries) == 0 {
			return DenyComplete, flush()
		}
	}
}

// checkDenyPage refuses a whole page that is too long, out of order or
// malformed, before any of it is kept.
func checkDenyPage(dl wire.DenyList, after uint64) error {
	if len(dl.Entries) > wire.MaxDenyPage {
		return fmt.Errorf("refresh deny list: a page of %d entries, at most %d", len(dl.Entries), wire.MaxDenyPage)
	}
	for _, d := range dl.Entries {
		if _, ok := parseID(d.PassID); d.Seq <= after || !ok {
			return fmt.Errorf("refresh deny list: entry %d after %d is out of order or malformed", d.Seq, after)
		}
		after = d.Seq
	}
	return nil
}

// addDenied stores entries and the cursor in one transaction, as one
// chunk, then adds them to memory.
func (s *Store) addDenied(entries []wire.DenyEntry, last uint64) error {
	chunk := encodeChunk(entries)
	err := s.update(func(tx *bolt.Tx) error {
		if err := createBuckets(tx); err != nil {
			return err
		}
		if err := tx.Bucket(bucketDenied).Put(binary.BigEndian.AppendUint64(nil, last), chunk); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaDenyLast, binary.BigEndian.AppendUint64(nil, last))
	})
	if err != nil {
		return fmt.Errorf("store deny list: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addChunk(chunk)
	s.denyLast = last
	return nil
}

// commit stores the keys, the refresh time, the list's state and the
// clock's last accepted time after a refresh that got to the end.
func (s *Store) commit(keys map[string]wire.IssuerKey, state DenyState, upTime time.Time) error {
	// The file is written outside the lock, so scans verifying passes
	// meanwhile do not wait on the disk; refreshes come from one loop.
	seen := s.clock.Seen()
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
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(metaDenyState, []byte{byte(state)}); err != nil {
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
	s.keys, s.refreshed, s.denyState = keys, upTime, state
	if state == DenyFull {
		s.log.Warn("the upstream's deny list is longer than this kiosk holds: passes are not trusted offline",
			"denied", len(s.deny), "max_denied", s.maxDenied)
	}
	s.log.Info("trust data refreshed", "keys", len(keys), "denied", len(s.deny), "deny_list", state)
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
