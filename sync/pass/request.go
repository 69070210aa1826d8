package pass

import (
	"crypto/ed25519"
	"time"

	"github.com/veraison/go-cose"
)

// A holder request is how a phone asks the issuer about its own pass (the
// wallet's check and renewal, docs/api.md): it sends the pass, the time,
// and its holder key's signature over the CBOR array
// [ "AQ1 wallet request", pass_id, time ]. The context differs from a
// holder proof's, so a code shown at a door can never serve as a request,
// nor a request as a code.
const requestContext = "AQ1 wallet request"

// RequestMessage is what the holder key signs for a request at Unix time t.
func RequestMessage(passID [IDSize]byte, t int64) []byte {
	b, err := encMode.Marshal([]any{requestContext, passID[:], t})
	if err != nil {
		panic(err) // a string, bytes and an integer: cannot fail
	}
	return b
}

// Issued is a pass whose issuer signature checked out, read back by its
// issuer: who it is for, and the id the deny list names it by.
type Issued struct {
	ID     string
	RawID  [IDSize]byte
	KeyID  string
	Claims Claims
}

// OpenIssued reads a pass and checks the issuer's signature with the key it
// names. The key's validity window is not checked: an issuer reading its own
// pass back (to renew it) decides for itself how old a pass it will take.
// Every failure is an *Error.
func OpenIssued(p []byte, keys Keys) (Issued, error) {
	if len(p) > MaxDecoded {
		return Issued{}, fail(ReasonOversize, "pass of %d bytes, at most %d", len(p), MaxDecoded)
	}
	msg, claims, err := parsePass(p)
	if err != nil {
		return Issued{}, err
	}
	kid, err := keyID(msg)
	if err != nil {
		return Issued{}, err
	}
	key, ok := keys.IssuerKey(kid)
	if !ok || len(key.PublicKey) != ed25519.PublicKeySize {
		return Issued{}, fail(ReasonUnknownKey, "key %s", kid)
	}
	ver, err := cose.NewVerifier(cose.AlgorithmEdDSA, ed25519.PublicKey(key.PublicKey))
	if err != nil {
		return Issued{}, fail(ReasonUnknownKey, "key %s: %v", kid, err)
	}
	if err := msg.Verify(nil, ver); err != nil {
		return Issued{}, fail(ReasonForged, "issuer signature by key %s", kid)
	}
	id := passID(msg.Payload)
	return Issued{ID: IDString(id), RawID: id, KeyID: kid, Claims: claims}, nil
}

// VerifyRequest checks a holder request's signature against the pass's
// holder key, and its time against now within window either side.
func (is Issued) VerifyRequest(t int64, sig []byte, now time.Time, window time.Duration) error {
	if len(sig) != ed25519.SignatureSize || !ed25519.Verify(is.Claims.Holder, RequestMessage(is.RawID, t), sig) {
		return fail(ReasonProofForged, "holder request")
	}
	at := time.Unix(t, 0)
	if age := now.Sub(at); age > window {
		return fail(ReasonProofOld, "request %s old, at most %s", age.Round(time.Second), window)
	} else if -age > window {
		return fail(ReasonProofFuture, "request %s ahead, at most %s", (-age).Round(time.Second), window)
	}
	return nil
}
