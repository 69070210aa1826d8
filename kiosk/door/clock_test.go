package door_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/wire"
)

// liar is the rig's real upstream, except that its clock answers (keys and
// health) carry the time it is told.
type liar struct {
	*passRig
	at time.Time
}

func (l liar) Keys(ctx context.Context) (wire.KeySet, error) {
	ks, err := l.client.Keys(ctx)
	ks.Time = l.at
	return ks, err
}

func (l liar) DenyList(ctx context.Context, after uint64) (wire.DenyList, error) {
	return l.client.DenyList(ctx, after)
}

func (l liar) Health(ctx context.Context) (wire.Health, error) {
	h, err := l.client.Health(ctx)
	h.Time = l.at
	return h, err
}

var year2200 = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)

// passes checks that a fresh pass is judged, online and offline, with the
// clock near the real time.
func passesStillWork(t *testing.T, r *passRig, e *door.Engine, when string) {
	t.Helper()
	if c := e.Clock(); !c.Trusted || time.Since(c.Now).Abs() > time.Minute {
		t.Fatalf("%s: clock %+v", when, c)
	}
	h, _ := r.phone(t, "900101300017")
	r.dead.Store(false)
	v, err := e.Handle(context.Background(), scanPass(showAt(t, h, time.Now(), "")))
	if err != nil || v.Source != wire.SourceOnline || !v.Allowed {
		t.Fatalf("%s, online: %+v, %v", when, v, err)
	}
	r.dead.Store(true) // the lookup times out: offline
	v, err = e.Handle(context.Background(), scanPass(showAt(t, h, time.Now(), server.DemoVenue)))
	if err != nil || v.Source != wire.SourcePass || !v.Allowed {
		t.Fatalf("%s, offline: %+v, %v", when, v, err)
	}
}

// One /v1/keys answer dated 2200 used to be kept as the latest upstream
// time ever seen: afterwards every online proof was "proof-too-old", and
// after a restart every offline pass "clock-untrusted", even after normal
// refreshes from the real server. Now a reading far from what the kiosk
// expects is held back until a second one agrees, and changes nothing.
func TestOneAbsurdUpstreamTimeDoesNotPoisonTheClock(t *testing.T) {
	t.Run("keys answer, then online and offline", func(t *testing.T) {
		r := newPassRig(t, server.Options{})
		if err := r.trust.Refresh(context.Background(), liar{r, year2200}); !errors.Is(err, trust.ErrImplausibleTime) {
			t.Fatalf("refresh dated 2200: %v", err)
		}
		passesStillWork(t, r, r.engine(t, nil), "after a 2200 answer")
	})
	t.Run("keys answer, then a restart", func(t *testing.T) {
		r := newPassRig(t, server.Options{})
		_ = r.trust.Refresh(context.Background(), liar{r, year2200})
		reopened, err := trust.Open(filepath.Join(r.dir, trust.File), trust.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s := reopened.Status(); s.Seen.After(time.Now().Add(time.Hour)) || s.RefreshedAt.After(time.Now().Add(time.Hour)) {
			t.Fatalf("the 2200 answer reached the disk: %+v", s)
		}
		r.trust = reopened
		passesStillWork(t, r, r.engine(t, nil), "restarted after a 2200 answer")
	})
	t.Run("health answer", func(t *testing.T) {
		r := newPassRig(t, server.Options{})
		e := r.engine(t, func(c *door.Config) { c.Prober = liar{r, year2200}; c.Offline = door.PolicyAdmit })
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go e.Probe(ctx)
		r.dead.Store(true)
		if _, err := e.Handle(context.Background(), scan("900101300017")); err != nil { // opens the breaker
			t.Fatal(err)
		}
		r.dead.Store(false)
		for deadline := time.Now().Add(10 * time.Second); e.BreakerOpen() && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
		if e.BreakerOpen() {
			t.Fatal("the probe never answered")
		}
		passesStillWork(t, r, e, "after a 2200 health answer")
	})
	// A kiosk with nothing to hold a reading against (a 1970 clock after a
	// restart) must take the first one as it comes; if that one is absurd,
	// the next two normal refreshes put it right, on disk too.
	t.Run("first reading of a kiosk with a wrong clock", func(t *testing.T) {
		r := newPassRig(t, server.Options{})
		boot := time.Now()
		clock1970 := func() time.Time { return time.Unix(0, 0).Add(time.Since(boot)) }
		reopened, err := trust.Open(filepath.Join(r.dir, trust.File), trust.Options{Now: clock1970})
		if err != nil {
			t.Fatal(err)
		}
		if err := reopened.Refresh(context.Background(), liar{r, year2200}); err != nil {
			t.Fatalf("first reading: %v", err)
		}
		held := reopened.Refresh(context.Background(), r.client)
		if !errors.Is(held, trust.ErrImplausibleTime) {
			t.Fatalf("first normal refresh after 2200: %v", held)
		}
		if err := reopened.Refresh(context.Background(), r.client); err != nil {
			t.Fatalf("second normal refresh: %v", err)
		}
		r.trust = reopened
		e := r.engine(t, func(c *door.Config) { c.Now = clock1970 })
		if c := e.Clock(); !c.Trusted || time.Since(c.Now).Abs() > time.Minute {
			t.Fatalf("after two normal refreshes: %+v", c)
		}
		again, err := trust.Open(filepath.Join(r.dir, trust.File), trust.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r.trust = again
		passesStillWork(t, r, r.engine(t, nil), "restarted with a right clock")
	})
}

// fullDenyList is the rig's upstream with a deny list that never ends.
type fullDenyList struct{ *passRig }

func (f fullDenyList) Keys(ctx context.Context) (wire.KeySet, error) { return f.client.Keys(ctx) }

func (f fullDenyList) DenyList(_ context.Context, after uint64) (wire.DenyList, error) {
	dl := wire.DenyList{More: true, Time: time.Now()}
	for i := range 1000 {
		seq := after + uint64(i) + 1
		dl.Entries = append(dl.Entries, wire.DenyEntry{PassID: fmt.Sprintf("%032x", seq), Reason: wire.DenyRevoked, At: time.Now(), Seq: seq})
	}
	return dl, nil
}

// A deny list longer than the kiosk holds: offline, a pass's colour is not
// used (a revoked pass past the kiosk's limit would look clean), and the
// verdict and the trust state say why; online, the pass still proves who
// the holder is.
func TestDenyListTooLargeMeansNoOfflineTrust(t *testing.T) {
	r := newPassRig(t, server.Options{})
	small, err := trust.Open(filepath.Join(t.TempDir(), trust.File), trust.Options{MaxDenied: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if err := small.Refresh(context.Background(), fullDenyList{r}); err != nil {
		t.Fatal(err)
	}
	r.trust = small
	e := r.engine(t, nil)
	if ts := e.TrustState(); ts.Deny != trust.DenyFull || ts.Denied != 5000 || ts.MaxDenied != 5000 || ts.Stale {
		t.Fatalf("trust state: %+v", ts)
	}
	h, _ := r.phone(t, "900101300017")
	v, err := e.Handle(context.Background(), scanPass(showAt(t, h, time.Now(), "")))
	if err != nil || v.Source != wire.SourceOnline || !v.Allowed {
		t.Fatalf("online: %+v, %v", v, err)
	}
	r.dead.Store(true)
	other, _ := r.phone(t, "950630400059") // never looked up: nothing cached
	v, err = e.Handle(context.Background(), scanPass(showAt(t, other, time.Now(), "")))
	if err != nil {
		t.Fatal(err)
	}
	if v.Source == wire.SourcePass || v.Allowed || v.PassNote != string(door.NoteDenyIncomplete) {
		t.Errorf("offline with a full deny list, policy deny: %+v", v)
	}
}
