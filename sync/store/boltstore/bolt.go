package boltstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// boltSchema is the layout version this code writes (meta/schema). Version 0
// (no meta bucket) kept event ids and devices global; migrateBolt moves them
// under their venue.
const boltSchema = 1

// Bucket and key names; the layout is drawn in the package doc (doc.go).
var (
	bktMeta     = []byte("meta")
	bktRegistry = []byte("registry")
	bktVenues   = []byte("venues")
	bktCreds    = []byte("creds")
	bktCredIDs  = []byte("cred_ids")
	bktLog      = []byte("log")
	bktIDs      = []byte("ids")
	bktDevices  = []byte("devices")
	bktInside   = []byte("presence") // venues/<venue>/presence/<iin>: see presence

	keySchema   = []byte("schema")
	keyInfo     = []byte("info")
	keyEntries  = []byte("entries")
	keyExits    = []byte("exits")
	keyRefusals = []byte("refusals")
	// Counted since the unchecked verdict and staff overrides (issue 20);
	// countUnchecked fills them in once for a file from before.
	keyOverrides = []byte("overrides")
	keyUnchecked = []byte("unchecked")
	keyLookups   = []byte("lookups")
	keyInside    = []byte("inside")
)

// Store is the store.Store in one bbolt file, server.db. One writer at a
// time (bbolt's own lock), so receive order is commit order and the listing
// cursor is simply the venue log's key.
type Store struct {
	db     *bolt.DB
	proofs *proofMemory // proofs.go
}

// Open opens or creates server.db in dir, makes the top buckets and migrates
// an older layout.
func Open(dir string) (*Store, error) {
	// A missing directory is created, private, as the kiosk does.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	path := filepath.Join(dir, "server.db")
	// Timeout: a second server on the same directory fails instead of
	// waiting for the file lock forever.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == path {
			return nil, fmt.Errorf("open store: %w", err) // it names the file already
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrateBolt(tx); err != nil {
			return err
		}
		for _, b := range append([][]byte{bktMeta, bktRegistry, bktVenues, bktCreds, bktCredIDs, bktProofs, bktSessions, bktDevEnrol}, append(passBuckets, walletBuckets...)...) {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if err := countUnchecked(tx); err != nil {
			return err
		}
		if err := initFacts(tx, time.Now()); err != nil {
			return err
		}
		if err := indexForOwners(tx); err != nil {
			return err
		}
		return tx.Bucket(bktMeta).Put(keySchema, u64(boltSchema))
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("init store %s: %w", path, err)
	}
	proofs, err := openProofs(db, time.Now())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("init store %s: %w", path, err)
	}
	return &Store{db: db, proofs: proofs}, nil
}

// Close writes the used proofs still in memory and closes the file.
func (st *Store) Close() error {
	perr := st.proofs.close()
	if err := st.db.Close(); err != nil {
		return err
	}
	if perr != nil {
		return fmt.Errorf("write used proofs: %w", perr)
	}
	return nil
}

// Ping reports whether the file is open: a closed store cannot serve.
func (st *Store) Ping(context.Context) error {
	return st.db.View(func(*bolt.Tx) error { return nil })
}

func u64(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}

func getU64(b *bolt.Bucket, key []byte) uint64 {
	if v := b.Get(key); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// venueBucket returns venues/<venue>, nil if the venue has none.
func venueBucket(tx *bolt.Tx, venue string) *bolt.Bucket {
	return tx.Bucket(bktVenues).Bucket([]byte(venue))
}

// createVenue returns venues/<venue> with its sub-buckets, creating them.
func createVenue(tx *bolt.Tx, venue string, now time.Time) (*bolt.Bucket, error) {
	vb, err := tx.Bucket(bktVenues).CreateBucketIfNotExists([]byte(venue))
	if err != nil {
		return nil, fmt.Errorf("venue bucket: %w", err)
	}
	for _, name := range append([][]byte{bktLog, bktIDs, bktDevices, bktInside}, venueOwnerBuckets...) {
		if _, err := vb.CreateBucketIfNotExists(name); err != nil {
			return nil, fmt.Errorf("venue bucket %s: %w", name, err)
		}
	}
	if vb.Get(keyInfo) == nil {
		data, _ := json.Marshal(store.Venue{Name: venue, Created: now})
		if err := vb.Put(keyInfo, data); err != nil {
			return nil, fmt.Errorf("put venue: %w", err)
		}
	}
	return vb, nil
}

// PutStatuses also revokes the passes of every person whose status it
// changes, in the same transaction (passes.go).
func (st *Store) PutStatuses(_ context.Context, m map[string]wire.Status) error {
	now := time.Now().UTC()
	return st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktRegistry)
		for k, v := range m {
			if registryStatus(tx, k) != v {
				if err := revokeForIIN(tx, k, now); err != nil {
					return fmt.Errorf("revoke passes: %w", err)
				}
			}
			if err := b.Put([]byte(k), []byte(v)); err != nil {
				return fmt.Errorf("put registry entry: %w", err)
			}
		}
		return nil
	})
}

func (st *Store) Status(_ context.Context, iin string) (wire.Status, error) {
	s := wire.Blue
	err := st.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bktRegistry).Get([]byte(iin)); v != nil {
			s = wire.Status(v)
		}
		return nil
	})
	return s, err
}

// idEntry is the value of venues/<venue>/ids/<id>: the log key of the event
// and its digest.
func idEntry(logSeq uint64, digest [sha256.Size]byte) []byte {
	return append(u64(logSeq), digest[:]...)
}

// Ingest stores a batch in one transaction (see store.EventStore).
func (st *Store) Ingest(_ context.Context, venue string, events []wire.Event, now time.Time) (store.IngestResult, error) {
	var res store.IngestResult
	// Batch, not Update: concurrent batches share one commit and one fsync
	// (group commit). bbolt may run the function again alone if another in
	// the group fails, so it starts afresh each time.
	err := st.db.Batch(func(tx *bolt.Tx) error {
		res = store.IngestResult{}
		vb, err := createVenue(tx, venue, now)
		if err != nil {
			return err
		}
		log, ids, devs := vb.Bucket(bktLog), vb.Bucket(bktIDs), vb.Bucket(bktDevices)
		log.FillPercent = 1.0 // append-only
		ids.FillPercent = 0.9 // UUIDv7 ids arrive nearly in order
		counts := boltCounters(vb)
		hours := hourCounter{}
		records := map[string]*store.DeviceRecord{}
		touched := map[string]bool{} // devices with an accepted event
		for _, e := range events {
			data, digest, err := store.EncodeEvent(e)
			if err != nil {
				return fmt.Errorf("encode event: %w", err)
			}
			if v := ids.Get([]byte(e.ID)); v != nil {
				if bytes.Equal(v[8:], digest[:]) {
					res.Duplicates = append(res.Duplicates, e.ID)
				} else {
					res.Conflicts = append(res.Conflicts, e.ID)
				}
				continue
			}
			rec, ok := records[e.Device]
			if !ok {
				rec = &store.DeviceRecord{Venue: venue, Device: e.Device}
				if v := devs.Get([]byte(e.Device)); v != nil {
					if err := json.Unmarshal(v, rec); err != nil {
						return fmt.Errorf("decode device record: %w", err)
					}
				}
				records[e.Device] = rec
			}
			seq, err := log.NextSequence()
			if err != nil {
				return fmt.Errorf("next log sequence: %w", err)
			}
			if err := log.Put(u64(seq), data); err != nil {
				return fmt.Errorf("put event: %w", err)
			}
			if err := ids.Put([]byte(e.ID), idEntry(seq, digest)); err != nil {
				return fmt.Errorf("put event id: %w", err)
			}
			counts.Add(e)
			if err := indexEvent(vb, e, seq, hours); err != nil {
				return fmt.Errorf("index event: %w", err)
			}
			if err := boltPresence(vb.Bucket(bktInside), e, &counts); err != nil {
				return err
			}
			touched[e.Device] = true
			if !rec.NoteEvent(e.Seq, now) {
				res.Reused++
			}
			res.Accepted = append(res.Accepted, e.ID)
		}
		if err := putCounters(vb, counts); err != nil {
			return err
		}
		if err := hours.put(vb.Bucket(bktHours)); err != nil {
			return err
		}
		for dev, rec := range records {
			if !touched[dev] {
				continue // only duplicates or conflicts: nothing to record
			}
			data, err := json.Marshal(rec)
			if err != nil {
				return fmt.Errorf("encode device record: %w", err)
			}
			if err := devs.Put([]byte(dev), data); err != nil {
				return fmt.Errorf("put device record: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return store.IngestResult{}, fmt.Errorf("store batch: %w", err)
	}
	return res, nil
}

func boltCounters(vb *bolt.Bucket) store.Counters {
	return store.Counters{Entries: getU64(vb, keyEntries), Exits: getU64(vb, keyExits), Refusals: getU64(vb, keyRefusals),
		Overrides: getU64(vb, keyOverrides), Unchecked: getU64(vb, keyUnchecked), Inside: getU64(vb, keyInside)}
}

func putCounters(vb *bolt.Bucket, c store.Counters) error {
	for key, n := range map[string]uint64{string(keyEntries): c.Entries, string(keyExits): c.Exits,
		string(keyRefusals): c.Refusals, string(keyOverrides): c.Overrides, string(keyUnchecked): c.Unchecked,
		string(keyInside): c.Inside} {
		if err := vb.Put([]byte(key), u64(n)); err != nil {
			return fmt.Errorf("put counter: %w", err)
		}
	}
	return nil
}

// Counters returns a venue's counters; zero for an unknown venue.
func (st *Store) Counters(_ context.Context, venue string) (store.Counters, error) {
	var c store.Counters
	err := st.db.View(func(tx *bolt.Tx) error {
		if vb := venueBucket(tx, venue); vb != nil {
			c = boltCounters(vb)
		}
		return nil
	})
	return c, err
}

func (st *Store) HasEvent(_ context.Context, venue, id string) (bool, error) {
	var ok bool
	err := st.db.View(func(tx *bolt.Tx) error {
		if vb := venueBucket(tx, venue); vb != nil {
			ok = vb.Bucket(bktIDs).Get([]byte(id)) != nil
		}
		return nil
	})
	return ok, err
}

// ListEvents: the cursor is the log key of the last event returned. bbolt
// has one writer, so log keys are committed in order and a reader never sees
// key n+1 before key n.
func (st *Store) ListEvents(_ context.Context, venue, cursor string, limit int) (store.EventPage, error) {
	after, err := store.ParseCursor(cursor)
	if err != nil {
		return store.EventPage{}, err
	}
	page := store.EventPage{Events: []wire.Event{}, Resume: cursor}
	err = st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, venue)
		if vb == nil || after == math.MaxUint64 {
			return nil // after+1 below would wrap to the start of the log
		}
		c := vb.Bucket(bktLog).Cursor()
		size := 0
		for k, v := c.Seek(u64(after + 1)); k != nil; k, v = c.Next() {
			if size += len(v); len(page.Events) == limit || (len(page.Events) > 0 && size > store.ListPageBytes) {
				page.More = true
				return nil
			}
			var e wire.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode event %d: %w", binary.BigEndian.Uint64(k), err)
			}
			page.Events = append(page.Events, e)
			page.Resume = strconv.FormatUint(binary.BigEndian.Uint64(k), 10)
		}
		return nil
	})
	if err != nil {
		return store.EventPage{}, fmt.Errorf("list events: %w", err)
	}
	return page, nil
}

func (st *Store) RecentEvents(_ context.Context, venue string, limit int) ([]wire.Event, error) {
	out := []wire.Event{}
	err := st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, venue)
		if vb == nil {
			return nil
		}
		c := vb.Bucket(bktLog).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var e wire.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode event: %w", err)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// Device returns one device of venue.
func (st *Store) Device(_ context.Context, venue, device string) (store.DeviceRecord, error) {
	var rec store.DeviceRecord
	err := st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, venue)
		if vb == nil {
			return store.ErrUnknownDevice
		}
		v := vb.Bucket(bktDevices).Get([]byte(device))
		if v == nil {
			return store.ErrUnknownDevice
		}
		return json.Unmarshal(v, &rec)
	})
	return rec, err
}

// Devices returns venue's devices ordered by name.
func (st *Store) Devices(_ context.Context, venue string) ([]store.DeviceRecord, error) {
	out := []store.DeviceRecord{}
	err := st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, venue)
		if vb == nil {
			return nil
		}
		return vb.Bucket(bktDevices).ForEach(func(_, v []byte) error {
			var rec store.DeviceRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("decode device record: %w", err)
			}
			out = append(out, rec)
			return nil
		})
	})
	return out, err
}

// SilentDevices walks every device: the reference store serves a few
// venues; PostgreSQL has an index for this.
func (st *Store) SilentDevices(_ context.Context, before time.Time, limit int) ([]store.DeviceRecord, error) {
	out := []store.DeviceRecord{}
	err := st.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bktVenues).ForEachBucket(func(name []byte) error {
			devs := tx.Bucket(bktVenues).Bucket(name).Bucket(bktDevices)
			if devs == nil {
				return nil
			}
			var venue []store.DeviceRecord
			err := devs.ForEach(func(_, v []byte) error {
				var rec store.DeviceRecord
				if err := json.Unmarshal(v, &rec); err != nil {
					return fmt.Errorf("decode device record: %w", err)
				}
				if rec.LastSeen.Before(before) {
					venue = append(venue, rec)
				}
				return nil
			})
			// The venue's longest silent only: one venue cannot fill the list.
			sort.SliceStable(venue, func(i, j int) bool { return venue[i].LastSeen.Before(venue[j].LastSeen) })
			out = append(out, venue[:min(len(venue), store.MaxSilentPerVenue)]...)
			return err
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].LastSeen.Before(out[j].LastSeen) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, err
}

// EachDevice walks every venue's devices in one read transaction, in key
// order: by venue, then device.
func (st *Store) EachDevice(ctx context.Context, fn func(store.DeviceRecord) error) error {
	return st.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bktVenues).ForEachBucket(func(name []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			devs := tx.Bucket(bktVenues).Bucket(name).Bucket(bktDevices)
			if devs == nil {
				return nil
			}
			return devs.ForEach(func(_, v []byte) error {
				var rec store.DeviceRecord
				if err := json.Unmarshal(v, &rec); err != nil {
					return fmt.Errorf("decode device record of venue %q: %w", name, err)
				}
				return fn(rec)
			})
		})
	})
}

// AddLookups adds lookup counts to venues and their devices, making a
// record for a device without one while the venue has room (see
// store.DeviceStore).
func (st *Store) AddLookups(_ context.Context, counts []store.LookupCount) error {
	now := time.Now().UTC()
	return st.db.Update(func(tx *bolt.Tx) error {
		devCount := map[string]int{} // devices per venue, as this transaction leaves them
		for _, lc := range counts {
			vb, err := createVenue(tx, lc.Venue, now)
			if err != nil {
				return err
			}
			if err := vb.Put(keyLookups, u64(getU64(vb, keyLookups)+uint64(lc.N))); err != nil {
				return fmt.Errorf("put lookups: %w", err)
			}
			if lc.Device == "" {
				continue
			}
			devs := vb.Bucket(bktDevices)
			rec := store.DeviceRecord{Venue: lc.Venue, Device: lc.Device, LastSeen: now}
			if v := devs.Get([]byte(lc.Device)); v != nil {
				if err := json.Unmarshal(v, &rec); err != nil {
					return fmt.Errorf("decode device record: %w", err)
				}
			} else {
				n, ok := devCount[lc.Venue]
				if !ok {
					n = countKeys(devs, store.MaxDevicesFromLookups)
				}
				if n >= store.MaxDevicesFromLookups {
					continue // counted for the venue only
				}
				devCount[lc.Venue] = n + 1
			}
			rec.Lookups += lc.N
			data, _ := json.Marshal(rec)
			if err := devs.Put([]byte(lc.Device), data); err != nil {
				return fmt.Errorf("put device record: %w", err)
			}
		}
		return nil
	})
}

// countKeys counts b's keys, stopping at limit.
func countKeys(b *bolt.Bucket, limit int) int {
	n := 0
	c := b.Cursor()
	for k, _ := c.First(); k != nil && n < limit; k, _ = c.Next() {
		n++
	}
	return n
}

// PutVenue creates or updates a venue; it keeps its Created time.
func (st *Store) PutVenue(_ context.Context, v store.Venue) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		vb, err := createVenue(tx, v.Name, v.Created)
		if err != nil {
			return err
		}
		var old store.Venue
		if err := json.Unmarshal(vb.Get(keyInfo), &old); err == nil && !old.Created.IsZero() {
			v.Created = old.Created
		}
		data, _ := json.Marshal(v)
		return vb.Put(keyInfo, data)
	})
}

// Venue returns one venue with its counters.
func (st *Store) Venue(_ context.Context, name string) (store.VenueSummary, error) {
	var v store.VenueSummary
	err := st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, name)
		if vb == nil || vb.Get(keyInfo) == nil {
			return store.ErrNotFound
		}
		v.Counters, v.Lookups = boltCounters(vb), int64(getU64(vb, keyLookups))
		return json.Unmarshal(vb.Get(keyInfo), &v.Venue)
	})
	return v, err
}

// Venues returns every venue ordered by name.
func (st *Store) Venues(_ context.Context) ([]store.VenueSummary, error) {
	out := []store.VenueSummary{}
	err := st.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bktVenues).ForEachBucket(func(name []byte) error {
			vb := tx.Bucket(bktVenues).Bucket(name)
			vs := store.VenueSummary{Venue: store.Venue{Name: string(name)}, Counters: boltCounters(vb), Lookups: int64(getU64(vb, keyLookups))}
			if v := vb.Get(keyInfo); v != nil {
				if err := json.Unmarshal(v, &vs.Venue); err != nil {
					return fmt.Errorf("decode venue %q: %w", name, err)
				}
			}
			out = append(out, vs)
			return nil
		})
	})
	return out, err // ForEachBucket walks in key order: ordered by name
}

// PutCredential adds a credential; store.ErrExists if its hash or id is
// taken.
func (st *Store) PutCredential(_ context.Context, c store.Credential) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		creds, byID := tx.Bucket(bktCreds), tx.Bucket(bktCredIDs)
		if creds.Get(c.Hash[:]) != nil || byID.Get([]byte(c.ID)) != nil {
			return store.ErrExists
		}
		data, _ := json.Marshal(c)
		if err := creds.Put(c.Hash[:], data); err != nil {
			return fmt.Errorf("put credential: %w", err)
		}
		return byID.Put([]byte(c.ID), c.Hash[:])
	})
}

func (st *Store) CredentialByHash(_ context.Context, hash [sha256.Size]byte) (store.Credential, error) {
	var c store.Credential
	err := st.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bktCreds).Get(hash[:])
		if v == nil {
			return store.ErrNotFound
		}
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("decode credential: %w", err)
		}
		if !c.Revoked.IsZero() {
			return store.ErrNotFound
		}
		return nil
	})
	return c, err
}

// RevokeCredential marks a credential revoked.
func (st *Store) RevokeCredential(_ context.Context, id string, at time.Time) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		hash := tx.Bucket(bktCredIDs).Get([]byte(id))
		if hash == nil {
			return store.ErrNotFound
		}
		creds := tx.Bucket(bktCreds)
		var c store.Credential
		if err := json.Unmarshal(creds.Get(hash), &c); err != nil {
			return fmt.Errorf("decode credential: %w", err)
		}
		if c.Revoked.IsZero() {
			c.Revoked = at
		}
		data, _ := json.Marshal(c)
		if err := creds.Put(hash, data); err != nil {
			return err
		}
		var n int // its sessions end with it
		return deleteSessionsWhere(tx, func(s store.Session) bool { return s.Credential == id }, &n)
	})
}

// Credentials returns every credential of a kind, ordered by creation.
func (st *Store) Credentials(_ context.Context, kind store.CredentialKind) ([]store.Credential, error) {
	out := []store.Credential{}
	err := st.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bktCreds).ForEach(func(_, v []byte) error {
			var c store.Credential
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("decode credential: %w", err)
			}
			if c.Kind == kind {
				out = append(out, c)
			}
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out, err
}

var _ store.Store = (*Store)(nil)
