package pass

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/encoder"

	"github.com/ashyq/kiosk/sync/wire"
)

func verifier(k *keyring) *Verifier {
	return &Verifier{Keys: k, Deny: k, Venue: "demo-cafe", Replay: NewReplay()}
}

func TestRoundTrip(t *testing.T) {
	_, id, h := issue(t, vecClaims())
	for _, venue := range []string{"", "demo-cafe"} {
		code, err := Parse(show(t, h, vecShown, venue))
		if err != nil {
			t.Fatal(err)
		}
		got, err := verifier(newKeyring()).Verify(code, vecShown.Add(5*time.Second))
		if err != nil {
			t.Fatalf("venue %q: %v", venue, err)
		}
		if got.IIN != vecIIN || got.Status != wire.Green || got.ID != id || got.KeyID != vecKID ||
			!got.ValidUntil.Equal(vecUntil) || !got.ProofAt.Equal(vecShown) {
			t.Errorf("venue %q: verified %+v", venue, got)
		}
	}
}

// reasonOf returns the Reason of err, or "" when err is nil or not an *Error.
func reasonOf(err error) Reason {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Reason
	}
	return ""
}

// Every way a code can be wrong gives its own reason.
func TestEachBadCodeHasItsReason(t *testing.T) {
	good := show(t, mustHolder(t, vecClaims()), vecShown, "")
	body := strings.TrimPrefix(good, Prefix)
	otherIssuer := mustIssuer(t, vecKID, "someone else")
	forged, _, _ := otherIssuer.Issue(vecClaims())
	forgedHolder, _ := NewHolder(forged, vecHolderKey)

	parseCases := []struct {
		name string
		text string
		want Reason
	}{
		{"wrong prefix", "AQX:" + body, ReasonPrefix},
		{"no colon", "AQ1" + body, ReasonPrefix},
		{"lower case prefix", "aq1:" + body, ReasonPrefix},
		{"version 2", "AQ2:" + body, ReasonVersion},
		{"oversize", Prefix + strings.Repeat("0", MaxCode), ReasonOversize},
		{"truncated by one", good[:len(good)-1], reasonOfLen(len(body) - 1)},
		{"cut in half", good[:len(Prefix)+len(body)/2/3*3], ReasonTruncated},
		{"lower case body", Prefix + strings.ToLower(body), ReasonGarbled},
		{"a byte no encoder writes", Prefix + "GGW" + body[3:], ReasonGarbled},
		{"trailing garbage", good + "BB8", ReasonTrailing},
		{"trailing character", good + "~", ReasonGarbled},
		{"not a pass", Prefix + EncodeBase45([]byte{0x83, 1, 2, 3}), ReasonMalformed},
		{"empty", Prefix, ReasonTruncated},
	}
	for _, tt := range parseCases {
		_, err := Parse(tt.text)
		if got := reasonOf(err); got != tt.want {
			t.Errorf("%s: reason %q (%v), want %q", tt.name, got, err, tt.want)
		}
	}

	now := vecShown.Add(10 * time.Second)
	verifyCases := []struct {
		name  string
		code  string
		now   time.Time
		setup func(k *keyring)
		want  Reason
	}{
		{"forged issuer signature", show(t, forgedHolder, vecShown, ""), now, nil, ReasonForged},
		{"unknown key", good, now, func(k *keyring) { delete(k.keys, vecKID) }, ReasonUnknownKey},
		{"key expired", good, now, func(k *keyring) { setKey(k, time.Time{}, now.Add(-time.Second)) }, ReasonKeyExpired},
		{"key not yet valid", good, now, func(k *keyring) { setKey(k, now.Add(time.Hour), time.Time{}) }, ReasonKeyNotYetValid},
		{"proof too old", good, vecShown.Add(61 * time.Second), nil, ReasonProofOld},
		{"proof from the future", good, vecShown.Add(-61 * time.Second), nil, ReasonProofFuture},
		{"other venue", show(t, mustHolder(t, vecClaims()), vecShown, "other-gym"), now, nil, ReasonOtherVenue},
		{"deny-listed", good, now, func(k *keyring) { deny(k, wire.DenyRevoked) }, ReasonDenied},
		{"status changed", good, now, func(k *keyring) { deny(k, wire.DenyStatusChanged) }, ReasonStatusChanged},
		{"status expired", showAt(t, vecUntil.Add(time.Minute)), vecUntil.Add(time.Minute), nil, ReasonStatusExpired},
		{"holder proof by another key", swapProof(t, good), now, nil, ReasonProofForged},
	}
	for _, tt := range verifyCases {
		k := newKeyring()
		if tt.setup != nil {
			tt.setup(k)
		}
		code, err := Parse(tt.code)
		if err != nil {
			t.Fatalf("%s: parse: %v", tt.name, err)
		}
		v, err := verifier(k).Verify(code, tt.now)
		if got := reasonOf(err); got != tt.want {
			t.Errorf("%s: reason %q (%v), want %q", tt.name, got, err, tt.want)
		}
		if tt.want.StatusOnly() != (v.IIN != "") {
			t.Errorf("%s: status-only %v but verified %+v", tt.name, tt.want.StatusOnly(), v)
		}
	}
}

// reasonOfLen: a code one character short is truncated when that leaves a
// single character in the last group, else its CBOR ends early; both are
// truncated.
func reasonOfLen(int) Reason { return ReasonTruncated }

func TestReplayIsRefusedAndRelease(t *testing.T) {
	h := mustHolder(t, vecClaims())
	text := show(t, h, vecShown, "")
	v := verifier(newKeyring())
	now := vecShown.Add(time.Second)
	code, _ := Parse(text)
	first, err := v.Verify(code, now)
	if err != nil {
		t.Fatal(err)
	}
	code, _ = Parse(text)
	if _, err := v.Verify(code, now.Add(20*time.Second)); reasonOf(err) != ReasonReplay {
		t.Fatalf("second scan of the same code: %v, want replay", err)
	}
	// The next rotation of the same pass is a new proof.
	code, _ = Parse(show(t, h, vecShown.Add(RotateEvery), ""))
	if _, err := v.Verify(code, now.Add(30*time.Second)); err != nil {
		t.Fatalf("rotated code: %v", err)
	}
	// A verdict that was not recorded gives the code back.
	v.Release(first)
	code, _ = Parse(text)
	if _, err := v.Verify(code, now.Add(20*time.Second)); err != nil {
		t.Fatalf("after release: %v", err)
	}
}

// The replay memory's journal says what a kiosk must keep across a restart:
// each proof claimed, and each given back, in order; a memory loaded from it
// refuses the claimed proofs and takes the given-back ones.
func TestReplayJournalSurvivesARestart(t *testing.T) {
	h := mustHolder(t, vecClaims())
	v := verifier(newKeyring())
	now := vecShown.Add(time.Second)
	used, _ := Parse(show(t, h, vecShown, ""))
	back, _ := Parse(show(t, h, vecShown.Add(time.Second), ""))
	if _, err := v.Verify(used, now); err != nil {
		t.Fatal(err)
	}
	b, err := v.Verify(back, now)
	if err != nil {
		t.Fatal(err)
	}
	v.Release(b)
	changes := v.Replay.Changes()
	if len(changes) != 3 || changes[0].Released || changes[1].Released || !changes[2].Released ||
		changes[1].ID != changes[2].ID || !changes[0].At.Equal(vecShown) {
		t.Fatalf("journal: %+v; want claim, claim, release of the second", changes)
	}
	if again := v.Replay.Changes(); len(again) != 0 {
		t.Errorf("taken twice: %+v", again)
	}

	restarted := verifier(newKeyring())
	restarted.Replay.Load(changes)
	if restarted.Replay.Len() != 1 {
		t.Errorf("loaded %d proofs, want 1", restarted.Replay.Len())
	}
	used, _ = Parse(show(t, h, vecShown, ""))
	if _, err := restarted.Verify(used, now); reasonOf(err) != ReasonReplay {
		t.Errorf("a proof claimed before the restart: %v, want replay", err)
	}
	back, _ = Parse(show(t, h, vecShown.Add(time.Second), ""))
	if _, err := restarted.Verify(back, now); err != nil {
		t.Errorf("a proof given back before the restart: %v", err)
	}
	if n := len(restarted.Replay.Changes()); n != 1 {
		t.Errorf("after the load, %d changes journaled; want 1 (only the new claim)", n)
	}
}

func TestZlibCodesAreRead(t *testing.T) {
	// A real pass does not compress, so build a compressed one by hand.
	text := show(t, mustHolder(t, vecClaims()), vecShown, "")
	raw, _ := DecodeBase45(strings.TrimPrefix(text, Prefix))
	packed := deflate(raw)
	code, err := Parse(Prefix + EncodeBase45(packed))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := verifier(newKeyring()).Verify(code, vecShown); err != nil {
		t.Fatal(err)
	}
	bomb := deflate(make([]byte, 64<<10))
	if _, err := Parse(Prefix + EncodeBase45(bomb)); reasonOf(err) != ReasonOversize {
		t.Errorf("zlib bomb: %v, want oversize", err)
	}
	if _, err := Parse(Prefix + EncodeBase45(packed[:len(packed)-6])); reasonOf(err) != ReasonTruncated {
		t.Errorf("cut zlib stream: %v, want truncated", err)
	}
}

// A typical code fits QR version 10 at error correction L, so phone screens
// scan it easily; a proof naming the venue too.
func TestTypicalCodeFitsQRVersion10(t *testing.T) {
	h := mustHolder(t, vecClaims())
	for _, venue := range []string{"", "demo-cafe", strings.Repeat("v", 24)} {
		text := show(t, h, vecShown, venue)
		qr, err := encoder.Encoder_encodeWithoutHint(text, decoder.ErrorCorrectionLevel_L)
		if err != nil {
			t.Fatal(err)
		}
		if v := qr.GetVersion().GetVersionNumber(); v > 10 {
			t.Errorf("venue %q: %d characters need QR version %d, want at most 10", venue, len(text), v)
		}
		if qr.GetMode() != decoder.Mode_ALPHANUMERIC {
			t.Errorf("venue %q: QR mode %s, want alphanumeric", venue, qr.GetMode())
		}
	}
}

// The test vectors printed in docs/pass-format.md are exactly what this
// code produces, and verify.
func TestDocumentedVectors(t *testing.T) {
	doc, err := os.ReadFile("../../docs/pass-format.md")
	if err != nil {
		t.Fatal(err)
	}
	p, id, h := issue(t, vecClaims())
	code, _ := Parse(show(t, h, vecShown, ""))
	v, err := verifier(newKeyring()).Verify(code, vecShown)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		EncodeHex(p), id, show(t, h, vecShown, ""), show(t, h, vecShown, "demo-cafe"),
		EncodeHex(vecIssuerKey.Public().(ed25519.PublicKey)), EncodeHex(vecHolderKey.Public().(ed25519.PublicKey)),
		docProofMessage, "Proof id: `" + v.ProofID + "`",
		identityCode(t, vecShown, ""), badIINCode(t),
	} {
		// The page wraps long lines; compare without white space.
		if !strings.Contains(noSpace(string(doc)), noSpace(want)) {
			t.Errorf("docs/pass-format.md lacks the vector %s", want)
		}
	}
}

func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }

// The proof window: from DefaultTolerance before the proof's time until
// RotateEvery + DefaultTolerance after it, to the second.
func TestProofWindowEdges(t *testing.T) {
	h := mustHolder(t, vecClaims())
	for _, tt := range []struct {
		offset time.Duration // the kiosk's clock minus the proof time
		want   Reason
	}{
		{RotateEvery + DefaultTolerance, ""},
		{RotateEvery + DefaultTolerance + time.Second, ReasonProofOld},
		{-DefaultTolerance, ""},
		{-DefaultTolerance - time.Second, ReasonProofFuture},
		{0, ""},
	} {
		code, _ := Parse(show(t, h, vecShown, ""))
		_, err := verifier(newKeyring()).Verify(code, vecShown.Add(tt.offset))
		if got := reasonOf(err); got != tt.want {
			t.Errorf("clock %+v from the proof: %q (%v), want %q", tt.offset, got, err, tt.want)
		}
	}
	// A wider tolerance, within its bound.
	v := verifier(newKeyring())
	v.Tolerance = time.Hour
	code, _ := Parse(show(t, h, vecShown, ""))
	if _, err := v.Verify(code, vecShown.Add(RotateEvery+MaxTolerance+time.Second)); reasonOf(err) != ReasonProofOld {
		t.Errorf("tolerance beyond MaxTolerance: %v", err)
	}
}

// A venue that requires bound proofs refuses a proof without a venue, and
// takes one naming it; the setting changes while the verifier is in use.
func TestVenueRequired(t *testing.T) {
	h := mustHolder(t, vecClaims())
	v := verifier(newKeyring())
	v.RequireVenue(true)
	code, _ := Parse(show(t, h, vecShown, ""))
	if _, err := v.Verify(code, vecShown); reasonOf(err) != ReasonVenueRequired {
		t.Errorf("unbound proof: %v, want %s", err, ReasonVenueRequired)
	}
	code, _ = Parse(show(t, h, vecShown, "demo-cafe"))
	if got, err := v.Verify(code, vecShown); err != nil || got.ProofVenue != "demo-cafe" {
		t.Errorf("bound proof: %+v, %v", got, err)
	}
	v.RequireVenue(false)
	code, _ = Parse(show(t, h, vecShown, ""))
	if _, err := v.Verify(code, vecShown); err != nil {
		t.Errorf("unbound proof once the venue no longer requires it: %v", err)
	}
}

// The proof id names the signed message: the same proof signed twice
// (a randomising signer) is one proof; another second or venue is another.
func TestProofID(t *testing.T) {
	h := mustHolder(t, vecClaims())
	code, _ := Parse(show(t, h, vecShown, ""))
	first, err := verifier(newKeyring()).Verify(code, vecShown)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := hex.DecodeString(noSpace(docProofMessage))
	sum := sha256.Sum256(msg)
	if first.ProofID != hex.EncodeToString(sum[:IDSize]) {
		t.Errorf("proof id %s, want SHA-256 of the proof message %x", first.ProofID, sum[:IDSize])
	}
	// The same message signed by a randomised Ed25519 signer (a different
	// nonce, the same key): another signature, the same proof.
	other := randomisedSign(t, vecHolderKey, msg)
	text := codeWith(t, code.Pass, vecShown, "", other)
	again, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	v := verifier(newKeyring())
	if _, err := v.Verify(code, vecShown); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(again, vecShown); reasonOf(err) != ReasonReplay {
		t.Errorf("the same proof signed again: %v, want replay", err)
	}
	c, _ := Parse(show(t, h, vecShown, "demo-cafe"))
	if got, _ := verifier(newKeyring()).Verify(c, vecShown); got.ProofID == first.ProofID {
		t.Error("another venue: the same proof id")
	}
	c, _ = Parse(show(t, h, vecShown.Add(time.Second), ""))
	if got, _ := verifier(newKeyring()).Verify(c, vecShown); got.ProofID == first.ProofID {
		t.Error("the next second: the same proof id")
	}
}

// docProofMessage is the holder proof message of docs/pass-format.md.
const docProofMessage = "847041513120686f6c6465722070726f6f665042769087857cc0993db8bfa860ee06df1a6b0e8c9060"
