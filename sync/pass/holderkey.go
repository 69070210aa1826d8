package pass

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"

	"filippo.io/edwards25519"
)

// Why a holder key is refused. Ed25519 verification alone accepts all of
// these keys; with some of them, signatures need no private key at all.
var (
	// ErrHolderKeySize: not 32 bytes.
	ErrHolderKeySize = errors.New("holder key is not 32 bytes")
	// ErrHolderKeyNotOnCurve: the bytes are not the encoding of any
	// point of edwards25519.
	ErrHolderKeyNotOnCurve = errors.New("holder key is not a point of the curve")
	// ErrHolderKeyNonCanonical: a point written in a way no Ed25519 key
	// generator writes it (y not reduced modulo p, or a negative zero x).
	// The same key would have several encodings, so several pass ids.
	ErrHolderKeyNonCanonical = errors.New("holder key is not canonically encoded")
	// ErrHolderKeySmallOrder: one of the eight points of order 1, 2, 4 or
	// 8 (the identity among them). A proof "signed" by such a key needs no
	// private key: with the identity, (R = identity, S = 0) verifies for
	// every time and venue.
	ErrHolderKeySmallOrder = errors.New("holder key is a small-order point")
	// ErrHolderKeyTorsion: a point outside the prime-order subgroup (an
	// honest key plus a small-order point). No key generator makes one;
	// whoever sent it did not make it from a private key.
	ErrHolderKeyTorsion = errors.New("holder key is not in the prime-order subgroup")
)

// minusOne is L-1, the scalar that tells the prime-order subgroup apart:
// [L-1]A = -A exactly when [L]A is the identity.
var minusOne = func() *edwards25519.Scalar {
	one, err := edwards25519.NewScalar().SetCanonicalBytes(append([]byte{1}, make([]byte, 31)...))
	if err != nil {
		panic(err)
	}
	return edwards25519.NewScalar().Negate(one)
}()

var (
	identity = edwards25519.NewIdentityPoint()
	zero     = edwards25519.NewScalar()
)

// CheckHolderKey refuses a holder key that no Ed25519 key generator
// produces: anything but the canonical encoding of a point of the
// prime-order subgroup other than the identity. An issuer checks it before
// signing a pass (docs/pass-format.md, "Holder keys"). The error wraps one
// of the ErrHolderKey values.
func CheckHolderKey(pub []byte) error {
	p, err := holderPoint(pub)
	if err != nil {
		return err
	}
	// [L-1]P + P is [L]P: the identity for a point of prime order L,
	// not for one with a small-order component.
	lp := new(edwards25519.Point).VarTimeDoubleScalarBaseMult(minusOne, p, zero)
	if lp.Add(lp, p).Equal(identity) != 1 {
		return ErrHolderKeyTorsion
	}
	return nil
}

// holderPoint is what a kiosk checks of a holder key at every scan: 32
// bytes, a point of the curve, canonically encoded, not of small order.
// Not the prime-order subgroup: that costs a scalar multiplication, as
// much as an Ed25519 verification, and guards against nothing a door
// fears, since a key with a small-order component still needs its private
// part to sign (with cofactorless verification, the honest holder's own
// proofs would fail most of the time). An issuer refuses such keys.
func holderPoint(pub []byte) (*edwards25519.Point, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: %d bytes", ErrHolderKeySize, len(pub))
	}
	p, err := new(edwards25519.Point).SetBytes(pub)
	if err != nil {
		return nil, ErrHolderKeyNotOnCurve
	}
	if !bytes.Equal(p.Bytes(), pub) {
		return nil, ErrHolderKeyNonCanonical
	}
	if new(edwards25519.Point).MultByCofactor(p).Equal(identity) == 1 {
		return nil, ErrHolderKeySmallOrder
	}
	return p, nil
}
