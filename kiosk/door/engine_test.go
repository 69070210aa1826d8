package door_test

import (
	"context"
	"errors"
	"net"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// rig is a real outbox, a real reference server on loopback and a real
// client.
type rig struct {
	ob     *outbox.Outbox
	client *upstream.Client
	http   *httptest.Server
}

func newRig(t *testing.T) *rig {
	t.Helper()
	srv, err := server.Open(server.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return newRigAt(t, hs.URL, hs)
}

// newOfflineRig points the client at a loopback port nobody listens on.
func newOfflineRig(t *testing.T) *rig {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return newRigAt(t, "http://"+addr, nil)
}

func newRigAt(t *testing.T, url string, hs *httptest.Server) *rig {
	t.Helper()
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ob.Close() })
	cl, err := upstream.New(url, server.DemoToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &rig{ob: ob, client: cl, http: hs}
}

type notes struct{ kicks, failed int }

func (n *notes) Kick()                { n.kicks++ }
func (n *notes) LookupFailed(_ error) { n.failed++ }

func (r *rig) engine(t *testing.T, mode door.Mode, policy door.Policy, n door.Notifier) *door.Engine {
	t.Helper()
	e, err := door.New(door.Config{Device: "d1", Venue: server.DemoVenue, Door: "main", Mode: mode,
		Offline: policy, LookupTimeout: 2 * time.Second}, r.ob, r.client, n)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func scan(p string) scanner.Scan {
	return scanner.Scan{Payload: p, Source: scanner.SourceKeyboard, At: time.Now()}
}

func TestOnlineVerdicts(t *testing.T) {
	r := newRig(t)
	n := &notes{}
	e := r.engine(t, door.Entrance, door.PolicyAdmit, n)
	tests := []struct {
		iin     string
		status  wire.Status
		allowed bool
		kind    wire.Kind
	}{
		{"900101300017", wire.Green, true, wire.Entry},
		{"850523400026", wire.Yellow, false, wire.Refusal},
		{"771203300035", wire.Red, false, wire.Refusal},
		{"010202500042", wire.Blue, true, wire.Entry},
		{"061211600012", wire.Blue, true, wire.Entry}, // unknown to the registry
	}
	for i, tt := range tests {
		v, err := e.Handle(context.Background(), scan(tt.iin))
		if err != nil {
			t.Fatalf("%s: %v", tt.iin, err)
		}
		if v.Status != tt.status || v.Allowed != tt.allowed || v.Kind != tt.kind || v.Source != wire.SourceOnline {
			t.Errorf("%s: got %+v", tt.iin, v)
		}
		if v.MaskedIIN != iin.Mask(tt.iin) || v.Seq != uint64(i+1) || v.EventID == "" {
			t.Errorf("%s: masked %q seq %d id %q", tt.iin, v.MaskedIIN, v.Seq, v.EventID)
		}
		if (v.Reason == "status") == tt.allowed {
			t.Errorf("%s: reason %q", tt.iin, v.Reason)
		}
	}
	pending, err := r.ob.Pending(100)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != len(tests) || n.kicks != len(tests) {
		t.Fatalf("pending %d kicks %d, want %d", len(pending), n.kicks, len(tests))
	}
	for i, ev := range pending {
		if ev.IIN != tests[i].iin || ev.Kind != tests[i].kind || ev.Device != "d1" || ev.Door != "main" {
			t.Errorf("event %d = %+v", i, ev)
		}
	}
}

func TestExitModeLetsEveryoneLeave(t *testing.T) {
	r := newRig(t)
	e := r.engine(t, door.Entrance, door.PolicyAdmit, nil)
	if err := e.SetMode(door.Exit); err != nil {
		t.Fatal(err)
	}
	v, err := e.Handle(context.Background(), scan("771203300035"))
	if err != nil {
		t.Fatal(err)
	}
	if !v.Allowed || v.Kind != wire.Exit || v.Status != "" || v.Source != wire.SourceSkipped {
		t.Errorf("red visitor leaving: %+v", v)
	}
	if err := e.SetMode("sideways"); err == nil {
		t.Error("SetMode accepted a bad mode")
	}
}

func TestInvalidInputRecordsNothing(t *testing.T) {
	r := newRig(t)
	e := r.engine(t, door.Entrance, door.PolicyAdmit, nil)
	for _, p := range []string{"900101300018", "", "hello", "HC1:abc", "\x1b[2J"} {
		_, err := e.Handle(context.Background(), scan(p))
		var pe *scanner.PayloadError
		if !errors.As(err, &pe) {
			t.Errorf("%q: err = %v, want a PayloadError", p, err)
		}
	}
	if st, _ := r.ob.Stats(); st.Pending != 0 || st.LastSeq != 0 {
		t.Errorf("invalid input was recorded: %+v", st)
	}
}

func TestOfflineUsesCacheThenPolicy(t *testing.T) {
	// First learn a status online, in the same outbox the offline engine uses.
	online := newRig(t)
	if _, err := online.engine(t, door.Entrance, door.PolicyAdmit, nil).Handle(context.Background(), scan("771203300035")); err != nil {
		t.Fatal(err)
	}
	off := newOfflineRig(t)
	off.ob.Close()
	off.ob = online.ob // same outbox: the cache holds red for this IIN

	n := &notes{}
	e := off.engine(t, door.Entrance, door.PolicyAdmit, n)
	v, err := e.Handle(context.Background(), scan("771203300035"))
	if err != nil {
		t.Fatal(err)
	}
	if v.Source != wire.SourceCache || v.Status != wire.Red || v.Allowed {
		t.Errorf("cached red: %+v", v)
	}
	if n.failed == 0 {
		t.Error("a failed lookup must be reported to the notifier")
	}
	v, err = e.Handle(context.Background(), scan("900101300017"))
	if err != nil {
		t.Fatal(err)
	}
	if v.Source != wire.SourceUnchecked || v.Status != "" || !v.Allowed || v.Kind != wire.Entry ||
		v.Word() != door.WordUnchecked || v.Unchecked != door.UncheckedUnreachable || v.Policy != door.PolicyAdmit {
		t.Errorf("unknown, policy admit: %+v", v)
	}
	for _, p := range []door.Policy{door.PolicyRefuse, door.PolicyAsk} {
		v, err = off.engine(t, door.Entrance, p, nil).Handle(context.Background(), scan("900101300017"))
		if err != nil {
			t.Fatal(err)
		}
		if v.Allowed || v.Kind != wire.Refusal || v.Reason != "offline-policy" || v.Status != "" ||
			v.Word() != door.WordUnchecked || v.Policy != p {
			t.Errorf("unknown, policy %s: %+v", p, v)
		}
		if door.CanOverride(v) != (p == door.PolicyAsk) {
			t.Errorf("policy %s: CanOverride = %v", p, door.CanOverride(v))
		}
	}
}

// TestUncheckedRedNeverGetsAColour: a person the registry lists as red,
// with the upstream unreachable (and, apart, refusing the token) and
// nothing cached, is never given a colour or a welcome under any policy,
// and is recorded with no status.
func TestUncheckedRedNeverGetsAColour(t *testing.T) {
	const red = "771203300035"
	refused := newRig(t)
	cl, err := upstream.New(refused.http.URL, "not-the-token", nil)
	if err != nil {
		t.Fatal(err)
	}
	refused.client = cl
	for _, link := range []struct {
		name string
		r    *rig
		why  door.Unchecked
	}{{"unreachable", newOfflineRig(t), door.UncheckedUnreachable}, {"token refused", refused, door.UncheckedTokenRefused}} {
		for _, p := range door.Policies {
			e := link.r.engine(t, door.Entrance, p, nil)
			for _, judge := range []func(context.Context, scanner.Scan) (door.Verdict, error){e.Handle, e.Check} {
				v, err := judge(context.Background(), scan(red))
				if err != nil {
					t.Fatalf("%s %s: %v", link.name, p, err)
				}
				if v.Status != "" || v.Word() == door.WordWelcome || v.Source != wire.SourceUnchecked ||
					v.Word() != door.WordUnchecked || v.Unchecked != link.why {
					t.Errorf("%s, policy %s: %+v", link.name, p, v)
				}
			}
		}
		evs, err := link.r.ob.Pending(0)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != len(door.Policies) {
			t.Fatalf("%s: %d events recorded, want %d (Check records nothing)", link.name, len(evs), len(door.Policies))
		}
		for _, ev := range evs {
			if ev.Status != "" || ev.Source != wire.SourceUnchecked || ev.Validate() != nil {
				t.Errorf("%s: recorded %+v (%v)", link.name, ev, ev.Validate())
			}
		}
	}
}

func TestStorageFailureGivesNoVerdict(t *testing.T) {
	r := newRig(t)
	e := r.engine(t, door.Entrance, door.PolicyAdmit, nil)
	r.ob.Close()
	v, err := e.Handle(context.Background(), scan("900101300017"))
	if !errors.Is(err, door.ErrNotRecorded) || v.EventID != "" {
		t.Fatalf("closed outbox: v=%+v err=%v", v, err)
	}
}

func TestNewValidates(t *testing.T) {
	r := newRig(t)
	bad := []door.Config{
		{Venue: "v", Mode: door.Entrance, Offline: door.PolicyAdmit},
		{Device: "d", Venue: "v", Mode: "up", Offline: door.PolicyAdmit},
		{Device: "d", Venue: "v", Mode: door.Exit, Offline: "maybe"},
	}
	for _, c := range bad {
		if _, err := door.New(c, r.ob, nil, nil); err == nil {
			t.Errorf("New(%+v) accepted", c)
		}
	}
}
