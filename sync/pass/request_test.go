package pass

import (
	"crypto/ed25519"
	"errors"
	"testing"
	"time"
)

func TestOpenIssuedAndRequests(t *testing.T) {
	p, id, _ := issue(t, Claims{IIN: vecIIN, Status: "green", IssuedAt: vecIssued, ValidUntil: vecUntil,
		Holder: vecHolderKey.Public().(ed25519.PublicKey)})
	keys := newKeyring()
	is, err := OpenIssued(p, keys)
	if err != nil || is.ID != id || is.KeyID != vecKID || is.Claims.IIN != vecIIN {
		t.Fatalf("OpenIssued: %+v %v", is, err)
	}
	// Outside the key's window it still opens: renewal decides how old.
	expired := newKeyring()
	k := expired.keys[vecKID]
	k.NotAfter = vecIssued
	expired.keys[vecKID] = k
	if _, err := OpenIssued(p, expired); err != nil {
		t.Errorf("expired key: %v", err)
	}
	reasonOf := func(err error) Reason {
		var e *Error
		if !errors.As(err, &e) {
			return ""
		}
		return e.Reason
	}
	forged := append([]byte(nil), p...)
	forged[len(forged)-1] ^= 1
	if _, err := OpenIssued(forged, keys); reasonOf(err) != ReasonForged {
		t.Errorf("forged pass: %v", err)
	}
	if _, err := OpenIssued(p, &keyring{}); reasonOf(err) != ReasonUnknownKey {
		t.Errorf("unknown key: %v", err)
	}
	if _, err := OpenIssued(p[:len(p)-3], keys); err == nil {
		t.Error("a truncated pass opened")
	}

	now := vecShown
	sig := ed25519.Sign(vecHolderKey, RequestMessage(is.RawID, now.Unix()))
	if err := is.VerifyRequest(now.Unix(), sig, now.Add(10*time.Second), time.Minute); err != nil {
		t.Errorf("a good request: %v", err)
	}
	other := ed25519.NewKeyFromSeed(seed("someone else"))
	for name, c := range map[string]struct {
		t    int64
		sig  []byte
		want Reason
	}{
		"another key":     {now.Unix(), ed25519.Sign(other, RequestMessage(is.RawID, now.Unix())), ReasonProofForged},
		"another time":    {now.Unix() + 1, sig, ReasonProofForged},
		"a door proof":    {now.Unix(), ed25519.Sign(vecHolderKey, proofMessage(is.RawID, now.Unix(), "")), ReasonProofForged},
		"too old":         {now.Add(-2 * time.Minute).Unix(), ed25519.Sign(vecHolderKey, RequestMessage(is.RawID, now.Add(-2*time.Minute).Unix())), ReasonProofOld},
		"from the future": {now.Add(2 * time.Minute).Unix(), ed25519.Sign(vecHolderKey, RequestMessage(is.RawID, now.Add(2*time.Minute).Unix())), ReasonProofFuture},
		"short signature": {now.Unix(), sig[:10], ReasonProofForged},
	} {
		if err := is.VerifyRequest(c.t, c.sig, now, time.Minute); reasonOf(err) != c.want {
			t.Errorf("%s: %v, want %s", name, err, c.want)
		}
	}
}
