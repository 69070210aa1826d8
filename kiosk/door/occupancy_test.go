package door_test

import (
	"context"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/wire"
)

// countingLookup is the real client, counting the lookups made through it,
// and optionally claiming every person inside the venue (as an upstream
// that keeps presence answers).
type countingLookup struct {
	door.Lookup
	calls  int
	inside *bool
}

func (l *countingLookup) Status(ctx context.Context, iin string) (wire.StatusResponse, error) {
	l.calls++
	resp, err := l.Lookup.Status(ctx, iin)
	if l.inside != nil {
		resp.Inside = l.inside
	}
	return resp, err
}

func (r *rig) engineWith(t *testing.T, cfg door.Config, lk door.Lookup) *door.Engine {
	t.Helper()
	cfg.Device, cfg.Venue, cfg.Door = "d1", "demo-cafe", "main"
	if cfg.Mode == "" {
		cfg.Mode = door.Entrance
	}
	cfg.Offline = door.PolicyAdmit
	e, err := door.New(cfg, r.ob, lk, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestExitDoesNoLookup: in exit mode nobody is looked up, the exit is
// recorded without a status, and the real upstream accepts it.
func TestExitDoesNoLookup(t *testing.T) {
	r := newRig(t)
	lk := &countingLookup{Lookup: r.client}
	e := r.engineWith(t, door.Config{Mode: door.Exit}, lk)
	v, err := e.Handle(context.Background(), scan("771203300035"))
	if err != nil {
		t.Fatal(err)
	}
	if lk.calls != 0 {
		t.Errorf("exit made %d status lookups", lk.calls)
	}
	if !v.Allowed || v.Kind != wire.Exit || v.Status != "" || v.Source != wire.SourceSkipped {
		t.Errorf("exit verdict %+v", v)
	}
	pending, err := r.ob.Pending(10)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending %v %v", pending, err)
	}
	if err := pending[0].Validate(); err != nil {
		t.Errorf("recorded exit does not validate: %v", err)
	}
	res, err := r.client.SendEvents(context.Background(), wire.EventBatch{Device: "d1", SentAt: time.Now(), Events: pending})
	if err != nil || len(res.Accepted) != 1 {
		t.Errorf("upstream took the exit: %+v %v", res, err)
	}
	// An entrance still looks up.
	if err := e.SetMode(door.Entrance); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Handle(context.Background(), scan("900101300017")); err != nil || lk.calls != 1 {
		t.Errorf("entrance: %d lookups, %v", lk.calls, err)
	}
}

// TestAlreadyInsideCountedOnce: a person scanning at the entrance again is
// let in, recorded as already inside, and not counted twice.
func TestAlreadyInsideCountedOnce(t *testing.T) {
	r := newRig(t)
	e := r.engineWith(t, door.Config{}, r.client)
	for i, want := range []string{"", wire.ReasonAlreadyInside, wire.ReasonAlreadyInside} {
		v, err := e.Handle(context.Background(), scan("900101300017"))
		if err != nil {
			t.Fatal(err)
		}
		if !v.Allowed || v.Kind != wire.Entry || v.Reason != want {
			t.Errorf("scan %d: %+v, want reason %q", i+1, v, want)
		}
	}
	if c := e.Count(); c.Inside != 1 || c.Source != door.CountLocal {
		t.Errorf("count after three scans of one person: %+v", c)
	}
	// After leaving, the next entry counts again.
	e.SetMode(door.Exit)
	e.Handle(context.Background(), scan("900101300017"))
	e.SetMode(door.Entrance)
	v, _ := e.Handle(context.Background(), scan("900101300017"))
	if v.Reason != "" || e.Count().Inside != 1 {
		t.Errorf("re-entry after exit: reason %q, inside %d", v.Reason, e.Count().Inside)
	}
}

// TestUpstreamSaysInside: the upstream's presence (another door, an
// earlier run) marks the entry already inside.
func TestUpstreamSaysInside(t *testing.T) {
	r := newRig(t)
	yes := true
	e := r.engineWith(t, door.Config{}, &countingLookup{Lookup: r.client, inside: &yes})
	e.SetUpstreamCount(wire.Occupancy{Venue: "demo-cafe", Inside: 4}, true, 0, 0)
	v, err := e.Handle(context.Background(), scan("900101300017"))
	if err != nil {
		t.Fatal(err)
	}
	if v.Reason != wire.ReasonAlreadyInside || e.Count().Inside != 4 {
		t.Errorf("upstream-inside entry: reason %q, inside %d", v.Reason, e.Count().Inside)
	}
}

// TestCapacityFull: at capacity a green or blue visitor is refused as
// full and the refusal is recorded with its reason; a red one is still
// refused for the status; the count does not move.
func TestCapacityFull(t *testing.T) {
	r := newRig(t)
	e := r.engineWith(t, door.Config{Capacity: 2}, r.client)
	for _, p := range []string{"900101300017", "950630400059"} {
		if v, err := e.Handle(context.Background(), scan(p)); err != nil || v.Kind != wire.Entry {
			t.Fatalf("%s: %+v %v", p, v, err)
		}
	}
	c := e.Count()
	if !c.Full() || c.Inside != 2 || c.Capacity != 2 {
		t.Fatalf("count %+v, want full at 2", c)
	}
	v, err := e.Handle(context.Background(), scan("010202500042")) // blue
	if err != nil {
		t.Fatal(err)
	}
	if v.Allowed || v.Kind != wire.Refusal || v.Reason != wire.ReasonFull || v.Status != wire.Blue {
		t.Errorf("blue visitor at capacity: %+v", v)
	}
	v, _ = e.Handle(context.Background(), scan("771203300035")) // red
	if v.Reason != "status" {
		t.Errorf("red visitor at capacity: reason %q, want status", v.Reason)
	}
	// Someone already inside is not turned away by the limit.
	if v, _ := e.Handle(context.Background(), scan("900101300017")); !v.Allowed || v.Reason != wire.ReasonAlreadyInside {
		t.Errorf("inside visitor at capacity: %+v", v)
	}
	pending, _ := r.ob.Pending(10)
	if len(pending) != 5 || pending[2].Kind != wire.Refusal || pending[2].Reason != wire.ReasonFull {
		t.Errorf("the full refusal is not recorded with its reason: %+v", pending)
	}
	if e.Count().Inside != 2 {
		t.Errorf("inside %d after refusals", e.Count().Inside)
	}
}

// TestUpstreamCapacityWins: the venue's capacity kept upstream overrides
// the local one, and the count says where it came from.
func TestUpstreamCapacityWins(t *testing.T) {
	r := newRig(t)
	e := r.engineWith(t, door.Config{Capacity: 100}, r.client)
	e.SetUpstreamCount(wire.Occupancy{Venue: "demo-cafe", Inside: 9, Capacity: 10, AsOf: time.Now()}, true, 0, 0)
	if c := e.Count(); c.Capacity != 10 || c.Source != door.CountUpstream || c.Full() {
		t.Fatalf("count %+v", c)
	}
	if v, _ := e.Handle(context.Background(), scan("900101300017")); v.Kind != wire.Entry {
		t.Fatalf("the tenth: %+v", v)
	}
	if v, _ := e.Handle(context.Background(), scan("950630400059")); v.Reason != wire.ReasonFull {
		t.Errorf("the eleventh: %+v", v)
	}
	e.SetOnline(false)
	if c := e.Count(); c.Source != door.CountEstimate || c.Inside != 10 || c.Unsynced != 1 {
		t.Errorf("offline count %+v, want an estimate of 10 with 1 unsynced", c)
	}
}

// TestExitWithoutEntryNotBelowZero: an exit nobody saw enter is recorded
// and the count stays at zero, and the next entry makes it one.
func TestExitWithoutEntryNotBelowZero(t *testing.T) {
	r := newRig(t)
	e := r.engineWith(t, door.Config{Mode: door.Exit}, r.client)
	for range 3 {
		if v, err := e.Handle(context.Background(), scan("061211600012")); err != nil || v.Kind != wire.Exit {
			t.Fatalf("exit: %+v %v", v, err)
		}
	}
	if n := e.Count().Inside; n != 0 {
		t.Errorf("inside %d after exits only", n)
	}
	if p, _ := r.ob.Pending(10); len(p) != 3 {
		t.Errorf("%d exits recorded, want 3", len(p))
	}
	e.SetMode(door.Entrance)
	e.Handle(context.Background(), scan("900101300017"))
	if n := e.Count().Inside; n != 1 {
		t.Errorf("inside %d after one entry, want 1", n)
	}
}

func TestPendingDelta(t *testing.T) {
	evs := []wire.Event{
		{Kind: wire.Entry}, {Kind: wire.Entry, Reason: wire.ReasonAlreadyInside},
		{Kind: wire.Exit}, {Kind: wire.Refusal, Reason: wire.ReasonFull}, {Kind: wire.Entry},
	}
	if n, d := door.PendingDelta(evs); n != 4 || d != 1 {
		t.Errorf("PendingDelta = %d, %d; want 4, 1", n, d)
	}
}

// TestRefreshCountAddsWaitingEvents: offline, the estimate is the last
// upstream figure plus the entries and exits still in the outbox.
func TestRefreshCountAddsWaitingEvents(t *testing.T) {
	r := newRig(t)
	e := r.engineWith(t, door.Config{}, r.client)
	for _, p := range []string{"900101300017", "950630400059", "010202500042"} {
		e.Handle(context.Background(), scan(p))
	}
	e.SetMode(door.Exit)
	e.Handle(context.Background(), scan("061211600012"))
	if err := e.RefreshCount(&wire.Occupancy{Venue: "demo-cafe", Inside: 20, AsOf: time.Now()}, false); err != nil {
		t.Fatal(err)
	}
	if c := e.Count(); c.Inside != 22 || c.Unsynced != 4 || c.Source != door.CountEstimate {
		t.Errorf("estimate %+v, want 20 + 3 entries - 1 exit = 22 from 4 unsynced", c)
	}
	if err := e.RefreshCount(nil, true); err != nil || e.Count().Source != door.CountUpstream {
		t.Errorf("online again: %+v %v", e.Count(), err)
	}
}
