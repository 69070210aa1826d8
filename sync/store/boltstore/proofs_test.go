package boltstore

import (
	"context"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/store"
)

// The used proofs live in RAM and reach the file in the background: a
// restart remembers those still within their time, and forgets (and
// deletes) the rest.
func TestUsedProofsSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	now := time.Now().UTC()
	live := store.ProofUse{ID: [16]byte{1}, Venue: "cafe", Device: "d1", Door: "main", At: now, Until: now.Add(time.Hour)}
	old := store.ProofUse{ID: [16]byte{2}, Venue: "cafe", Device: "d1", At: now.Add(-2 * time.Hour), Until: now.Add(-time.Hour)}
	for _, u := range []store.ProofUse{live, old} {
		if _, seen, err := st.UseProof(ctx, u, false); err != nil || seen {
			t.Fatalf("use %x: seen %v, %v", u.ID, seen, err)
		}
	}
	// The flusher writes within a second; Close writes the rest.
	deadline := time.Now().Add(10 * time.Second)
	for countProofs(t, st.db) < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := countProofs(t, st.db); n != 2 {
		t.Fatalf("%d uses in the file after the flush, want 2", n)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}

	st, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	probe := live
	probe.Device, probe.At = "d2", now.Add(time.Second)
	if first, seen, err := st.UseProof(ctx, probe, true); err != nil || !seen || first.Device != "d1" || first.Door != "main" {
		t.Errorf("after a restart: %+v, seen %v, %v", first, seen, err)
	}
	if n := countProofs(t, st.db); n != 1 {
		t.Errorf("%d uses in the file after a restart, want 1: the expired one is deleted", n)
	}
}

func countProofs(t *testing.T, db *bolt.DB) int {
	t.Helper()
	var n int
	if err := db.View(func(tx *bolt.Tx) error { n = tx.Bucket(bktProofs).Stats().KeyN; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}
