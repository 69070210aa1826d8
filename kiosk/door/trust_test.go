package door_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

// passRig is a real reference server on loopback that can be made to hang
// (a black hole) or stopped, a kiosk's real trust store and outbox, and a
// phone holding a pass.
type passRig struct {
	srv    *server.Server
	http   *httptest.Server
	dead   atomic.Bool // requests hang until the client gives up
	client *upstream.Client
	trust  *trust.Store
	ob     *outbox.Outbox
	dir    string
}

func newPassRig(t testing.TB, opts server.Options) *passRig {
	t.Helper()
	r := &passRig{dir: t.TempDir()}
	opts.DataDir, opts.Demo = t.TempDir(), true
	var err error
	if r.srv, err = server.Open(opts); err != nil {
		t.Fatal(err)
	}
	h := r.srv.Handler()
	stop := make(chan struct{})
	r.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.dead.Load() {
			select {
			case <-req.Context().Done():
			case <-stop:
			}
			return
		}
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(func() { close(stop); r.http.Close(); r.srv.Close() })
	if r.client, err = upstream.New(r.http.URL, server.DemoToken, nil); err != nil {
		t.Fatal(err)
	}
	if r.ob, err = outbox.Open(filepath.Join(r.dir, "outbox.db"), outbox.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.ob.Close() })
	if r.trust, err = trust.Open(filepath.Join(r.dir, trust.File), trust.Options{}); err != nil {
		t.Fatal(err)
	}
	r.refresh(t)
	return r
}

func (r *passRig) refresh(t testing.TB) {
	t.Helper()
	if err := r.trust.Refresh(context.Background(), r.client); err != nil {
		t.Fatal(err)
	}
}

func (r *passRig) engine(t testing.TB, tweak func(*door.Config)) *door.Engine {
	t.Helper()
	cfg := door.Config{Device: "d1", Venue: server.DemoVenue, Door: "main", Mode: door.Entrance,
		Offline: door.PolicyRefuse, LookupTimeout: 300 * time.Millisecond, Trust: r.trust,
		Prober: r.client, ProbeEvery: 10 * time.Millisecond}
	if tweak != nil {
		tweak(&cfg)
	}
	e, err := door.New(cfg, r.ob, r.client, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// phone gets a pass for person from the server and holds it.
func (r *passRig) phone(t testing.TB, person string) (*pass.Holder, string) {
	t.Helper()
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	resp, err := r.srv.IssuePass(context.Background(), person, key.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	h, err := pass.NewHolder(resp.Pass, key)
	if err != nil {
		t.Fatal(err)
	}
	return h, resp.PassID
}

func showAt(t testing.TB, h *pass.Holder, at time.Time, venue string) string {
	t.Helper()
	s, err := h.Show(at, venue)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func scanPass(p string) scanner.Scan {
	return scanner.Scan{Payload: p, Source: scanner.SourceCamera, At: time.Now()}
}

// The order of trust: online while the upstream answers, the pass when it
// does not, and the event records which.
func TestPassOnlineThenOfflineFromThePass(t *testing.T) {
	r := newPassRig(t, server.Options{})
	e := r.engine(t, nil)
	h, id := r.phone(t, "900101300017")
	v, err := e.Handle(context.Background(), scanPass(showAt(t, h, time.Now(), "")))
	if err != nil {
		t.Fatal(err)
	}
	if v.Source != wire.SourceOnline || v.Status != wire.Green || !v.Allowed || v.PassID != id {
		t.Fatalf("online: %+v", v)
	}
	r.http.Close() // the upstream is gone
	v, err = e.Handle(context.Background(), scanPass(showAt(t, h, time.Now().Add(time.Second), server.DemoVenue)))
	if err != nil {
		t.Fatal(err)
	}
	if v.Source != wire.SourcePass || v.Status != wire.Green || !v.Allowed || v.PassNote != "" {
		t.Fatalf("offline with a pass: %+v", v)
	}
	pending, err := r.ob.Pending(10)
	if err != nil || len(pending) != 2 {
		t.Fatalf("pending %d, %v", len(pending), err)
	}
	if pending[0].Source != wire.SourceOnline || pending[1].Source != wire.SourcePass || pending[1].IIN != "900101300017" {
		t.Errorf("recorded sources %s, %s", pending[0].Source, pending[1].Source)
	}
	// A red pass offline is refused on its own colour, not by the policy.
	hr, _ := r.phone(t, "771203300035")
	v, err = e.Handle(context.Background(), scanPass(showAt(t, hr, time.Now(), "")))
	if err != nil {
		t.Fatal(err)
	}
	if v.Source != wire.SourcePass || v.Status != wire.Red || v.Allowed || v.Reason != "status" {
		t.Errorf("red pass offline: %+v", v)
	}
}

// refusedFor is the pass reason of a refused scan, or fails the test.
func refusedFor(t *testing.T, e *door.Engine, payload string) string {
	t.Helper()
	_, err := e.Handle(context.Background(), scanPass(payload))
	var pe *scanner.PayloadError
	if !errors.As(err, &pe) {
		t.Fatalf("%.20q: err %v, want a refusal", payload, err)
	}
	return door.PassReasonOf(err)
}

func TestEachBadPassHasItsReason(t *testing.T) {
	r := newPassRig(t, server.Options{})
	e := r.engine(t, nil)
	h, _ := r.phone(t, "900101300017")
	now := time.Now()
	good := showAt(t, h, now, "")
	body := strings.TrimPrefix(good, pass.Prefix)
	otherKey := ed25519.NewKeyFromSeed(make([]byte, 32))
	forger, _ := pass.NewIssuer(server.DemoKeyID, otherKey) // the right kid, the wrong key
	stranger, _ := pass.NewIssuer("0badc0de", otherKey)

	for _, tt := range []struct {
		name, payload, want string
	}{
		{"forged signature", showForged(t, forger, h, now), "forged-signature"},
		{"unknown key id", showForged(t, stranger, h, now), "unknown-key"},
		{"proof too old", showAt(t, h, now.Add(-2*time.Minute), ""), "proof-too-old"},
		{"proof from the future", showAt(t, h, now.Add(2*time.Minute), ""), "proof-future"},
		{"another venue", showAt(t, h, now, "other-gym"), "other-venue"},
		{"truncated", good[:len(good)-40], "truncated"},
		{"garbled", pass.Prefix + strings.ToLower(body), "garbled"},
		{"wrong prefix", "AQX:" + body, "wrong-prefix"},
		{"unsupported version", "AQ2:" + body, "unsupported-version"},
		{"oversize", pass.Prefix + strings.Repeat("A", scanner.MaxPayload), "oversize"},
		{"trailing garbage", good + "BB8", "trailing-garbage"},
	} {
		if got := refusedFor(t, e, tt.payload); got != tt.want {
			t.Errorf("%s: reason %q, want %q", tt.name, got, tt.want)
		}
	}
	// The same code twice: the second is a replay.
	code := showAt(t, h, now.Add(time.Second), "")
	if _, err := e.Handle(context.Background(), scanPass(code)); err != nil {
		t.Fatal(err)
	}
	if got := refusedFor(t, e, code); got != "replay" {
		t.Errorf("replay: reason %q", got)
	}
	if st, _ := r.ob.Stats(); st.LastSeq != 1 {
		t.Errorf("refused passes were recorded: last seq %d, want 1", st.LastSeq)
	}
}

func showForged(t *testing.T, is *pass.Issuer, _ *pass.Holder, at time.Time) string {
	t.Helper()
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	p, _, err := is.Issue(pass.Claims{IIN: "900101300017", Status: wire.Green, IssuedAt: at.Add(-time.Hour),
		ValidUntil: at.Add(time.Hour), Holder: key.Public().(ed25519.PublicKey)})
	if err != nil {
		t.Fatal(err)
	}
	h, err := pass.NewHolder(p, key)
	if err != nil {
		t.Fatal(err)
	}
	return showAt(t, h, at, "")
}

func TestRevocationAndRotationReachTheKiosk(t *testing.T) {
	r := newPassRig(t, server.Options{})
	e := r.engine(t, nil)
	revoked, id := r.phone(t, "950630400059")
	changed, _ := r.phone(t, "900101300017")
	oldKey, _ := r.phone(t, "010202500042")
	if err := r.srv.RevokePass(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if err := r.srv.SetStatus("900101300017", wire.Red); err != nil { // revokes its passes by itself
		t.Fatal(err)
	}
	if _, err := r.srv.RotateKeys(context.Background(), time.Hour); err != nil {
		t.Fatal(err)
	}
	r.refresh(t)
	now := time.Now()
	if got := refusedFor(t, e, showAt(t, revoked, now, "")); got != "deny-listed" {
		t.Errorf("revoked pass: %q", got)
	}
	// A changed status: online, the new colour; offline, not the pass's.
	v, err := e.Handle(context.Background(), scanPass(showAt(t, changed, now, "")))
	if err != nil {
		t.Fatal(err)
	}
	if v.Source != wire.SourceOnline || v.Status != wire.Red || v.PassNote != string(pass.ReasonStatusChanged) {
		t.Errorf("changed status, online: %+v", v)
	}
	// The rotated-out key is valid through its grace period.
	if v, err := e.Handle(context.Background(), scanPass(showAt(t, oldKey, now, ""))); err != nil || !v.Allowed {
		t.Errorf("old key within grace: %+v, %v", v, err)
	}
	r.dead.Store(true)
	v, err = e.Handle(context.Background(), scanPass(showAt(t, changed, now.Add(time.Second), "")))
	if err != nil {
		t.Fatal(err)
	}
	if v.Source == wire.SourcePass || v.Allowed || v.PassNote != string(pass.ReasonStatusChanged) {
		t.Errorf("changed status, offline, policy deny: %+v", v)
	}
	later := func(c *door.Config) { c.Now = func() time.Time { return time.Now().Add(2 * time.Hour) } }
	e2 := r.engine(t, later)
	at := time.Now().Add(2 * time.Hour)
	if got := refusedFor(t, e2, showAt(t, oldKey, at, "")); got != "key-expired" {
		t.Errorf("old key after grace: %q", got)
	}
	fresh, _ := r.phone(t, "950630400059")
	v, err = e2.Handle(context.Background(), scanPass(showAt(t, fresh, at.Add(time.Second), "")))
	if err != nil || v.Source != wire.SourcePass || !v.Allowed {
		t.Errorf("a pass from the new key, offline: %+v, %v", v, err)
	}
}

// Past the status's valid-until, or with keys older than the limit, a
// pass's colour is not used offline; the verdict says why.
func TestStaleStatusOrKeysAreNotTrustedOffline(t *testing.T) {
	r := newPassRig(t, server.Options{PassTTL: 100 * time.Hour})
	h, _ := r.phone(t, "900101300017")
	r.dead.Store(true)
	for _, tt := range []struct {
		shift time.Duration
		note  string
	}{
		{71 * time.Hour, ""},
		{73 * time.Hour, string(door.NoteKeysStale)},
		{101 * time.Hour, string(pass.ReasonStatusExpired)},
	} {
		e := r.engine(t, func(c *door.Config) { c.Now = func() time.Time { return time.Now().Add(tt.shift) } })
		v, err := e.Handle(context.Background(), scanPass(showAt(t, h, time.Now().Add(tt.shift), "")))
		if err != nil {
			t.Fatalf("+%s: %v", tt.shift, err)
		}
		wantSource := wire.SourcePass
		if tt.note != "" {
			wantSource = wire.SourceUnchecked
		}
		if v.PassNote != tt.note || v.Source != wantSource || v.Allowed != (tt.note == "") {
			t.Errorf("+%s: %+v, want note %q source %s", tt.shift, v, tt.note, wantSource)
		}
		if ts := e.TrustState(); ts.Stale != (tt.shift > 72*time.Hour) {
			t.Errorf("+%s: trust state %+v", tt.shift, ts)
		}
	}
}

// A board that boots in 1970 judges no pass until it has the upstream's
// time again; then it does, whatever its own clock says.
func TestWrongClockIsCaughtBeforeJudgingAPass(t *testing.T) {
	r := newPassRig(t, server.Options{})
	h, _ := r.phone(t, "900101300017")
	// A new process: the trust store from disk, no reading of the
	// upstream clock yet, and a device clock in 1970.
	// Its clock runs from 1970 at the real pace, with no monotonic
	// reading: as a board without a real-time clock sees it.
	boot := time.Now()
	clock1970 := func() time.Time { return time.Unix(0, 0).Add(time.Since(boot)) }
	reopened, err := trust.Open(filepath.Join(r.dir, trust.File), trust.Options{Now: clock1970})
	if err != nil {
		t.Fatal(err)
	}
	r.trust = reopened
	e := r.engine(t, func(c *door.Config) { c.Now = clock1970 })
	if e.Clock().Trusted {
		t.Fatal("a 1970 clock is trusted")
	}
	_, err = e.Handle(context.Background(), scanPass(showAt(t, h, time.Now(), "")))
	if !errors.Is(err, door.ErrClockUntrusted) || door.PassReasonOf(err) != "clock-untrusted" {
		t.Fatalf("1970: %v", err)
	}
	// The upstream's time arrives (a key refresh): passes are judged by it.
	r.refresh(t)
	if c := e.Clock(); !c.Trusted || c.Skew > -50*365*24*time.Hour || time.Since(c.Now).Abs() > time.Minute {
		t.Fatalf("after a refresh: %+v", c)
	}
	if _, err := e.Handle(context.Background(), scanPass(showAt(t, h, time.Now(), ""))); err != nil {
		t.Fatalf("after a refresh: %v", err)
	}
}

// A wall clock that steps while the kiosk has no upstream reading is not
// trusted to judge a pass; a reading of the upstream's time repairs it.
func TestClockJumpIsCaught(t *testing.T) {
	r := newPassRig(t, server.Options{})
	h, _ := r.phone(t, "900101300017")
	var jump atomic.Int64
	wall := func() time.Time { return time.Now().Add(time.Duration(jump.Load())) }
	reopened, err := trust.Open(filepath.Join(r.dir, trust.File), trust.Options{Now: wall})
	if err != nil {
		t.Fatal(err)
	}
	r.trust = reopened
	e := r.engine(t, func(c *door.Config) { c.Now = wall })
	if !e.Clock().Trusted {
		t.Fatal("a steady clock is not trusted")
	}
	jump.Store(int64(2 * time.Hour))
	if _, err := e.Handle(context.Background(), scanPass(showAt(t, h, time.Now(), ""))); !errors.Is(err, door.ErrClockUntrusted) {
		t.Fatalf("after a 2 h step: %v", err)
	}
	r.refresh(t)
	if c := e.Clock(); !c.Trusted || c.Skew < time.Hour {
		t.Fatalf("after a refresh: %+v", c)
	}
	if _, err := e.Handle(context.Background(), scanPass(showAt(t, h, time.Now(), ""))); err != nil {
		t.Fatalf("after a refresh: %v", err)
	}
}

// After a lookup times out, scans stop asking the upstream; the probe
// closes the breaker when the upstream answers again.
func TestBreakerOpensOnTimeoutAndProbeClosesIt(t *testing.T) {
	r := newPassRig(t, server.Options{})
	e := r.engine(t, func(c *door.Config) { c.Offline = door.PolicyAdmit })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.Probe(ctx)
	h, _ := r.phone(t, "900101300017")
	r.dead.Store(true)
	v, err := e.Handle(context.Background(), scan("900101300017"))
	if err != nil || v.Source == wire.SourceOnline {
		t.Fatalf("first scan against a black hole: %+v, %v", v, err)
	}
	if !e.BreakerOpen() || !e.TrustState().BreakerOpen {
		t.Fatal("a timed-out lookup did not open the breaker")
	}
	v, err = e.Handle(context.Background(), scanPass(showAt(t, h, time.Now(), "")))
	if err != nil || v.Source != wire.SourcePass {
		t.Fatalf("pass while the breaker is open: %+v, %v", v, err)
	}
	r.dead.Store(false)
	deadline := time.Now().Add(10 * time.Second)
	for e.BreakerOpen() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if e.BreakerOpen() {
		t.Fatal("the probe did not close the breaker")
	}
	v, err = e.Handle(context.Background(), scan("900101300017"))
	if err != nil || v.Source != wire.SourceOnline {
		t.Fatalf("after the probe: %+v, %v", v, err)
	}
}

func TestCheckRecordsNothing(t *testing.T) {
	r := newPassRig(t, server.Options{})
	e := r.engine(t, nil)
	h, _ := r.phone(t, "900101300017")
	code := showAt(t, h, time.Now(), "")
	v, err := e.Check(context.Background(), scanPass(code))
	if err != nil || !v.Allowed || v.EventID != "" {
		t.Fatalf("check: %+v, %v", v, err)
	}
	if st, _ := r.ob.Stats(); st.LastSeq != 0 {
		t.Errorf("check recorded %d events", st.LastSeq)
	}
	// Check remembers no proof: the real scan afterwards is no replay.
	if _, err := e.Handle(context.Background(), scanPass(code)); err != nil {
		t.Errorf("scan after check: %v", err)
	}
}
