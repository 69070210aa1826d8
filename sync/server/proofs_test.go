package server

import (
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// The status lookup takes a proof and answers about it: the first device
// is not told anything, another device of the venue is told the door, and
// another venue only that it was elsewhere; a check (peek) records nothing.
// A malformed proof is a 400, never a silent "not used".
func TestStatusLookupAnswersAboutProofs(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{MetricsOpen: true})
		ask := func(tok, device string, u wire.ProofUse) *wire.ProofUsed {
			t.Helper()
			var sr wire.StatusResponse
			e.callJSON("POST", "/v1/status", tok, wire.StatusRequest{IIN: "900101300017", Device: device, Proof: &u},
				http.StatusOK, &sr)
			if sr.Status == "" {
				t.Fatalf("no status with the proof's answer: %+v", sr)
			}
			return sr.ProofUsed
		}
		id := hex.EncodeToString([]byte("sixteen bytes id"))
		u := wire.ProofUse{ID: id, At: time.Now(), Door: "main"}
		peek := u
		peek.Peek = true
		if got := ask(tokA, "a2", peek); got != nil {
			t.Errorf("peek at a new proof: %+v", got)
		}
		if got := ask(tokA, "a1", u); got != nil {
			t.Errorf("first use: %+v (the peek recorded it?)", got)
		}
		if got := ask(tokA, "a1", u); got != nil {
			t.Errorf("the same device again: %+v", got)
		}
		side := u
		side.Door = "side"
		got := ask(tokA, "a2", side)
		if got == nil || got.OtherVenue || got.Door != "main" || got.Device != "a1" || time.Since(got.At) > time.Minute {
			t.Errorf("another door of the venue: %+v", got)
		}
		got = ask(tokB, "b1", u)
		if got == nil || !got.OtherVenue || got.Door != "" || got.Device != "" {
			t.Errorf("another venue: %+v", got)
		}
		// Without a proof, nothing is said about one.
		var sr wire.StatusResponse
		e.callJSON("POST", "/v1/status", tokB, wire.StatusRequest{IIN: "900101300017"}, http.StatusOK, &sr)
		if sr.ProofUsed != nil {
			t.Errorf("a lookup without a proof: %+v", sr.ProofUsed)
		}
		for _, bad := range []wire.ProofUse{
			{ID: "not hex", At: time.Now()},
			{ID: id[:30], At: time.Now()},
			{ID: id, At: time.Now(), Door: strings.Repeat("d", 200)},
		} {
			if code, body := e.call("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "900101300017", Proof: &bad}); code != 400 {
				t.Errorf("proof %+v: %d %s, want 400", bad, code, body)
			}
		}
		var m strings.Builder
		code, body := e.call("GET", "/metrics", "", nil)
		m.Write(body)
		if code != 200 || !strings.Contains(m.String(), "ashyq_server_proofs_used_elsewhere_total 2") {
			t.Errorf("metrics %d: no count of the two refusals\n%s", code, grepLines(m.String(), "proofs"))
		}
	})
}

func grepLines(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// A venue's rule for passes: set by its owner's device (limits) or an
// operator, kept by a limits request that does not name it, and delivered
// with the occupancy every kiosk polls.
func TestVenueRequiresBoundProofs(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{Operators: map[string]string{opSecret: "op"}})
		occ := func() wire.Occupancy {
			var o wire.Occupancy
			e.callJSON("GET", "/v1/venues/"+venueA+"/occupancy", tokA, nil, http.StatusOK, &o)
			return o
		}
		if occ().RequireVenueProof {
			t.Fatal("required before anyone said so")
		}
		yes, no := true, false
		e.callJSON("PUT", "/v1/venues/"+venueA+"/limits", tokA, wire.VenueLimits{Capacity: 30, RequireVenueProof: &yes}, 200, nil)
		if o := occ(); !o.RequireVenueProof || o.Capacity != 30 {
			t.Errorf("after limits: %+v", o)
		}
		// An owner menu that does not know the rule leaves it alone.
		e.callJSON("PUT", "/v1/venues/"+venueA+"/limits", tokA, wire.VenueLimits{Capacity: 40}, 200, nil)
		if o := occ(); !o.RequireVenueProof || o.Capacity != 40 {
			t.Errorf("after limits without the rule: %+v", o)
		}
		// An operator changes the rule alone, or the capacity alone.
		e.callJSON("PUT", "/v1/admin/venues/"+venueA, opSecret, map[string]any{"require_venue_proof": false}, 200, nil)
		if o := occ(); o.RequireVenueProof || o.Capacity != 40 {
			t.Errorf("after the operator's rule: %+v", o)
		}
		e.callJSON("PUT", "/v1/admin/venues/"+venueA, opSecret, map[string]any{"require_venue_proof": true}, 200, nil)
		e.callJSON("PUT", "/v1/admin/venues/"+venueA, opSecret, map[string]any{"capacity": 5}, 200, nil)
		if o := occ(); !o.RequireVenueProof || o.Capacity != 5 {
			t.Errorf("after the operator's capacity: %+v", o)
		}
		e.callJSON("PUT", "/v1/venues/"+venueA+"/limits", tokA, wire.VenueLimits{Capacity: 5, RequireVenueProof: &no}, 200, nil)
		if occ().RequireVenueProof {
			t.Error("limits turned it off: still required")
		}
		var b wire.Occupancy
		e.callJSON("GET", "/v1/venues/"+venueB+"/occupancy", tokB, nil, http.StatusOK, &b)
		if b.RequireVenueProof {
			t.Error("another venue requires it too")
		}
	})
}

// Issue 20: an issuer must not sign a pass for a holder key no phone makes
// (with the identity point, one screenshot forges every proof): a 400 that
// says why, and no pass.
func TestIssueRefusesWeakHolderKeys(t *testing.T) {
	e := passEnv(t)
	for _, k := range []string{
		"0100000000000000000000000000000000000000000000000000000000000000", // the identity
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p: non-canonical
	} {
		key, _ := hex.DecodeString(k)
		code, body := e.call("POST", "/v1/passes", opSecret, wire.PassRequest{IIN: "900101300017", HolderKey: key})
		if code != http.StatusBadRequest || !strings.Contains(string(body), "holder") {
			t.Errorf("holder key %s: %d %s, want 400 naming the holder key", k, code, body)
		}
	}
	if code, body := e.call("POST", "/v1/passes", opSecret,
		wire.PassRequest{IIN: "900101300018", HolderKey: holder(t).Public().(ed25519.PublicKey)}); code != http.StatusBadRequest {
		t.Errorf("bad IIN: %d %s", code, body)
	}
}
