package door_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/wire"
)

// manualClock is a clock a test moves.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// TestOverrideLetsARefusedPersonIn: staff let in a red person with a
// reason; the override is its own event with the status the refusal had,
// the reason and the staff name, counts inside, and works once.
func TestOverrideLetsARefusedPersonIn(t *testing.T) {
	r := newRig(t)
	clk := &manualClock{now: time.Now()}
	e, err := door.New(door.Config{Device: "d1", Venue: "demo-cafe", Door: "main", Mode: door.Entrance,
		Offline: door.PolicyAsk, Now: clk.Now}, r.ob, r.client, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	red, err := e.Handle(ctx, scan("771203300035"))
	if err != nil || red.Word() != door.WordDenied || !door.CanOverride(red) {
		t.Fatalf("red: %+v, %v", red, err)
	}
	green, _ := e.Handle(ctx, scan("900101300017"))
	if door.CanOverride(green) {
		t.Error("a welcome is overridable")
	}
	if _, err := e.Override(ctx, green.EventID, wire.OverrideManager, "aigerim"); !errors.Is(err, door.ErrNotOverridable) {
		t.Errorf("override of a welcome: %v", err)
	}
	for _, bad := range [][2]string{{"bribe", "aigerim"}, {wire.OverrideManager, ""}} {
		if _, err := e.Override(ctx, red.EventID, bad[0], bad[1]); !errors.Is(err, door.ErrOverrideReason) {
			t.Errorf("override %q by %q: %v", bad[0], bad[1], err)
		}
	}
	before := e.Count().Inside
	v, err := e.Override(ctx, red.EventID, wire.OverridePaperResult, "aigerim")
	if err != nil {
		t.Fatal(err)
	}
	if !v.Allowed || v.Kind != wire.Override || v.Word() != door.WordAdmitted || v.Status != wire.Red ||
		v.Staff != "aigerim" || v.Reason != wire.OverridePaperResult || v.EventID == "" {
		t.Errorf("override verdict %+v", v)
	}
	if got := e.Count().Inside; got != before+1 {
		t.Errorf("inside %d after an override, want %d", got, before+1)
	}
	if _, err := e.Override(ctx, red.EventID, wire.OverridePaperResult, "aigerim"); !errors.Is(err, door.ErrNotOverridable) {
		t.Errorf("second override of one refusal: %v", err)
	}
	evs, _ := r.ob.Pending(0)
	last := evs[len(evs)-1]
	if last.Kind != wire.Override || last.Staff != "aigerim" || last.Reason != wire.OverridePaperResult ||
		last.Status != wire.Red || last.Device != "d1" || last.IIN != "771203300035" || last.Validate() != nil {
		t.Errorf("recorded %+v (%v)", last, last.Validate())
	}
	unsynced, delta := door.PendingDelta(evs)
	if unsynced != 2 || delta != 2 {
		t.Errorf("pending delta %d/%d, want the welcome and the override", unsynced, delta)
	}

	// Too late: the visitor is gone.
	yellow, _ := e.Handle(ctx, scan("850523400026"))
	clk.Advance(door.OverrideWindow + time.Second)
	if _, err := e.Override(ctx, yellow.EventID, wire.OverrideManager, "aigerim"); !errors.Is(err, door.ErrNotOverridable) {
		t.Errorf("override after the window: %v", err)
	}
}

// TestOverrideOfUncheckedFollowsThePolicy: under "ask" staff let an
// unchecked person in, recorded unchecked without a colour; under
// "refuse" they cannot; a full venue's refusal can be overridden too.
func TestOverrideOfUncheckedFollowsThePolicy(t *testing.T) {
	ctx := context.Background()
	for _, p := range []door.Policy{door.PolicyAsk, door.PolicyRefuse} {
		off := newOfflineRig(t)
		e := off.engine(t, door.Entrance, p, nil)
		v, err := e.Handle(ctx, scan("771203300035"))
		if err != nil {
			t.Fatal(err)
		}
		o, err := e.Override(ctx, v.EventID, wire.OverrideIDChecked, "aigerim")
		if p == door.PolicyRefuse {
			if !errors.Is(err, door.ErrNotOverridable) {
				t.Errorf("refuse: override %+v, %v", o, err)
			}
			continue
		}
		if err != nil || o.Status != "" || o.Source != wire.SourceUnchecked || o.Word() != door.WordAdmitted {
			t.Errorf("ask: override %+v, %v", o, err)
		}
	}
	r := newRig(t)
	e := r.engineWith(t, door.Config{Capacity: 1}, r.client)
	if v, _ := e.Handle(ctx, scan("900101300017")); !v.Allowed {
		t.Fatal("first visitor refused")
	}
	full, _ := e.Handle(ctx, scan("010202500042"))
	if full.Word() != door.WordFull || !door.CanOverride(full) {
		t.Fatalf("full: %+v", full)
	}
	o, err := e.Override(ctx, full.EventID, wire.OverrideStaffMember, "owner")
	if err != nil || o.Inside != 2 || o.Status != wire.Blue {
		t.Errorf("override at capacity: %+v, %v", o, err)
	}
}
