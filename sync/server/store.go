package server

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/wire"
)

// Bucket and key names; the layout is drawn in doc.go.
var (
	bktRegistry = []byte("registry")
	bktIDs      = []byte("ids")
	bktVenues   = []byte("venues")
	bktDevices  = []byte("devices")
	bktLog      = []byte("log")

	keyEntries  = []byte("entries")
	keyExits    = []byte("exits")
	keyRefusals = []byte("refusals")
)

// counterKeys names a venue's counter of each event kind.
var counterKeys = map[wire.Kind][]byte{wire.Entry: keyEntries, wire.Exit: keyExits, wire.Refusal: keyRefusals}

// ErrUnknownDevice is returned by Server.Device for a device that never sent
// an event.
var ErrUnknownDevice = errors.New("unknown device")

// errBadCursor is a listing cursor that this server did not hand out.
var errBadCursor = errors.New("cursor is not a number this server handed out")

// store is the bbolt file and the operations on it.
type store struct {
	db *bolt.DB
}

// openStore opens or creates server.db in dir and makes the top buckets.
func openStore(dir string) (*store, error) {
	path := filepath.Join(dir, "server.db")
	// Timeout: a second server on the same directory fails instead of
	// waiting for the file lock forever.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bktRegistry, bktIDs, bktVenues, bktDevices} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("init store %s: %w", path, err)
	}
	return &store{db: db}, nil
}

func (st *store) close() error { return st.db.Close() }

// deviceRecord is what the store keeps per device.
type deviceRecord struct {
	Venue    string    `json:"venue"`
	Received int64     `json:"received"`
	LastSeen time.Time `json:"last_seen"`
	Have     seqSet    `json:"have"` // received sequence numbers
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

// putStatuses writes registry entries (upsert).
func (st *store) putStatuses(m map[string]wire.Status) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktRegistry)
		for k, v := range m {
			if err := b.Put([]byte(k), []byte(v)); err != nil {
				return fmt.Errorf("put registry entry: %w", err)
			}
		}
		return nil
	})
}

// status returns the registry colour of a valid IIN; blue when unknown.
func (st *store) status(iin string) (wire.Status, error) {
	s := wire.Blue
	err := st.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bktRegistry).Get([]byte(iin)); v != nil {
			s = wire.Status(v)
		}
		return nil
	})
	return s, err
}

// ingest stores the events of one batch for venue in one transaction. Every
// event has already passed validation. It returns the ids accepted, the ids
// that were already stored (also earlier in this same batch), and rejections
// that only the store can decide (a device registered to another venue).
func (st *store) ingest(venue string, events []wire.Event, now time.Time) (accepted, dups []string, rejected []wire.Rejection, err error) {
	err = st.db.Update(func(tx *bolt.Tx) error {
		ids := tx.Bucket(bktIDs)
		ids.FillPercent = 0.9 // UUIDv7 ids arrive nearly in order
		devs := tx.Bucket(bktDevices)
		vb, err := tx.Bucket(bktVenues).CreateBucketIfNotExists([]byte(venue))
		if err != nil {
			return fmt.Errorf("venue bucket: %w", err)
		}
		log, err := vb.CreateBucketIfNotExists(bktLog)
		if err != nil {
			return fmt.Errorf("venue log bucket: %w", err)
		}
		log.FillPercent = 1.0 // append-only
		counts := map[wire.Kind]uint64{}
		for k, key := range counterKeys {
			counts[k] = getU64(vb, key)
		}
		records := map[string]*deviceRecord{}
		for _, e := range events {
			if ids.Get([]byte(e.ID)) != nil {
				dups = append(dups, e.ID)
				continue
			}
			rec, ok := records[e.Device]
			if !ok {
				rec = &deviceRecord{Venue: venue}
				if v := devs.Get([]byte(e.Device)); v != nil {
					if err := json.Unmarshal(v, rec); err != nil {
						return fmt.Errorf("decode device record: %w", err)
					}
				}
				records[e.Device] = rec
			}
			if rec.Venue != venue {
				rejected = append(rejected, wire.Rejection{ID: e.ID, Error: "device is registered to another venue"})
				continue
			}
			data, err := json.Marshal(e)
			if err != nil {
				return fmt.Errorf("encode event: %w", err)
			}
			seq, err := log.NextSequence()
			if err != nil {
				return fmt.Errorf("next log sequence: %w", err)
			}
			if err := log.Put(u64(seq), data); err != nil {
				return fmt.Errorf("put event: %w", err)
			}
			ref := append(append([]byte(venue), 0), u64(seq)...)
			if err := ids.Put([]byte(e.ID), ref); err != nil {
				return fmt.Errorf("put event id: %w", err)
			}
			counts[e.Kind]++
			rec.Received++
			rec.LastSeen = now
			rec.Have.add(e.Seq)
			accepted = append(accepted, e.ID)
		}
		for k, key := range counterKeys {
			if err := vb.Put(key, u64(counts[k])); err != nil {
				return fmt.Errorf("put counter: %w", err)
			}
		}
		for dev, rec := range records {
			if rec.Received == 0 {
				continue // only duplicates or rejections: nothing to record
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
		return nil, nil, nil, fmt.Errorf("store batch: %w", err)
	}
	return accepted, dups, rejected, nil
}

// counters reads a venue's counters; all zero for an unknown venue. events
// is every stored event: entries, exits and refusals.
func (st *store) counters(venue string) (entries, exits, events uint64, err error) {
	err = st.db.View(func(tx *bolt.Tx) error {
		vb := tx.Bucket(bktVenues).Bucket([]byte(venue))
		if vb == nil {
			return nil
		}
		entries, exits = getU64(vb, keyEntries), getU64(vb, keyExits)
		events = entries + exits + getU64(vb, keyRefusals)
		return nil
	})
	return entries, exits, events, err
}

// device reads a device record; ErrUnknownDevice if there is none.
func (st *store) device(device string) (deviceRecord, error) {
	var rec deviceRecord
	err := st.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bktDevices).Get([]byte(device))
		if v == nil {
			return ErrUnknownDevice
		}
		return json.Unmarshal(v, &rec)
	})
	return rec, err
}

// hasEvent reports whether an event id is stored.
func (st *store) hasEvent(id string) (bool, error) {
	var ok bool
	err := st.db.View(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bktIDs).Get([]byte(id)) != nil
		return nil
	})
	return ok, err
}

// list returns up to limit events of venue received after cursor (empty:
// from the start), oldest received first, and the cursor of the next page
// (empty when there is none). The cursor is the receipt sequence number of the
// last event returned: receipt order, not scan time, so events uploaded late
// by a kiosk that was offline still appear to a reader who paginated past
// their scan time.
func (st *store) list(venue, cursor string, limit int) ([]wire.Event, string, error) {
	var after uint64
	if cursor != "" {
		n, err := strconv.ParseUint(cursor, 10, 64)
		if err != nil {
			return nil, "", errBadCursor
		}
		after = n
	}
	out := []wire.Event{}
	next := ""
	err := st.db.View(func(tx *bolt.Tx) error {
		vb := tx.Bucket(bktVenues).Bucket([]byte(venue))
		if vb == nil || vb.Bucket(bktLog) == nil || after == math.MaxUint64 {
			return nil // after+1 below would wrap to the start of the log
		}
		c := vb.Bucket(bktLog).Cursor()
		var last uint64
		for k, v := c.Seek(u64(after + 1)); k != nil; k, v = c.Next() {
			if len(out) == limit {
				next = strconv.FormatUint(last, 10)
				return nil
			}
			var e wire.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode event %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, e)
			last = binary.BigEndian.Uint64(k)
		}
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("list events: %w", err)
	}
	return out, next, nil
}
