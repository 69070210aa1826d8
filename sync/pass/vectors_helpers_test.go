package pass

import (
	"bytes"
	"compress/zlib"
	"crypto/ed25519"
	"crypto/sha512"
	"encoding/hex"
	"testing"
	"time"

	"filippo.io/edwards25519"

	"github.com/ashyq/kiosk/sync/wire"
)

func EncodeHex(b []byte) string { return hex.EncodeToString(b) }

func mustHolder(t testing.TB, c Claims) *Holder {
	_, _, h := issue(t, c)
	return h
}

func mustIssuer(t testing.TB, kid, name string) *Issuer {
	is, err := NewIssuer(kid, ed25519.NewKeyFromSeed(seed(name)))
	if err != nil {
		t.Fatal(err)
	}
	return is
}

func setKey(k *keyring, from, until time.Time) {
	key := k.keys[vecKID]
	key.NotBefore, key.NotAfter = from, until
	k.keys[vecKID] = key
}

func deny(k *keyring, reason string) {
	_, id, _ := issueNoT(vecClaims())
	k.deny[id] = wire.DenyEntry{PassID: id, Reason: reason, At: vecShown}
}

func issueNoT(c Claims) ([]byte, string, error) {
	is, _ := NewIssuer(vecKID, vecIssuerKey)
	return is.Issue(c)
}

// showAt is the vector pass shown at another time.
func showAt(t testing.TB, at time.Time) string {
	return show(t, mustHolder(t, vecClaims()), at, "")
}

// swapProof keeps the pass of text but signs its proof with another key.
func swapProof(t testing.TB, text string) string {
	code, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	other := ed25519.NewKeyFromSeed(seed("a thief"))
	h := &Holder{pass: code.Pass, id: code.id, key: other}
	return show(t, h, code.ProofTime, "")
}

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// randomisedSign makes an Ed25519 signature with a nonce that is not the
// deterministic one (RFC 8032 allows a verifier no way to tell): r from a
// seed of its own, S = r + H(R,A,M)·a. Built from filippo.io/edwards25519
// and crypto/sha512, not from crypto/ed25519.
func randomisedSign(t testing.TB, key ed25519.PrivateKey, msg []byte) []byte {
	t.Helper()
	h := sha512.Sum512(key.Seed())
	a, err := edwards25519.NewScalar().SetBytesWithClamping(h[:32])
	if err != nil {
		t.Fatal(err)
	}
	nonce := sha512.Sum512([]byte("another nonce"))
	r, err := edwards25519.NewScalar().SetUniformBytes(nonce[:])
	if err != nil {
		t.Fatal(err)
	}
	R := new(edwards25519.Point).ScalarBaseMult(r).Bytes()
	kh := sha512.New()
	kh.Write(R)
	kh.Write(key.Public().(ed25519.PublicKey))
	kh.Write(msg)
	k, err := edwards25519.NewScalar().SetUniformBytes(kh.Sum(nil))
	if err != nil {
		t.Fatal(err)
	}
	S := edwards25519.NewScalar().MultiplyAdd(k, a, r)
	sig := append(R, S.Bytes()...)
	if !ed25519.Verify(key.Public().(ed25519.PublicKey), msg, sig) || bytes.Equal(sig, ed25519.Sign(key, msg)) {
		t.Fatal("randomisedSign made no valid second signature")
	}
	return sig
}
