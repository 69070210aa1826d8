package pass

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/veraison/go-cose"

	"github.com/ashyq/kiosk/sync/wire"
)

// Holder keys Ed25519 verification accepts but no key generator makes. The
// small-order encodings are the list libsodium refuses in
// crypto_sign_verify (ed25519_ref10.c, blocklist) and the points of order
// 1, 2 and 4 written out by hand; the rest are built from the field prime
// p = 2^255-19 and the vector holder key, independently of CheckHolderKey.
var weakHolderKeys = []struct {
	hex  string
	what string
	want error
}{
	{"0100000000000000000000000000000000000000000000000000000000000000", "the identity (order 1)", ErrHolderKeySmallOrder},
	{"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "(0, -1), order 2", ErrHolderKeySmallOrder},
	{"0000000000000000000000000000000000000000000000000000000000000000", "y = 0, order 4", ErrHolderKeySmallOrder},
	{"0000000000000000000000000000000000000000000000000000000000000080", "y = 0, the other x, order 4", ErrHolderKeySmallOrder},
	{"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", "order 8", ErrHolderKeySmallOrder},
	{"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", "order 8", ErrHolderKeySmallOrder},
	{"0100000000000000000000000000000000000000000000000000000000000080", "the identity with x = -0", ErrHolderKeyNonCanonical},
	{"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "(0, -1) with x = -0", ErrHolderKeyNonCanonical},
	{"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "y = p (0 unreduced)", ErrHolderKeyNonCanonical},
	{"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "y = p + 1 (the identity unreduced)", ErrHolderKeyNonCanonical},
	{"0200000000000000000000000000000000000000000000000000000000000000", "y = 2: no such point", ErrHolderKeyNotOnCurve},
	{"5eaf300bc8db9aff47ed2749bb535accb1230447604a1d8cd051ed875528e85a", "the vector holder key plus (0, -1)", ErrHolderKeyTorsion},
}

func TestWeakHolderKeysAreRefused(t *testing.T) {
	for _, k := range weakHolderKeys {
		key, _ := hex.DecodeString(k.hex)
		if err := CheckHolderKey(key); !errors.Is(err, k.want) {
			t.Errorf("%s (%s): %v, want %v", k.hex, k.what, err, k.want)
		}
		c := vecClaims()
		c.Holder = key
		if _, _, err := issueNoT(c); err == nil {
			t.Errorf("%s (%s): issued", k.hex, k.what)
		}
	}
	if err := CheckHolderKey(vecHolderKey.Public().(ed25519.PublicKey)); err != nil {
		t.Errorf("the vector holder key: %v", err)
	}
	if err := CheckHolderKey(make([]byte, 31)); !errors.Is(err, ErrHolderKeySize) {
		t.Errorf("31 bytes: %v", err)
	}
	// Keys as generators make them all pass.
	for i := range 200 {
		pub := ed25519.NewKeyFromSeed(seed(string(rune('a'+i%26)) + strings.Repeat("x", i))).Public().(ed25519.PublicKey)
		if err := CheckHolderKey(pub); err != nil {
			t.Fatalf("generated key %x: %v", pub, err)
		}
	}
}

// The mixed-order vector is the vector holder key plus (0, -1): negating x
// and y of an Edwards point adds (0, -1). Written here from the key's own
// bytes: y -> p - y, and the sign of x flipped.
func TestMixedOrderVectorIsHolderPlusOrderTwo(t *testing.T) {
	y := bytes.Clone(vecHolderKey.Public().(ed25519.PublicKey))
	sign := y[31] & 0x80
	y[31] &= 0x7f
	// p - y, little-endian, p = 2^255 - 19.
	pb := append([]byte{0xed}, bytes.Repeat([]byte{0xff}, 30)...)
	pb = append(pb, 0x7f)
	out := make([]byte, 32)
	borrow := 0
	for i := range 32 {
		d := int(pb[i]) - int(y[i]) - borrow
		borrow = 0
		if d < 0 {
			d += 256
			borrow = 1
		}
		out[i] = byte(d)
	}
	out[31] |= sign ^ 0x80
	if got := hex.EncodeToString(out); got != weakHolderKeys[len(weakHolderKeys)-1].hex {
		t.Errorf("holder + (0,-1) = %s", got)
	}
}

// signUnchecked signs claims as a careless issuer would: without the
// checks Issue makes. Only for building attack vectors.
func signUnchecked(t testing.TB, iin string, holder []byte) []byte {
	t.Helper()
	payload, err := encMode.Marshal(claimsCBOR{IIN: iin, Status: statusNumber[wire.Green],
		IssuedAt: vecIssued.Unix(), ValidUntil: vecUntil.Unix(), Holder: holder})
	if err != nil {
		t.Fatal(err)
	}
	signer, err := cose.NewSigner(cose.AlgorithmEdDSA, vecIssuerKey)
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := hex.DecodeString(vecKID)
	msg := cose.NewSign1Message()
	msg.Headers.Protected.SetAlgorithm(cose.AlgorithmEdDSA)
	msg.Headers.Protected[cose.HeaderLabelKeyID] = kid
	msg.Payload = payload
	if err := msg.Sign(nil, nil, signer); err != nil {
		t.Fatal(err)
	}
	p, err := msg.MarshalCBOR()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// codeWith shows pass p with a given proof signature, no private key
// involved.
func codeWith(t testing.TB, p []byte, at time.Time, venue string, sig []byte) string {
	t.Helper()
	raw, err := encMode.Marshal(shown{Pass: p, ProofTime: at.Unix(), Venue: venue, ProofSig: sig})
	if err != nil {
		t.Fatal(err)
	}
	return Prefix + EncodeBase45(maybeCompress(raw))
}

// identityCode is the attack of issue 20: a pass issued to the identity
// point, shown with the proof (R = identity, S = 0), which verifies for
// every message without any private key.
func identityCode(t testing.TB, at time.Time, venue string) string {
	identityKey, _ := hex.DecodeString(weakHolderKeys[0].hex)
	sig := append(bytes.Clone(identityKey), make([]byte, 32)...)
	return codeWith(t, signUnchecked(t, vecIIN, identityKey), at, venue, sig)
}

// badIINCode is a pass for 900101300018 (the vector IIN with its check
// digit off by one), shown by the vector holder.
func badIINCode(t testing.TB) string {
	p := signUnchecked(t, "900101300018", vecHolderKey.Public().(ed25519.PublicKey))
	h := &Holder{pass: p, key: vecHolderKey}
	msg, _, err := parsePass(p)
	if err != nil {
		t.Fatal(err)
	}
	h.id = passID(msg.Payload)
	return show(t, h, vecShown, "")
}

func TestIdentityKeyCodeIsRefused(t *testing.T) {
	// Without the check, anyone could make this code for any time and
	// venue: Ed25519 itself accepts the signature.
	identityKey, _ := hex.DecodeString(weakHolderKeys[0].hex)
	sig := append(bytes.Clone(identityKey), make([]byte, 32)...)
	for _, m := range []string{"any message", "AQ1 holder proof, any time, any venue"} {
		if !ed25519.Verify(identityKey, []byte(m), sig) {
			t.Fatalf("the identity key's forged signature does not verify over %q: the attack vector is wrong", m)
		}
	}
	for _, venue := range []string{"", "demo-cafe"} {
		for _, at := range []time.Time{vecShown, vecShown.Add(17 * time.Hour)} {
			code, err := Parse(identityCode(t, at, venue))
			if err != nil {
				t.Fatal(err)
			}
			_, err = verifier(newKeyring()).Verify(code, at.Add(time.Second))
			if reasonOf(err) != ReasonHolderKey || !errors.Is(err, &Error{Reason: ReasonHolderKey}) {
				t.Errorf("venue %q at %s: %v, want %s", venue, at, err, ReasonHolderKey)
			}
		}
	}
	if _, err := NewHolder(signUnchecked(t, vecIIN, identityKey), vecHolderKey); err == nil {
		t.Error("a phone took a pass for another key")
	}
}

func TestBadIINIsRefused(t *testing.T) {
	code, err := Parse(badIINCode(t))
	if err != nil {
		t.Fatal(err)
	}
	_, err = verifier(newKeyring()).Verify(code, vecShown.Add(time.Second))
	if reasonOf(err) != ReasonIIN {
		t.Fatalf("verify: %v, want %s", err, ReasonIIN)
	}
	if strings.Contains(err.Error(), "900101300018") {
		t.Errorf("the error shows the IIN: %v", err)
	}
	for _, bad := range []string{"900101300018", "900101300017x", "90010130001", "901301300017"} {
		c := vecClaims()
		c.IIN = bad
		if _, _, err := issueNoT(c); err == nil {
			t.Errorf("issued a pass for %q", bad)
		}
	}
}

// docHolderKeyRows reads the table of refused holder keys from
// docs/pass-format.md: `hex` | what | `error`.
var docHolderKeyRow = regexp.MustCompile("(?m)^\\| `([0-9a-f]{64})` \\| [^|]+ \\| ([a-z-]+) \\|$")

var holderKeyErrorName = map[string]error{
	"small-order": ErrHolderKeySmallOrder, "non-canonical": ErrHolderKeyNonCanonical,
	"not-on-curve": ErrHolderKeyNotOnCurve, "torsion": ErrHolderKeyTorsion,
}

// The refused holder keys the doc lists are this test's list, and the code
// refuses each for the reason the doc gives.
func TestDocumentedHolderKeys(t *testing.T) {
	doc, err := os.ReadFile("../../docs/pass-format.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := docHolderKeyRow.FindAllStringSubmatch(string(doc), -1)
	if len(rows) != len(weakHolderKeys) {
		t.Fatalf("docs/pass-format.md lists %d refused holder keys, this test %d", len(rows), len(weakHolderKeys))
	}
	for i, row := range rows {
		want, ok := holderKeyErrorName[row[2]]
		if !ok {
			t.Errorf("row %d: unknown class %q", i, row[2])
			continue
		}
		if row[1] != weakHolderKeys[i].hex || want != weakHolderKeys[i].want {
			t.Errorf("row %d: %s %s, the test has %s %v", i, row[1], row[2], weakHolderKeys[i].hex, weakHolderKeys[i].want)
		}
		key, _ := hex.DecodeString(row[1])
		if err := CheckHolderKey(key); !errors.Is(err, want) {
			t.Errorf("row %d %s: %v, want %v", i, row[1], err, want)
		}
	}
}

// A kiosk refuses a pass for any of the weak keys but the torsion one at
// every scan (holderPoint), before it looks at the proof.
func TestVerifierRefusesWeakHolderKeys(t *testing.T) {
	sig := make([]byte, 64)
	for _, k := range weakHolderKeys {
		key, _ := hex.DecodeString(k.hex)
		code, err := Parse(codeWith(t, signUnchecked(t, vecIIN, key), vecShown, "", sig))
		if err != nil {
			t.Fatalf("%s: %v", k.what, err)
		}
		_, err = verifier(newKeyring()).Verify(code, vecShown)
		want := ReasonHolderKey
		if k.want == ErrHolderKeyTorsion {
			want = ReasonProofForged // not checked at the door; its proof is still not signed
		}
		if got := reasonOf(err); got != want {
			t.Errorf("%s (%s): %q (%v), want %q", k.hex, k.what, got, err, want)
		}
	}
}
