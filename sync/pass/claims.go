package pass

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/fxamacker/cbor/v2"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Claims is what the issuer signs: whose pass it is, the status it carries
// and until when, and the holder's public key. Integer map keys keep the
// code small (docs/pass-format.md has the table).
type Claims struct {
	IIN        string
	Status     wire.Status
	IssuedAt   time.Time
	ValidUntil time.Time
	Holder     ed25519.PublicKey
}

// claimsCBOR is Claims as encoded: times in Unix seconds, the colour as a
// small number.
type claimsCBOR struct {
	IIN        string `cbor:"1,keyasint"`
	Status     uint8  `cbor:"2,keyasint"`
	IssuedAt   int64  `cbor:"3,keyasint"`
	ValidUntil int64  `cbor:"4,keyasint"`
	Holder     []byte `cbor:"5,keyasint"`
}

// Colour numbers on the wire. Zero is no colour, so a missing claim is
// caught.
var statusNumber = map[wire.Status]uint8{wire.Red: 1, wire.Yellow: 2, wire.Green: 3, wire.Blue: 4}

var numberStatus = func() map[uint8]wire.Status {
	m := map[uint8]wire.Status{}
	for s, n := range statusNumber {
		m[n] = s
	}
	return m
}()

// encMode writes core deterministic CBOR (RFC 8949 section 4.2), so the same
// claims always give the same bytes.
var encMode = func() cbor.EncMode {
	m, err := cbor.CoreDetEncOptions().EncMode()
	if err != nil {
		panic(err)
	}
	return m
}()

// bounded is the CBOR a pass may hold at most: no indefinite lengths, a few
// levels, a few elements.
var bounded = cbor.DecOptions{
	IndefLength:      cbor.IndefLengthForbidden,
	MaxNestedLevels:  6,
	MaxArrayElements: 16,
	MaxMapPairs:      16,
}

// decMode reads the code and the claims: within those bounds, and refusing
// what a pass never holds: duplicate or unknown map keys, tags.
var decMode = func() cbor.DecMode {
	o := bounded
	o.DupMapKey, o.TagsMd, o.ExtraReturnErrors = cbor.DupMapKeyEnforcedAPF, cbor.TagsForbidden, cbor.ExtraDecErrorUnknownField
	m, err := o.DecMode()
	if err != nil {
		panic(err)
	}
	return m
}()

// passMode checks the issuer's COSE_Sign1 for truncation and syntax before
// go-cose decodes it: the same bounds, the COSE tag allowed.
var passMode = func() cbor.DecMode {
	m, err := bounded.DecMode()
	if err != nil {
		panic(err)
	}
	return m
}()

func (c Claims) marshal() ([]byte, error) {
	n, ok := statusNumber[c.Status]
	switch {
	case !ok:
		return nil, fmt.Errorf("status %q is not a colour", c.Status)
	case !c.ValidUntil.After(c.IssuedAt):
		return nil, errors.New("valid-until must be after issued-at")
	}
	// A kiosk refuses both (Verify); an issuer must not sign them.
	if err := iin.Validate(c.IIN); err != nil {
		return nil, err // masks the IIN
	}
	if err := CheckHolderKey(c.Holder); err != nil {
		return nil, err
	}
	return encMode.Marshal(claimsCBOR{
		IIN: c.IIN, Status: n, IssuedAt: c.IssuedAt.Unix(), ValidUntil: c.ValidUntil.Unix(), Holder: c.Holder,
	})
}

func unmarshalClaims(data []byte) (Claims, error) {
	var cc claimsCBOR
	if err := decMode.Unmarshal(data, &cc); err != nil {
		return Claims{}, fail(ReasonMalformed, "claims: %v", err)
	}
	st, ok := numberStatus[cc.Status]
	switch {
	case !ok:
		return Claims{}, fail(ReasonMalformed, "claims: colour %d is unknown", cc.Status)
	case len(cc.IIN) != 12 || !allDigits(cc.IIN):
		return Claims{}, fail(ReasonMalformed, "claims: the iin is not 12 digits")
	case len(cc.Holder) != ed25519.PublicKeySize:
		return Claims{}, fail(ReasonMalformed, "claims: holder key has %d bytes, want 32", len(cc.Holder))
	case cc.IssuedAt <= 0 || cc.ValidUntil <= cc.IssuedAt:
		return Claims{}, fail(ReasonMalformed, "claims: times missing or valid-until not after issued-at")
	}
	return Claims{
		IIN: cc.IIN, Status: st, IssuedAt: time.Unix(cc.IssuedAt, 0).UTC(),
		ValidUntil: time.Unix(cc.ValidUntil, 0).UTC(), Holder: ed25519.PublicKey(cc.Holder),
	}, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IDSize is the length in bytes of a pass id.
const IDSize = 16

// passID names a pass on the deny list: the first 16 bytes of the SHA-256
// of its signed claims. Those bytes are covered by the issuer's signature,
// so no re-encoding of the envelope changes the id of a valid pass.
func passID(claims []byte) [IDSize]byte {
	sum := sha256.Sum256(claims)
	return [IDSize]byte(sum[:IDSize])
}

// IDString is how pass ids are written in the API and the deny list.
func IDString(id [IDSize]byte) string { return hex.EncodeToString(id[:]) }
