package pass

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/veraison/go-cose"
)

// KeyIDSize is the length in bytes of an issuer key id.
const KeyIDSize = 4

// Issuer signs passes with one Ed25519 key. Safe for concurrent use.
type Issuer struct {
	kid    []byte
	signer cose.Signer
}

// NewIssuer makes an issuer for key id kid (KeyIDSize bytes, written in hex)
// and its private key.
func NewIssuer(kid string, key ed25519.PrivateKey) (*Issuer, error) {
	raw, err := hex.DecodeString(kid)
	if err != nil || len(raw) != KeyIDSize {
		return nil, fmt.Errorf("issuer key id %q is not %d bytes of hex", kid, KeyIDSize)
	}
	if len(key) != ed25519.PrivateKeySize {
		return nil, errors.New("issuer key is not an Ed25519 private key")
	}
	signer, err := cose.NewSigner(cose.AlgorithmEdDSA, key)
	if err != nil {
		return nil, fmt.Errorf("issuer signer: %w", err)
	}
	return &Issuer{kid: raw, signer: signer}, nil
}

// Issue signs c into a pass: the tagged COSE_Sign1 bytes, and the pass id
// that a deny list names it by.
func (is *Issuer) Issue(c Claims) (pass []byte, id string, err error) {
	payload, err := c.marshal()
	if err != nil {
		return nil, "", fmt.Errorf("issue pass: %w", err)
	}
	msg := cose.NewSign1Message()
	msg.Headers.Protected.SetAlgorithm(cose.AlgorithmEdDSA)
	msg.Headers.Protected[cose.HeaderLabelKeyID] = is.kid
	msg.Payload = payload
	// Ed25519 ignores the random source: signatures are deterministic.
	if err := msg.Sign(nil, nil, is.signer); err != nil {
		return nil, "", fmt.Errorf("sign pass: %w", err)
	}
	pass, err = msg.MarshalCBOR()
	if err != nil {
		return nil, "", fmt.Errorf("encode pass: %w", err)
	}
	return pass, IDString(passID(payload)), nil
}
