package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"net/http"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/wire"
)

func passEnv(t *testing.T) *env {
	return newEnv(t, Options{Operators: map[string]string{opSecret: "test operator"}, Demo: true})
}

func holder(t *testing.T) ed25519.PrivateKey {
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func issueVia(e *env, person string, key ed25519.PrivateKey) wire.PassResponse {
	var resp wire.PassResponse
	e.callJSON("POST", "/v1/passes", opSecret,
		wire.PassRequest{IIN: person, HolderKey: key.Public().(ed25519.PublicKey)}, http.StatusOK, &resp)
	return resp
}

// An issued pass verifies against the published keys, carries the registry
// status, and only an operator may issue one.
func TestIssuePassAndPublishKeys(t *testing.T) {
	e := passEnv(t)
	key := holder(t)
	resp := issueVia(e, "771203300035", key)
	if resp.Status != wire.Red || resp.PassID == "" || resp.KID != DemoKeyID {
		t.Fatalf("issued %+v", resp)
	}
	var ks wire.KeySet
	e.callJSON("GET", "/v1/keys", DemoToken, nil, http.StatusOK, &ks)
	if len(ks.Keys) != 1 || ks.Keys[0].KID != DemoKeyID || ks.Time.IsZero() {
		t.Fatalf("keys %+v", ks)
	}
	h, err := pass.NewHolder(resp.Pass, key)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := h.Show(time.Now(), "")
	code, err := pass.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	v, err := (&pass.Verifier{Keys: keyList(ks.Keys)}).Verify(code, time.Now())
	if err != nil || v.Status != wire.Red || v.ID != resp.PassID {
		t.Fatalf("verify: %+v, %v", v, err)
	}
	for _, tc := range []struct {
		token string
		body  wire.PassRequest
		want  int
	}{
		{DemoToken, wire.PassRequest{IIN: "900101300017", HolderKey: key.Public().(ed25519.PublicKey)}, http.StatusForbidden},
		{"", wire.PassRequest{IIN: "900101300017", HolderKey: key.Public().(ed25519.PublicKey)}, http.StatusUnauthorized},
		{opSecret, wire.PassRequest{IIN: "900101300018", HolderKey: key.Public().(ed25519.PublicKey)}, http.StatusBadRequest},
		{opSecret, wire.PassRequest{IIN: "900101300017", HolderKey: []byte{1, 2, 3}}, http.StatusBadRequest},
	} {
		if code, body := e.call("POST", "/v1/passes", tc.token, tc.body); code != tc.want {
			t.Errorf("issue with token %q: %d %s, want %d", tc.token, code, body, tc.want)
		}
	}
}

type keyList []wire.IssuerKey

func (l keyList) IssuerKey(kid string) (wire.IssuerKey, bool) {
	for _, k := range l {
		if k.KID == kid {
			return k, true
		}
	}
	return wire.IssuerKey{}, false
}

// The deny list grows by revocations and by status changes, and is read
// incrementally by sequence number.
func TestDenyListIsIncremental(t *testing.T) {
	e := passEnv(t)
	a := issueVia(e, "900101300017", holder(t))
	b := issueVia(e, "900101300017", holder(t))
	c := issueVia(e, "950630400059", holder(t))
	e.callJSON("POST", "/v1/passes/"+c.PassID+"/revoke", opSecret, nil, http.StatusOK, nil)
	if code, _ := e.call("POST", "/v1/passes/"+c.PassID+"/revoke", DemoToken, nil); code != http.StatusForbidden {
		t.Errorf("a device revoked a pass: %d", code)
	}
	if code, _ := e.call("POST", "/v1/passes/00000000000000000000000000000000/revoke", opSecret, nil); code != http.StatusNotFound {
		t.Errorf("revoke of an unknown pass: %d", code)
	}
	var dl wire.DenyList
	e.callJSON("GET", "/v1/denylist", DemoToken, nil, http.StatusOK, &dl)
	if len(dl.Entries) != 1 || dl.Entries[0].PassID != c.PassID || dl.Entries[0].Reason != wire.DenyRevoked || dl.More {
		t.Fatalf("after one revocation: %+v", dl)
	}
	// A status change revokes both passes of that person, at once.
	if err := e.srv.SetStatus("900101300017", wire.Yellow); err != nil {
		t.Fatal(err)
	}
	// Setting the same status again revokes nothing more.
	if err := e.srv.SetStatus("900101300017", wire.Yellow); err != nil {
		t.Fatal(err)
	}
	var next wire.DenyList
	e.callJSON("GET", "/v1/denylist?after=1&limit=1", DemoToken, nil, http.StatusOK, &next)
	if len(next.Entries) != 1 || !next.More || next.Entries[0].Reason != wire.DenyStatusChanged {
		t.Fatalf("page after 1: %+v", next)
	}
	var rest wire.DenyList
	e.callJSON("GET", "/v1/denylist?after=2", DemoToken, nil, http.StatusOK, &rest)
	if len(rest.Entries) != 1 || rest.More || rest.Last != 3 {
		t.Fatalf("page after 2: %+v", rest)
	}
	got := map[string]bool{next.Entries[0].PassID: true, rest.Entries[0].PassID: true}
	if !got[a.PassID] || !got[b.PassID] {
		t.Errorf("status change revoked %v, want %s and %s", got, a.PassID, b.PassID)
	}
	if code, _ := e.call("GET", "/v1/denylist?after=18446744073709551615", DemoToken, nil); code != http.StatusOK {
		t.Errorf("largest cursor: %d", code)
	}
	if code, _ := e.call("GET", "/v1/denylist?after=x", DemoToken, nil); code != http.StatusBadRequest {
		t.Errorf("bad cursor: %d", code)
	}
}

// After a rotation new passes use the new key; the old key is published
// with the end of its grace period, and passes survive a restart.
func TestRotationKeepsTheOldKeyForItsGrace(t *testing.T) {
	e := passEnv(t)
	before := issueVia(e, "900101300017", holder(t))
	var res map[string]string
	e.callJSON("POST", "/v1/keys/rotate?grace=1h", opSecret, nil, http.StatusOK, &res)
	after := issueVia(e, "900101300017", holder(t))
	if after.KID == before.KID || after.KID != res["kid"] {
		t.Fatalf("after rotation signed by %s (before %s, new %s)", after.KID, before.KID, res["kid"])
	}
	e.reopen(Options{Operators: map[string]string{opSecret: "test operator"}, Demo: true})
	var ks wire.KeySet
	e.callJSON("GET", "/v1/keys", DemoToken, nil, http.StatusOK, &ks)
	if len(ks.Keys) != 2 {
		t.Fatalf("keys after rotation and restart: %+v", ks.Keys)
	}
	old, _ := keyList(ks.Keys).IssuerKey(before.KID)
	cur, _ := keyList(ks.Keys).IssuerKey(after.KID)
	if d := time.Until(old.NotAfter); d < 58*time.Minute || d > time.Hour || !cur.NotAfter.IsZero() {
		t.Errorf("old key until %s (in %s), new key until %s", old.NotAfter, d, cur.NotAfter)
	}
	if again := issueVia(e, "900101300017", holder(t)); again.KID != after.KID {
		t.Errorf("after restart signed by %s, want %s", again.KID, after.KID)
	}
	if code, _ := e.call("POST", "/v1/keys/rotate", DemoToken, nil); code != http.StatusForbidden {
		t.Errorf("a device rotated keys: %d", code)
	}
}

// The demo key's seed is public: a store that ran the demo retires it as
// soon as it runs without --demo.
func TestDemoKeyRetiredOutsideTheDemo(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, Options{DataDir: dir, Demo: true})
	e.close()
	e.reopen(Options{DataDir: dir, Operators: map[string]string{opSecret: "test operator"}})
	resp := issueVia(e, "900101300017", holder(t))
	if resp.KID == DemoKeyID {
		t.Fatal("a pass outside the demo was signed with the demo key")
	}
	keys, err := e.srv.Keys(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	demo, ok := keyList(keys).IssuerKey(DemoKeyID)
	if !ok || demo.NotAfter.IsZero() || demo.NotAfter.After(time.Now()) {
		t.Errorf("demo key still valid: %+v", demo)
	}
}
