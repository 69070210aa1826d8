package boltstore

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/store/storetest"
	"github.com/ashyq/kiosk/sync/wire"
)

// A server.db written by the first layout (global ids/ and devices/) opens
// with its events still deduplicated and its devices under their venue.
func TestBoltMigratesGlobalLayout(t *testing.T) {
	const venueA = "venue-a"
	dir := t.TempDir()
	ev := wire.Event{ID: "0190a6c4-2f8e-7000-8000-000000000001", Device: "dev-1", Seq: 1, Venue: venueA, Door: "front",
		Kind: wire.Entry, IIN: "900101300017", Status: wire.Green, Source: wire.SourceOnline,
		ScannedAt: time.Date(2021, 3, 1, 12, 0, 0, 1, time.UTC)}
	db, err := bolt.Open(filepath.Join(dir, "server.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		reg, _ := tx.CreateBucket([]byte("registry"))
		ids, _ := tx.CreateBucket([]byte("ids"))
		devs, _ := tx.CreateBucket([]byte("devices"))
		venues, _ := tx.CreateBucket([]byte("venues"))
		vb, _ := venues.CreateBucket([]byte(venueA))
		log, _ := vb.CreateBucket([]byte("log"))
		data, _ := json.Marshal(ev)
		rec, _ := json.Marshal(map[string]any{"venue": venueA, "received": 1, "last_seen": time.Now(), "have": []wire.SeqRange{{From: 1, To: 1}}})
		for _, err := range []error{
			reg.Put([]byte("061211600012"), []byte("red")),
			log.Put(u64(1), data),
			ids.Put([]byte(ev.ID), append(append([]byte(venueA), 0), u64(1)...)),
			vb.Put([]byte("entries"), u64(1)),
			devs.Put([]byte("dev-1"), rec),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	res, err := st.Ingest(ctx, venueA, []wire.Event{ev}, time.Now())
	if err != nil || !slices.Equal(res.Duplicates, []string{ev.ID}) {
		t.Errorf("the old event sent again: %+v, %v, want a duplicate", res, err)
	}
	rec, err := st.Device(ctx, venueA, "dev-1")
	if rep := rec.Report(); err != nil || rep.Received != 1 || rep.MaxSeq != 1 {
		t.Errorf("device after migration: %+v, %v", rep, err)
	}
	if c, _ := st.Counters(ctx, venueA); c.Events() != 1 {
		t.Errorf("events after migration: %d", c.Events())
	}
	if s, err := st.Status(ctx, "061211600012"); err != nil || s != wire.Red {
		t.Errorf("registry after migration: %s, %v", s, err)
	}
}

// TestBoltCountsUncheckedOnce: a file from before the unchecked and
// override counters (its older kiosks wrote source none) gets them counted
// once on open, from its events.
func TestBoltCountsUncheckedOnce(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	batch := storetest.UncheckedEvents("v")
	if _, err := st.Ingest(context.Background(), "v", batch, time.Now()); err != nil {
		t.Fatal(err)
	}
	// As a file from before: no counters, no mark.
	err = st.db.Update(func(tx *bolt.Tx) error {
		vb := venueBucket(tx, "v")
		for _, k := range [][]byte{keyOverrides, keyUnchecked} {
			if err := vb.Delete(k); err != nil {
				return err
			}
		}
		return tx.Bucket(bktMeta).Delete(keyUncheckedCounted)
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	for range 2 { // the second open counts nothing again
		st, err = Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		c, err := st.Counters(context.Background(), "v")
		if err != nil || c != storetest.WantUnchecked {
			t.Errorf("counters %+v, %v; want %+v", c, err, storetest.WantUnchecked)
		}
		st.Close()
	}
}
