package pass

import (
	"crypto/ed25519"
	"crypto/sha256"
	"sync/atomic"
	"time"

	"github.com/veraison/go-cose"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Keys finds an issuer public key by its id (hex).
type Keys interface {
	IssuerKey(kid string) (wire.IssuerKey, bool)
}

// DenyList finds a revoked pass by its id (hex).
type DenyList interface {
	Denied(passID string) (wire.DenyEntry, bool)
}

// The proof window (docs/pass-format.md, "The proof window"): a proof made
// at P is accepted from P-tolerance until P+RotateEvery+tolerance by the
// verifier's clock, where the tolerance is how far the phone's clock and
// the kiosk's may disagree.
const (
	// DefaultTolerance covers a phone on automatic time (within a second
	// or two), a kiosk's clock drifting while offline, and a few seconds
	// between the phone drawing a code and the kiosk reading it.
	DefaultTolerance = 20 * time.Second
	// MaxTolerance is the most a verifier may be set to.
	MaxTolerance = 5 * time.Minute
	// ProofMemory is how long an upstream remembers a used proof from
	// when it first heard of it: longer than the widest window
	// (RotateEvery + 2*MaxTolerance), with a minute to spare for the
	// kiosks' clocks.
	ProofMemory = RotateEvery + 2*MaxTolerance + time.Minute
)

// Verifier checks parsed codes against issuer keys, a deny list and the
// proofs it has seen. Safe for concurrent use.
type Verifier struct {
	Keys Keys
	Deny DenyList // nil: nothing is revoked
	// Tolerance is how far the phone's clock and the verifier's may
	// disagree; 0 is DefaultTolerance.
	Tolerance time.Duration
	// Venue is the kiosk's venue id: a proof made for another venue is
	// refused. A proof without a venue is accepted, unless the venue
	// requires bound proofs (RequireVenue).
	Venue  string
	Replay *Replay // nil: replays are not detected

	requireVenue atomic.Bool
}

// RequireVenue sets whether a proof must name this verifier's venue: a
// venue's setting, which may change while scans are verified.
func (v *Verifier) RequireVenue(on bool) { v.requireVenue.Store(on) }

// VenueRequired reports the RequireVenue setting.
func (v *Verifier) VenueRequired() bool { return v.requireVenue.Load() }

// Verified is a pass whose signatures, keys and proof checked out.
type Verified struct {
	ID         string
	KeyID      string
	IIN        string
	Status     wire.Status
	IssuedAt   time.Time
	ValidUntil time.Time
	ProofAt    time.Time
	// ProofVenue is the venue the proof names; "" when it names none.
	ProofVenue string
	// ProofID names this very proof (hex): the first 16 bytes of the
	// SHA-256 of the message the holder signed. The replay memory and the
	// upstream's memory of used proofs know proofs by it.
	ProofID string
	proofID [IDSize]byte
}

// Verify checks c at time now (the kiosk's corrected clock). It returns an
// *Error when the code is not accepted. When only the status is not to be
// trusted (Reason.StatusOnly), it returns the Verified pass as well: the
// holder is who the pass says, but the colour may not be current.
func (v *Verifier) Verify(c *Code, now time.Time) (Verified, error) {
	key, ok := v.Keys.IssuerKey(c.kid)
	if !ok {
		return Verified{}, fail(ReasonUnknownKey, "key %s", c.kid)
	}
	if !key.NotBefore.IsZero() && now.Before(key.NotBefore) {
		return Verified{}, fail(ReasonKeyNotYetValid, "key %s from %s", c.kid, key.NotBefore.UTC().Format(time.RFC3339))
	}
	if !key.NotAfter.IsZero() && now.After(key.NotAfter) {
		return Verified{}, fail(ReasonKeyExpired, "key %s until %s", c.kid, key.NotAfter.UTC().Format(time.RFC3339))
	}
	if len(key.PublicKey) != ed25519.PublicKeySize {
		return Verified{}, fail(ReasonUnknownKey, "key %s is not an Ed25519 key", c.kid)
	}
	ver, err := cose.NewVerifier(cose.AlgorithmEdDSA, ed25519.PublicKey(key.PublicKey))
	if err != nil {
		return Verified{}, fail(ReasonUnknownKey, "key %s: %v", c.kid, err)
	}
	if err := c.msg.Verify(nil, ver); err != nil {
		return Verified{}, fail(ReasonForged, "issuer signature by key %s", c.kid)
	}
	// The issuer signed these claims, but an issuer that did not check
	// them must not make the door accept a pass whose proofs anyone can
	// forge (holderkey.go).
	if _, err := holderPoint(c.claims.Holder); err != nil {
		return Verified{}, fail(ReasonHolderKey, "%v", err)
	}
	if err := iin.Validate(c.claims.IIN); err != nil {
		return Verified{}, fail(ReasonIIN, "%v", err) // the error masks the IIN
	}
	t := c.ProofTime.Unix()
	msg := proofMessage(c.id, t, c.Venue)
	if !ed25519.Verify(c.claims.Holder, msg, c.proofSig) {
		return Verified{}, fail(ReasonProofForged, "holder proof")
	}
	if c.Venue != "" && v.Venue != "" && c.Venue != v.Venue {
		return Verified{}, fail(ReasonOtherVenue, "proof for another venue")
	}
	if c.Venue == "" && v.VenueRequired() {
		return Verified{}, fail(ReasonVenueRequired, "proof names no venue")
	}
	tol := v.tolerance()
	if age, most := now.Sub(c.ProofTime), RotateEvery+tol; age > most {
		return Verified{}, fail(ReasonProofOld, "proof %s old, at most %s", age.Round(time.Second), most)
	} else if -age > tol {
		return Verified{}, fail(ReasonProofFuture, "proof %s ahead, at most %s", (-age).Round(time.Second), tol)
	}
	pid := proofID(msg)
	out := Verified{
		ID: c.ID(), KeyID: c.kid, IIN: c.claims.IIN, Status: c.claims.Status,
		IssuedAt: c.claims.IssuedAt, ValidUntil: c.claims.ValidUntil, ProofAt: c.ProofTime,
		ProofVenue: c.Venue, ProofID: IDString(pid), proofID: pid,
	}
	if v.Deny != nil {
		if d, ok := v.Deny.Denied(out.ID); ok {
			if d.Reason == wire.DenyStatusChanged {
				return out, v.claim(out, now, fail(ReasonStatusChanged, "revoked %s", d.At.UTC().Format(time.RFC3339)))
			}
			return Verified{}, fail(ReasonDenied, "revoked %s", d.At.UTC().Format(time.RFC3339))
		}
	}
	if now.After(out.ValidUntil) {
		return out, v.claim(out, now, fail(ReasonStatusExpired, "valid until %s", out.ValidUntil.Format(time.RFC3339)))
	}
	return out, v.claim(out, now, nil)
}

// proofID names a proof by the message its holder signed, so a second
// signature over the same message (Ed25519 signers may randomise) is the
// same proof.
func proofID(msg []byte) [IDSize]byte {
	sum := sha256.Sum256(msg)
	return [IDSize]byte(sum[:IDSize])
}

// claim records the proof in the replay memory; a proof seen before turns
// the answer into a replay.
func (v *Verifier) claim(out Verified, now time.Time, then *Error) error {
	if v.Replay != nil && !v.Replay.claim(out.proofID, out.ProofAt, now, RotateEvery+v.tolerance()) {
		return fail(ReasonReplay, "proof from %s seen before", out.ProofAt.Format(time.RFC3339))
	}
	if then == nil {
		return nil
	}
	return then
}

func (v *Verifier) tolerance() time.Duration {
	if v.Tolerance <= 0 {
		return DefaultTolerance
	}
	return min(v.Tolerance, MaxTolerance)
}

// Release forgets a verified proof, so the same code can be scanned again:
// for a verdict that could not be recorded.
func (v *Verifier) Release(p Verified) {
	if v.Replay != nil {
		v.Replay.release(p.proofID)
	}
}
