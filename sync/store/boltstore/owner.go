package boltstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// The owner's pages (store.OwnerStore), in the venue's bucket:
//
//	venues/<venue>/doors/    device -> store.Door JSON (mode set, last report)
//	venues/<venue>/hours/    UTC hour (Unix seconds, 8 bytes) -> 5 counters
//	venues/<venue>/by_time/  scan time (8 bytes, sign flipped) + n -> empty:
//	                         the log in scan order
//	venues/<venue>/enrol/    created (8 bytes) + code hash -> store.DeviceEnrolment
//	dev_enrol/               code hash -> venue (where its record is)
var (
	bktDoors    = []byte("doors")
	bktHours    = []byte("hours")
	bktByTime   = []byte("by_time")
	bktEnrol    = []byte("enrol")
	bktDevEnrol = []byte("dev_enrol")
	// keyOwnerIndexed in the meta bucket says indexForOwners has run.
	keyOwnerIndexed = []byte("owner_indexed")
)

// venueOwnerBuckets are the sub-buckets every venue gets for the owner's
// pages.
var venueOwnerBuckets = [][]byte{bktDoors, bktHours, bktByTime, bktEnrol}

// timeKey orders scan times, before 1970 too: the sign bit flipped.
func timeKey(at time.Time, n uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, uint64(at.UnixNano())^(1<<63))
	binary.BigEndian.PutUint64(k[8:], n)
	return k
}

func hourKey(h time.Time) []byte { return u64(uint64(h.Unix()) ^ (1 << 63)) }

func decodeHour(k, v []byte) store.HourCount {
	h := store.HourCount{Hour: time.Unix(int64(binary.BigEndian.Uint64(k)^(1<<63)), 0).UTC()}
	if len(v) == 40 {
		h.Entries, h.Exits, h.Refusals = binary.BigEndian.Uint64(v), binary.BigEndian.Uint64(v[8:]), binary.BigEndian.Uint64(v[16:])
		h.Overrides, h.Unchecked = binary.BigEndian.Uint64(v[24:]), binary.BigEndian.Uint64(v[32:])
	}
	return h
}

func encodeHour(h store.HourCount) []byte {
	v := make([]byte, 40)
	for i, n := range []uint64{h.Entries, h.Exits, h.Refusals, h.Overrides, h.Unchecked} {
		binary.BigEndian.PutUint64(v[8*i:], n)
	}
	return v
}

// hourCounter adds a batch's events to their hours, written once at the end.
type hourCounter map[int64]*store.HourCount

func (hc hourCounter) add(e wire.Event) {
	h := store.EventHour(e)
	c := hc[h.Unix()]
	if c == nil {
		c = &store.HourCount{Hour: h}
		hc[h.Unix()] = c
	}
	c.Add(e)
}

func (hc hourCounter) put(b *bolt.Bucket) error {
	for _, c := range hc {
		k := hourKey(c.Hour)
		cur := decodeHour(k, b.Get(k))
		cur.Plus(*c)
		if err := b.Put(k, encodeHour(cur)); err != nil {
			return fmt.Errorf("put hour count: %w", err)
		}
	}
	return nil
}

// indexEvent puts one stored event into the owner's indexes.
func indexEvent(vb *bolt.Bucket, e wire.Event, n uint64, hours hourCounter) error {
	hours.add(e)
	return vb.Bucket(bktByTime).Put(timeKey(e.ScannedAt, n), nil)
}

// indexForOwners builds, once, the hour counts and the scan-time index of
// a file from before them, and gives every venue its owner buckets. The
// layout only grows, so the schema number stays.
func indexForOwners(tx *bolt.Tx) error {
	meta := tx.Bucket(bktMeta)
	if meta.Get(keyOwnerIndexed) != nil {
		return nil
	}
	venues := tx.Bucket(bktVenues)
	var names [][]byte
	if err := venues.ForEachBucket(func(k []byte) error { names = append(names, bytes.Clone(k)); return nil }); err != nil {
		return err
	}
	for _, name := range names {
		vb := venues.Bucket(name)
		for _, b := range venueOwnerBuckets {
			if _, err := vb.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		log := vb.Bucket(bktLog)
		if log == nil {
			continue
		}
		hours := hourCounter{}
		vb.Bucket(bktByTime).FillPercent = 0.9
		err := log.ForEach(func(k, v []byte) error {
			var e wire.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("index for owners: decode event: %w", err)
			}
			return indexEvent(vb, e, binary.BigEndian.Uint64(k), hours)
		})
		if err != nil {
			return err
		}
		if err := hours.put(vb.Bucket(bktHours)); err != nil {
			return err
		}
	}
	return meta.Put(keyOwnerIndexed, u64(1))
}

func getDoor(vb *bolt.Bucket, venue, device string) (store.Door, bool, error) {
	d := store.Door{Venue: venue, Device: device}
	v := vb.Bucket(bktDoors).Get([]byte(device))
	if v == nil {
		return d, false, nil
	}
	if err := json.Unmarshal(v, &d); err != nil {
		return d, false, fmt.Errorf("decode door: %w", err)
	}
	return d, true, nil
}

func putDoor(vb *bolt.Bucket, d store.Door) error {
	data, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode door: %w", err)
	}
	return vb.Bucket(bktDoors).Put([]byte(d.Device), data)
}

// PutDoorMode sets the mode an owner chose for a door.
func (st *Store) PutDoorMode(_ context.Context, venue, device string, set store.DoorMode) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		return putDoorMode(tx, venue, device, set)
	})
}

func putDoorMode(tx *bolt.Tx, venue, device string, set store.DoorMode) error {
	vb, err := createVenue(tx, venue, set.SetAt)
	if err != nil {
		return err
	}
	d, _, err := getDoor(vb, venue, device)
	if err != nil {
		return err
	}
	d.Set = set
	return putDoor(vb, d)
}

// PutDoorReports keeps the kiosks' latest reports.
func (st *Store) PutDoorReports(_ context.Context, reports []store.DoorReport) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		for _, r := range reports {
			vb, err := createVenue(tx, r.Venue, r.At)
			if err != nil {
				return err
			}
			d, _, err := getDoor(vb, r.Venue, r.Device)
			if err != nil {
				return err
			}
			if d.Report != nil && d.Report.At.After(r.At) {
				continue // a newer one is kept already (another replica's)
			}
			d.Report = &r
			if err := putDoor(vb, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// Door returns one door.
func (st *Store) Door(_ context.Context, venue, device string) (store.Door, error) {
	var d store.Door
	err := st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, venue)
		if vb == nil {
			return store.ErrNotFound
		}
		var ok bool
		var err error
		d, ok, err = getDoor(vb, venue, device)
		if err == nil && !ok {
			return store.ErrNotFound
		}
		return err
	})
	return d, err
}

// Doors returns a venue's doors by device.
func (st *Store) Doors(_ context.Context, venue string, limit int) ([]store.Door, error) {
	out := []store.Door{}
	err := st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, venue)
		if vb == nil {
			return nil
		}
		c := vb.Bucket(bktDoors).Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			var d store.Door
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("decode door: %w", err)
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

func enrolKey(e store.DeviceEnrolment) []byte {
	return append(u64(uint64(e.Created.UnixNano())^(1<<63)), e.Hash[:]...)
}

// PutDeviceEnrolment stores a new code.
func (st *Store) PutDeviceEnrolment(_ context.Context, e store.DeviceEnrolment) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		idx := tx.Bucket(bktDevEnrol)
		if idx.Get(e.Hash[:]) != nil {
			return store.ErrExists
		}
		vb, err := createVenue(tx, e.Venue, e.Created)
		if err != nil {
			return err
		}
		data, _ := json.Marshal(e)
		if err := vb.Bucket(bktEnrol).Put(enrolKey(e), data); err != nil {
			return fmt.Errorf("put enrolment: %w", err)
		}
		return idx.Put(e.Hash[:], append(u64(uint64(e.Created.UnixNano())^(1<<63)), e.Venue...))
	})
}

// RedeemDeviceEnrolment uses a code once (see store.OwnerStore).
func (st *Store) RedeemDeviceEnrolment(_ context.Context, hash [sha256.Size]byte, now time.Time, client string, cred store.Credential) (store.DeviceEnrolment, error) {
	var e store.DeviceEnrolment
	err := st.db.Update(func(tx *bolt.Tx) error {
		ref := tx.Bucket(bktDevEnrol).Get(hash[:])
		if len(ref) < 8 {
			return store.ErrNotFound
		}
		vb := venueBucket(tx, string(ref[8:]))
		if vb == nil {
			return store.ErrNotFound
		}
		key := append(bytes.Clone(ref[:8]), hash[:]...)
		v := vb.Bucket(bktEnrol).Get(key)
		if v == nil {
			return store.ErrNotFound
		}
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("decode enrolment: %w", err)
		}
		if err := e.Judge(now); err != nil {
			return err
		}
		if cred.Kind != store.KindDevice {
			return fmt.Errorf("redeem enrolment: a %s credential is not a device token", cred.Kind)
		}
		cred.Venue = e.Venue
		if cred.Label == "" {
			cred.Label = e.Label()
		}
		creds, byID := tx.Bucket(bktCreds), tx.Bucket(bktCredIDs)
		if creds.Get(cred.Hash[:]) != nil || byID.Get([]byte(cred.ID)) != nil {
			return store.ErrExists
		}
		data, _ := json.Marshal(cred)
		if err := creds.Put(cred.Hash[:], data); err != nil {
			return fmt.Errorf("put credential: %w", err)
		}
		if err := byID.Put([]byte(cred.ID), cred.Hash[:]); err != nil {
			return fmt.Errorf("put credential: %w", err)
		}
		e.Used, e.UsedBy, e.Credential = now.UTC(), client, cred.ID
		data, _ = json.Marshal(e)
		if err := vb.Bucket(bktEnrol).Put(key, data); err != nil {
			return fmt.Errorf("put enrolment: %w", err)
		}
		return putDoorMode(tx, e.Venue, e.Device, store.DoorMode{Mode: e.Mode, SetBy: e.CreatedBy, SetAt: e.Created})
	})
	if errors.Is(err, store.ErrEnrolmentUsed) || errors.Is(err, store.ErrEnrolmentExpired) || errors.Is(err, store.ErrNotFound) {
		return e, err
	}
	if err != nil {
		return store.DeviceEnrolment{}, err
	}
	return e, nil
}

// DeviceEnrolments lists a venue's codes, newest first.
func (st *Store) DeviceEnrolments(_ context.Context, venue string, since time.Time, limit int) ([]store.DeviceEnrolment, error) {
	out := []store.DeviceEnrolment{}
	err := st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, venue)
		if vb == nil {
			return nil
		}
		c := vb.Bucket(bktEnrol).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var e store.DeviceEnrolment
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode enrolment: %w", err)
			}
			if !e.Created.After(since) {
				break
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// HourCounts returns the venue's hours in [from, to).
func (st *Store) HourCounts(_ context.Context, venue string, from, to time.Time) ([]store.HourCount, error) {
	out := []store.HourCount{}
	err := st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, venue)
		if vb == nil {
			return nil
		}
		c := vb.Bucket(bktHours).Cursor()
		end := hourKey(to)
		for k, v := c.Seek(hourKey(from)); k != nil && bytes.Compare(k, end) < 0; k, v = c.Next() {
			out = append(out, decodeHour(k, v))
		}
		return nil
	})
	return out, err
}

// EventsBetween pages through a venue's events by scan time.
func (st *Store) EventsBetween(_ context.Context, venue string, from, to time.Time, cursor string, limit int) (store.EventPage, error) {
	cur, ok, err := store.ParseTimeCursor(cursor)
	if err != nil {
		return store.EventPage{}, err
	}
	page := store.EventPage{Events: []wire.Event{}, Resume: cursor}
	start := timeKey(from, 0)
	if ok {
		if cur.N == ^uint64(0) {
			return page, nil
		}
		start = timeKey(time.Unix(0, cur.At), cur.N+1)
	}
	end := timeKey(to, 0)
	err = st.db.View(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, venue)
		if vb == nil {
			return nil
		}
		log := vb.Bucket(bktLog)
		c := vb.Bucket(bktByTime).Cursor()
		size := 0
		for k, _ := c.Seek(start); k != nil && bytes.Compare(k, end) < 0; k, _ = c.Next() {
			v := log.Get(k[8:])
			if size += len(v); len(page.Events) == limit || (len(page.Events) > 0 && size > store.ListPageBytes) {
				page.More = true
				return nil
			}
			var e wire.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode event: %w", err)
			}
			page.Events = append(page.Events, e)
			page.Resume = store.TimeCursor{At: int64(binary.BigEndian.Uint64(k) ^ (1 << 63)), N: binary.BigEndian.Uint64(k[8:])}.String()
		}
		return nil
	})
	if err != nil {
		return store.EventPage{}, fmt.Errorf("events between: %w", err)
	}
	return page, nil
}
