package pass

import "fmt"

// Reason says why a code is not accepted, or why its status is not used.
// The values are stable identifiers: the kiosk maps each to a message in
// every language, and --headless and `check` print them as they are.
type Reason string

// Reasons found while reading a code: it is not a pass at all, or a damaged
// one.
const (
	ReasonPrefix    Reason = "wrong-prefix"        // not "AQ<version>:"
	ReasonVersion   Reason = "unsupported-version" // "AQ2:" and later
	ReasonOversize  Reason = "oversize"            // longer than MaxCode, or inflates beyond MaxDecoded
	ReasonTruncated Reason = "truncated"           // cut short: base45 or CBOR ends early
	ReasonGarbled   Reason = "garbled"             // characters or bytes no encoder produces
	ReasonTrailing  Reason = "trailing-garbage"    // bytes after the code's end
	ReasonMalformed Reason = "malformed"           // well-formed CBOR, but not a pass
)

// Reasons found while verifying a code's signatures and times.
const (
	ReasonUnknownKey     Reason = "unknown-key"       // no issuer key with this id
	ReasonKeyExpired     Reason = "key-expired"       // the issuer key's window has ended
	ReasonKeyNotYetValid Reason = "key-not-yet-valid" // the issuer key's window has not begun
	ReasonForged         Reason = "forged-signature"  // the issuer's signature does not verify
	ReasonProofForged    Reason = "proof-forged"      // the holder proof is not by the pass's holder
	ReasonProofOld       Reason = "proof-too-old"     // the proof is older than the window: a photo or screenshot
	ReasonProofFuture    Reason = "proof-future"      // the proof is from beyond the window ahead
	ReasonOtherVenue     Reason = "other-venue"       // the proof was made for another venue
	ReasonVenueRequired  Reason = "venue-required"    // the proof names no venue, and this venue accepts only proofs that name it
	ReasonHolderKey      Reason = "bad-holder-key"    // the pass names a holder key no phone makes (small-order, non-canonical)
	ReasonIIN            Reason = "bad-iin"           // the pass's IIN is not a valid IIN (its check digit fails)
	ReasonReplay         Reason = "replay"            // this very proof was scanned already
	ReasonDenied         Reason = "deny-listed"       // the issuer revoked the pass
)

// Reasons a verified pass's status is not used: the identity is proven, but
// the colour it carries may not be current. The kiosk then asks the
// upstream, then its cache, then the offline policy.
const (
	ReasonStatusExpired Reason = "status-expired" // now is past the status's valid-until
	ReasonStatusChanged Reason = "status-changed" // the status changed since issue; the pass was revoked for it
)

// StatusOnly reports whether r leaves the holder's identity proven and only
// the status untrusted.
func (r Reason) StatusOnly() bool {
	return r == ReasonStatusExpired || r == ReasonStatusChanged
}

// Error is a code that failed, with its reason. Detail is for logs; it never
// holds the IIN or key material.
type Error struct {
	Reason Reason
	Detail string
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return "pass: " + string(e.Reason)
	}
	return fmt.Sprintf("pass: %s: %s", e.Reason, e.Detail)
}

// Is lets errors.Is match an *Error by its reason: errors.Is(err,
// &pass.Error{Reason: pass.ReasonReplay}).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Reason == e.Reason
}

func fail(r Reason, format string, args ...any) *Error {
	return &Error{Reason: r, Detail: fmt.Sprintf(format, args...)}
}
