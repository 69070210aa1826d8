package pass

import (
	"bytes"
	"compress/zlib"
	"crypto/ed25519"
	"encoding/hex"
	"testing"
	"time"

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
