package door_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/store/pgstore"
	"github.com/ashyq/kiosk/sync/store/pgstore/pgtest"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

var pg pgtest.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

const (
	gymVenue = "gym-7"
	gymToken = "gym-7-token-5e1c9a7f3b2d8e6a4c0f"
)

// upstreams are the real server on loopback: one process on a bbolt file,
// or two replicas sharing one PostgreSQL schema.
type upstreams struct {
	urls []string // kiosk i talks to urls[i%len(urls)]
	srv  *server.Server
}

func startUpstreams(t *testing.T, postgres bool) upstreams {
	t.Helper()
	opts := server.Options{Demo: true, Tokens: map[string]string{gymToken: gymVenue}}
	var u upstreams
	replicas := 1
	var url string
	if postgres {
		url, replicas = pg.URL(t), 2
	}
	for range replicas {
		o := opts
		if postgres {
			st, err := pgstore.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			o.Store = st
		} else {
			o.DataDir = t.TempDir()
		}
		srv, err := server.Open(o)
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(func() { ts.Close(); srv.Close() })
		u.urls = append(u.urls, ts.URL)
		if u.srv == nil {
			u.srv = srv
		}
	}
	return u
}

// kiosk is a real door engine with its own outbox, trust store and
// upstream client, as one ashyq-kiosk process has.
func startKiosk(t *testing.T, url, token, venue, device, doorName string) *door.Engine {
	t.Helper()
	e, _ := startKioskIn(t, t.TempDir(), url, token, venue, device, doorName)
	return e
}

// startKioskIn is startKiosk on the data directory dir, keeping the proofs
// it accepts as ashyq-kiosk does; stop ends it as a kiosk stopped in order
// does. A trust refresh that fails (an upstream not reached) keeps what dir
// holds.
func startKioskIn(t *testing.T, dir, url, token, venue, device, doorName string) (_ *door.Engine, stop func()) {
	t.Helper()
	cl, err := upstream.New(url, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	cl = cl.WithDevice(device)
	ob, err := outbox.Open(filepath.Join(dir, "outbox.db"), outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := trust.Open(filepath.Join(dir, trust.File), trust.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Refresh(context.Background(), cl); err != nil {
		t.Logf("trust not refreshed: %v", err)
	}
	e, err := door.New(door.Config{Device: device, Venue: venue, Door: doorName, Mode: door.Entrance,
		Offline: door.PolicyAdmit, LookupTimeout: 5 * time.Second, Trust: ts, Prober: cl}, ob, cl, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	kept := make(chan error, 1)
	go func() { kept <- e.KeepProofs(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-kept; !errors.Is(err, context.Canceled) {
				t.Errorf("keeping the used proofs: %v", err)
			}
			ob.Close()
		})
	}
	t.Cleanup(stop)
	return e, stop
}

// usedElsewhere is the ProofUsedError of a refused scan, or fails.
func usedElsewhere(t *testing.T, e *door.Engine, code string, check bool) *door.ProofUsedError {
	t.Helper()
	judge := e.Handle
	if check {
		judge = e.Check
	}
	v, err := judge(context.Background(), scanPass(code))
	var ue *door.ProofUsedError
	if !errors.As(err, &ue) || door.PassReasonOf(err) != string(door.ReasonUsedElsewhere) {
		t.Fatalf("a relayed code: verdict %+v, err %v; want used-elsewhere", v, err)
	}
	return ue
}

// Issue 20: one phone's code gave WELCOME at two doors of one venue and at a
// door of another venue within two seconds. With the upstream reachable, a
// code now works once: at the first door, and is refused at a second door
// of the venue (which hears which door and when) and at a door of another
// venue (which hears only "another venue"), whichever replica each asks.
func TestRelayedCodeWorksOnce(t *testing.T) {
	for _, postgres := range []bool{false, true} {
		name := map[bool]string{false: "bbolt", true: "postgres"}[postgres]
		t.Run(name, func(t *testing.T) {
			up := startUpstreams(t, postgres)
			main := startKiosk(t, up.urls[0], server.DemoToken, server.DemoVenue, "cafe-main-1", "main")
			side := startKiosk(t, up.urls[len(up.urls)-1], server.DemoToken, server.DemoVenue, "cafe-side-1", "side")
			gym := startKiosk(t, up.urls[len(up.urls)-1], gymToken, gymVenue, "gym-front-1", "front")

			_, key, _ := ed25519.GenerateKey(rand.Reader)
			resp, err := up.srv.IssuePass(context.Background(), "900101300017", key.Public().(ed25519.PublicKey))
			if err != nil {
				t.Fatal(err)
			}
			h, err := pass.NewHolder(resp.Pass, key)
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			code := showAt(t, h, now, "")

			// A check (`ashyq-kiosk check`) at the side door first: it
			// looks, and uses up nothing.
			if v, err := side.Check(context.Background(), scanPass(code)); err != nil || !v.Allowed {
				t.Fatalf("check before any use: %+v, %v", v, err)
			}
			v, err := main.Handle(context.Background(), scanPass(code))
			if err != nil || !v.Allowed || v.Source != wire.SourceOnline {
				t.Fatalf("first door: %+v, %v", v, err)
			}
			ue := usedElsewhere(t, side, code, false)
			if ue.Used.OtherVenue || ue.Used.Door != "main" || ue.Used.Device != "cafe-main-1" || ue.Ago > time.Minute {
				t.Errorf("second door of the venue: told %+v, %s ago", ue.Used, ue.Ago)
			}
			// Scanned again there, the same answer (not "replay").
			usedElsewhere(t, side, code, false)
			ue = usedElsewhere(t, gym, code, false)
			if !ue.Used.OtherVenue || ue.Used.Door != "" || ue.Used.Device != "" {
				t.Errorf("another venue was told where: %+v", ue.Used)
			}
			usedElsewhere(t, gym, code, true) // a check says so too
			// The first door keeps its own word: the same code there is a
			// replay, as before.
			if got := refusedFor(t, main, code); got != "replay" {
				t.Errorf("the first door again: %q", got)
			}
			// The phone's next code is a new proof, good at any door once.
			next := showAt(t, h, now.Add(time.Second), "")
			if v, err := side.Handle(context.Background(), scanPass(next)); err != nil || !v.Allowed {
				t.Errorf("the next code at the side door: %+v, %v", v, err)
			}
			usedElsewhere(t, main, next, false)
			for _, e := range []*door.Engine{main, side, gym} {
				if e.BreakerOpen() {
					t.Error("a kiosk thinks the upstream is down: the refusals did not come from it")
				}
			}
		})
	}
}

// Issue 20, tried as a dishonest visitor: a screenshot of a code a kiosk
// accepted, shown at the same door again after the kiosk restarted. Its
// replay memory lived in RAM, and the upstream does not tell a device of its
// own use, so the code was welcomed again, online and offline. The kiosk
// now keeps the proofs it accepted in its trust store.
func TestCodeWorksOnceAcrossARestart(t *testing.T) {
	for _, c := range []struct {
		name              string
		postgres, offline bool
	}{{"online/bbolt", false, false}, {"online/postgres", true, false}, {"offline", false, true}} {
		t.Run(c.name, func(t *testing.T) {
			up := startUpstreams(t, c.postgres)
			dir := t.TempDir()
			first, stop := startKioskIn(t, dir, up.urls[0], server.DemoToken, server.DemoVenue, "cafe-main-1", "main")
			_, key, _ := ed25519.GenerateKey(rand.Reader)
			resp, err := up.srv.IssuePass(context.Background(), "900101300017", key.Public().(ed25519.PublicKey))
			if err != nil {
				t.Fatal(err)
			}
			h, err := pass.NewHolder(resp.Pass, key)
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			code := showAt(t, h, now, "")
			if v, err := first.Handle(context.Background(), scanPass(code)); err != nil || !v.Allowed || v.Source != wire.SourceOnline {
				t.Fatalf("first scan: %+v, %v", v, err)
			}
			// A code checked but not used (`ashyq-kiosk check`) is given
			// back: it must still work after the restart.
			spare := showAt(t, h, now.Add(time.Second), "")
			if v, err := first.Check(context.Background(), scanPass(spare)); err != nil || !v.Allowed {
				t.Fatalf("check: %+v, %v", v, err)
			}
			stop()

			url := up.urls[len(up.urls)-1]
			if c.offline {
				url = deadURL(t)
			}
			again, _ := startKioskIn(t, dir, url, server.DemoToken, server.DemoVenue, "cafe-main-1", "main")
			if got := refusedFor(t, again, code); got != string(pass.ReasonReplay) {
				t.Errorf("the same code after the restart: refused for %q, want %q", got, pass.ReasonReplay)
			}
			want := wire.SourceOnline
			if c.offline {
				want = wire.SourcePass
			}
			if v, err := again.Handle(context.Background(), scanPass(spare)); err != nil || !v.Allowed || v.Source != want {
				t.Errorf("a code only checked before the restart: %+v, %v; want allowed from %s", v, err, want)
			}
		})
	}
}

// deadURL is an upstream address where nothing listens.
func deadURL(t *testing.T) string {
	t.Helper()
	ts := httptest.NewServer(nil)
	url := ts.URL
	ts.Close()
	return url
}
