package boltstore

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// migrateBolt moves a version 0 file (global ids/ and devices/ buckets) to
// the venue-scoped layout in the open transaction: a crash leaves the old
// layout whole.
func migrateBolt(tx *bolt.Tx) error {
	if m := tx.Bucket(bktMeta); m != nil && getU64(m, keySchema) >= boltSchema {
		return nil
	}
	venues := tx.Bucket(bktVenues)
	if venues == nil {
		return nil // a new file
	}
	oldIDs, oldDevs := tx.Bucket(bktIDs), tx.Bucket(bktDevices)
	now := time.Now().UTC()
	var names [][]byte
	if err := venues.ForEachBucket(func(k []byte) error { names = append(names, bytes.Clone(k)); return nil }); err != nil {
		return err
	}
	for _, name := range names {
		vb, err := createVenue(tx, string(name), now)
		if err != nil {
			return err
		}
		ids := vb.Bucket(bktIDs)
		err = vb.Bucket(bktLog).ForEach(func(k, v []byte) error {
			var e wire.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("migrate: decode event: %w", err)
			}
			return ids.Put([]byte(e.ID), idEntry(binary.BigEndian.Uint64(k), store.EventDigest(e)))
		})
		if err != nil {
			return err
		}
	}
	if oldDevs != nil {
		err := oldDevs.ForEach(func(k, v []byte) error {
			var rec store.DeviceRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("migrate: decode device: %w", err)
			}
			rec.Device = string(k)
			vb, err := createVenue(tx, rec.Venue, now)
			if err != nil {
				return err
			}
			data, _ := json.Marshal(rec)
			return vb.Bucket(bktDevices).Put(k, data)
		})
		if err != nil {
			return err
		}
		if err := tx.DeleteBucket(bktDevices); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	if oldIDs != nil {
		if err := tx.DeleteBucket(bktIDs); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

// keyUncheckedCounted in the meta bucket says countUnchecked has run.
var keyUncheckedCounted = []byte("unchecked_counted")

// countUnchecked fills in, once, the overrides and unchecked counters of a
// file from before they were kept (issue 20): its older kiosks' events with
// source none were unchecked people, given a blue nobody had checked. The
// layout is unchanged, so the schema number stays.
func countUnchecked(tx *bolt.Tx) error {
	meta := tx.Bucket(bktMeta)
	if meta.Get(keyUncheckedCounted) != nil {
		return nil
	}
	venues := tx.Bucket(bktVenues)
	var names [][]byte
	if err := venues.ForEachBucket(func(k []byte) error { names = append(names, bytes.Clone(k)); return nil }); err != nil {
		return err
	}
	for _, name := range names {
		vb := venues.Bucket(name)
		log := vb.Bucket(bktLog)
		if log == nil {
			continue
		}
		var overrides, unchecked uint64
		err := log.ForEach(func(_, v []byte) error {
			var e struct {
				Kind   wire.Kind   `json:"kind"`
				Source wire.Source `json:"source"`
			}
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("count unchecked: decode event: %w", err)
			}
			if e.Kind == wire.Override {
				overrides++
			}
			if e.Source.Unchecked() {
				unchecked++
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := vb.Put(keyOverrides, u64(overrides)); err != nil {
			return err
		}
		if err := vb.Put(keyUnchecked, u64(unchecked)); err != nil {
			return err
		}
	}
	return meta.Put(keyUncheckedCounted, u64(1))
}
