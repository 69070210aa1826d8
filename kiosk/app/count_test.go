package app

import (
	"context"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire"
)

// TestFollowCount: a sync state's venue figure reaches the engine, whose
// capacity then comes from the upstream.
func TestFollowCount(t *testing.T) {
	a, _ := openApp(t, ownerConfig(t.TempDir(), ""))
	defer a.Close()
	ch := make(chan syncer.State, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { followCount(ctx, ch, a.Engine, a.Log); close(done) }()
	ch <- syncer.State{Link: syncer.LinkOnline, Occupancy: &wire.Occupancy{Venue: "demo-cafe", Inside: 9, Capacity: 9}}
	deadline := time.Now().Add(5 * time.Second)
	for a.Engine.Count().Capacity != 9 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if c := a.Engine.Count(); c.Capacity != 9 || c.Inside != 9 || c.Source != door.CountUpstream || !c.Full() {
		t.Errorf("count %+v, want the upstream's 9 of 9", c)
	}
	cancel()
	<-done
}
