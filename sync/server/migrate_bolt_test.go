package server

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/wire"
)

// A server.db written by the first layout (global ids/ and devices/) opens
// with its events still deduplicated and its devices under their venue.
func TestBoltMigratesGlobalLayout(t *testing.T) {
	dir := t.TempDir()
	ev := event(venueA, "dev-1", 1, wire.Entry)
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

	e := newEnv(t, Options{DataDir: dir})
	res := e.send(tokA, "dev-1", ev)
	if !slices.Equal(res.Duplicates, []string{ev.ID}) {
		t.Errorf("the old event sent again: %+v, want a duplicate", res)
	}
	rep, err := e.srv.Device(venueA, "dev-1")
	if err != nil || rep.Received != 1 || rep.MaxSeq != 1 {
		t.Errorf("device after migration: %+v, %v", rep, err)
	}
	if n, _ := e.srv.EventCount(venueA); n != 1 {
		t.Errorf("events after migration: %d", n)
	}
	var sr wire.StatusResponse
	e.callJSON("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "061211600012"}, 200, &sr)
	if sr.Status != wire.Red {
		t.Errorf("registry after migration: %s", sr.Status)
	}
}
