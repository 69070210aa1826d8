package door_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/wire"
)

// carelessPass is a pass the demo upstream's issuer key signed without the
// checks an issuer makes: claims encoded by hand (docs/pass-format.md's
// table), signed with go-cose, not with sync/pass.
func carelessPass(t *testing.T, person string, holder []byte, now time.Time) []byte {
	t.Helper()
	em, err := cbor.CoreDetEncOptions().EncMode()
	if err != nil {
		t.Fatal(err)
	}
	claims, err := em.Marshal(map[int]any{1: person, 2: 3, 3: now.Add(-time.Hour).Unix(), 4: now.Add(time.Hour).Unix(), 5: holder})
	if err != nil {
		t.Fatal(err)
	}
	seed := sha256.Sum256([]byte("ashyq demo issuer key")) // the demo upstream's published key
	signer, err := cose.NewSigner(cose.AlgorithmEdDSA, ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := hex.DecodeString(server.DemoKeyID)
	msg := cose.NewSign1Message()
	msg.Headers.Protected.SetAlgorithm(cose.AlgorithmEdDSA)
	msg.Headers.Protected[cose.HeaderLabelKeyID] = kid
	msg.Payload = claims
	if err := msg.Sign(nil, nil, signer); err != nil {
		t.Fatal(err)
	}
	p, err := msg.MarshalCBOR()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// shownCode is the text of pass p with a proof signature made by whoever
// calls it: [pass, time, venue, signature] in CBOR, base45.
func shownCode(t *testing.T, p []byte, at time.Time, venue string, sig []byte) string {
	t.Helper()
	em, _ := cbor.CoreDetEncOptions().EncMode()
	raw, err := em.Marshal([]any{p, at.Unix(), venue, sig})
	if err != nil {
		t.Fatal(err)
	}
	return pass.Prefix + pass.EncodeBase45(raw)
}

// Issue 20: a pass issued to the identity point let anyone with one
// screenshot make proofs (R = identity, S = 0 verifies every message), and a
// pass whose IIN fails its check digit was welcomed. Both are refused at
// the door, online or not, and nothing is recorded.
func TestDoorRefusesPassesNoIssuerShouldSign(t *testing.T) {
	r := newPassRig(t, server.Options{})
	e := r.engine(t, nil)
	now := time.Now()
	identity := append([]byte{1}, make([]byte, 31)...)
	forgedProof := append(append([]byte{}, identity...), make([]byte, 32)...)
	if !ed25519.Verify(identity, []byte("any proof at all"), forgedProof) {
		t.Fatal("the identity key's forged proof does not verify: the attack is not what this test thinks")
	}
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	badIIN := carelessPass(t, "900101300018", key.Public().(ed25519.PublicKey), now)
	h, err := pass.NewHolder(badIIN, key)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, code, want string }{
		{"identity holder key", shownCode(t, carelessPass(t, "900101300017", identity, now), now, "", forgedProof), "bad-holder-key"},
		{"identity holder key, another venue's proof", shownCode(t, carelessPass(t, "900101300017", identity, now), now, server.DemoVenue, forgedProof), "bad-holder-key"},
		{"iin fails its check digit", showAt(t, h, now, ""), "bad-iin"},
	} {
		for _, dead := range []bool{false, true} {
			r.dead.Store(dead)
			if got := refusedFor(t, e, tt.code); got != tt.want {
				t.Errorf("%s (upstream dead %v): %q, want %q", tt.name, dead, got, tt.want)
			}
		}
	}
	if st, _ := r.ob.Stats(); st.LastSeq != 0 {
		t.Errorf("refused passes were recorded: last seq %d", st.LastSeq)
	}
}

// A venue that requires bound proofs, by its setting upstream (which comes
// with the occupancy) or by the kiosk's config, refuses a proof naming no
// venue, at once and offline; the config wins over the upstream.
func TestVenueBoundProofs(t *testing.T) {
	r := newPassRig(t, server.Options{})
	h, _ := r.phone(t, "900101300017")
	at := time.Now()
	next := func() time.Time { at = at.Add(time.Second); return at }
	scanBound := func(e *door.Engine) error {
		_, err := e.Handle(context.Background(), scanPass(showAt(t, h, next(), server.DemoVenue)))
		return err
	}

	e := r.engine(t, nil)
	if e.VenueRequired() {
		t.Fatal("required before the venue said so")
	}
	if _, err := e.Handle(context.Background(), scanPass(showAt(t, h, next(), ""))); err != nil {
		t.Fatalf("unbound proof, nothing required: %v", err)
	}
	if err := e.RefreshCount(&wire.Occupancy{Venue: server.DemoVenue, RequireVenueProof: true}, true); err != nil {
		t.Fatal(err)
	}
	r.dead.Store(true)
	if got := refusedFor(t, e, showAt(t, h, next(), "")); got != "venue-required" {
		t.Errorf("venue requires, offline: %q", got)
	}
	if err := scanBound(e); err != nil {
		t.Errorf("bound proof: %v", err)
	}
	if err := e.RefreshCount(&wire.Occupancy{Venue: server.DemoVenue}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Handle(context.Background(), scanPass(showAt(t, h, next(), ""))); err != nil {
		t.Errorf("the venue no longer requires: %v", err)
	}

	yes, no := true, false
	forced := r.engine(t, func(c *door.Config) { c.RequireVenue = &yes })
	if got := refusedFor(t, forced, showAt(t, h, next(), "")); got != "venue-required" {
		t.Errorf("config requires: %q", got)
	}
	if err := forced.RefreshCount(&wire.Occupancy{Venue: server.DemoVenue}, true); err != nil {
		t.Fatal(err)
	}
	if got := refusedFor(t, forced, showAt(t, h, next(), "")); got != "venue-required" {
		t.Errorf("config requires, venue does not: %q", got)
	}
	relaxed := r.engine(t, func(c *door.Config) { c.RequireVenue = &no })
	if err := relaxed.RefreshCount(&wire.Occupancy{Venue: server.DemoVenue, RequireVenueProof: true}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := relaxed.Handle(context.Background(), scanPass(showAt(t, h, next(), ""))); err != nil {
		t.Errorf("config does not require, venue does: %v", err)
	}
}

// Issue 20, tried as a dishonest visitor: a venue that requires proofs
// naming it lost that rule when its kiosk restarted without the upstream (a
// power cut takes the router down too): a proof naming no venue, relayed
// from anywhere, was welcomed until the venue's figures came again. The
// kiosk now keeps the venue's last word, and a later word replaces it.
func TestVenueRuleSurvivesARestartOffline(t *testing.T) {
	r := newPassRig(t, server.Options{})
	h, _ := r.phone(t, "900101300017")
	at := time.Now()
	next := func() time.Time { at = at.Add(time.Second); return at }
	restart := func() *door.Engine {
		ts, err := trust.Open(filepath.Join(r.dir, trust.File), trust.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return r.engine(t, func(c *door.Config) { c.Trust = ts })
	}
	if err := r.engine(t, nil).RefreshCount(&wire.Occupancy{Venue: server.DemoVenue, RequireVenueProof: true}, true); err != nil {
		t.Fatal(err)
	}
	r.dead.Store(true)
	e := restart()
	if !e.VenueRequired() {
		t.Error("after a restart without the upstream, the venue's rule is forgotten")
	}
	if got := refusedFor(t, e, showAt(t, h, next(), "")); got != "venue-required" {
		t.Errorf("a proof naming no venue after the restart: %q, want venue-required", got)
	}

	r.dead.Store(false)
	if err := e.RefreshCount(&wire.Occupancy{Venue: server.DemoVenue}, true); err != nil {
		t.Fatal(err)
	}
	r.dead.Store(true)
	if restart().VenueRequired() {
		t.Error("the venue dropped the rule, but the restarted kiosk still requires it")
	}
}
