package syncer

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/outbox"
)

// TestStateAfterRestart: a kiosk that synced, then lost power with records
// waiting, starts up showing its last sync (kept in the outbox) and every
// waiting record, before it reaches the upstream; it was never online in
// this run, and says since when it is offline.
func TestStateAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.db")
	ob, err := outbox.Open(path, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sent := appendN(t, ob, 3)
	if err := ob.Ack([]string{sent[0].ID, sent[1].ID, sent[2].ID}); err != nil {
		t.Fatal(err)
	}
	appendN(t, ob, 23)
	ackAt, _ := ob.Stats()
	ob.Close()

	ob, err = outbox.Open(path, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	start := time.Date(2021, 8, 2, 9, 0, 0, 0, time.UTC)
	opts := fastOptions(nil)
	opts.Now = func() time.Time { return start }
	s := newSyncer(t, ob, newClient(t, "http://127.0.0.1:1", "t"), opts)
	st := s.State()
	if st.Pending != 23 || st.LastSync.IsZero() || !st.LastSync.Equal(ackAt.LastAck) {
		t.Errorf("after a restart: pending %d, last sync %v (outbox acked at %v)", st.Pending, st.LastSync, ackAt.LastAck)
	}
	if st.WasOnline || !st.LinkSince.Equal(start) || st.Online() {
		t.Errorf("link: %+v", st)
	}
	select {
	case pub := <-s.Updates():
		if pub.Pending != 23 {
			t.Errorf("first published state has %d pending", pub.Pending)
		}
	case <-time.After(time.Second):
		t.Error("nothing published at start")
	}
}
