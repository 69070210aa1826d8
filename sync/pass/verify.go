package pass

import (
	"crypto/ed25519"
	"crypto/sha256"
	"time"

	"github.com/veraison/go-cose"

	"github.com/ashyq/kiosk/sync/wire"
)

// Keys finds an issuer public key by its id (hex).
type Keys interface {
	IssuerKey(kid string) (wire.IssuerKey, bool)
}

// DenyList finds a revoked pass by its id (hex).
type DenyList interface {
	Denied(passID string) (wire.DenyEntry, bool)
}

// DefaultWindow is how far a holder proof's time may be from the kiosk's
// clock, either side.
const DefaultWindow = 60 * time.Second

// Verifier checks parsed codes against issuer keys, a deny list and the
// proofs it has seen. Safe for concurrent use.
type Verifier struct {
	Keys   Keys
	Deny   DenyList // nil: nothing is revoked
	Window time.Duration
	// Venue is the kiosk's venue id: a proof made for another venue is
	// refused. A proof without a venue is accepted anywhere.
	Venue  string
	Replay *Replay // nil: replays are not detected
}

// Verified is a pass whose signatures, keys and proof checked out.
type Verified struct {
	ID         string
	KeyID      string
	IIN        string
	Status     wire.Status
	IssuedAt   time.Time
	ValidUntil time.Time
	ProofAt    time.Time
	// replayKey is what the Replay memory holds for this proof.
	replayKey [32]byte
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
	t := c.ProofTime.Unix()
	if !ed25519.Verify(c.claims.Holder, proofMessage(c.id, t, c.Venue), c.proofSig) {
		return Verified{}, fail(ReasonProofForged, "holder proof")
	}
	if c.Venue != "" && v.Venue != "" && c.Venue != v.Venue {
		return Verified{}, fail(ReasonOtherVenue, "proof for another venue")
	}
	window := v.window()
	if age := now.Sub(c.ProofTime); age > window {
		return Verified{}, fail(ReasonProofOld, "proof %s old, at most %s", age.Round(time.Second), window)
	} else if -age > window {
		return Verified{}, fail(ReasonProofFuture, "proof %s ahead, at most %s", (-age).Round(time.Second), window)
	}
	out := Verified{
		ID: c.ID(), KeyID: c.kid, IIN: c.claims.IIN, Status: c.claims.Status,
		IssuedAt: c.claims.IssuedAt, ValidUntil: c.claims.ValidUntil, ProofAt: c.ProofTime,
		replayKey: sha256.Sum256(c.proofSig),
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

// claim records the proof in the replay memory; a proof seen before turns
// the answer into a replay.
func (v *Verifier) claim(out Verified, now time.Time, then *Error) error {
	if v.Replay != nil && !v.Replay.claim(out.replayKey, out.ProofAt, now, v.window()) {
		return fail(ReasonReplay, "proof from %s seen before", out.ProofAt.Format(time.RFC3339))
	}
	if then == nil {
		return nil
	}
	return then
}

func (v *Verifier) window() time.Duration {
	if v.Window <= 0 {
		return DefaultWindow
	}
	return v.Window
}

// Release forgets a verified proof, so the same code can be scanned again:
// for a verdict that could not be recorded.
func (v *Verifier) Release(p Verified) {
	if v.Replay != nil {
		v.Replay.release(p.replayKey)
	}
}
