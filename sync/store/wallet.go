package store

import (
	"context"
	"crypto/subtle"
	"time"
)

// WalletStore serves the visitors' wallet: the one-time enrolment codes an
// operator hands out (one per IIN, kept only as a hash) and what a wallet
// asks about its own pass.
type WalletStore interface {
	// PutEnrolCode stores a new code for c.IIN, replacing any earlier one
	// (used, expired or live): its attempts start again at zero.
	PutEnrolCode(ctx context.Context, c EnrolCode) error
	// RedeemEnrolCode judges hash against the IIN's code with
	// EnrolCode.Judge and stores the outcome, in one transaction: of any
	// number of concurrent redeemers of one code (on any replica), one at
	// most gets RedeemOK.
	RedeemEnrolCode(ctx context.Context, iin string, hash []byte, now time.Time) (Redeem, error)
	// PassRevoked returns why an issued pass is on the deny list (a
	// wire.Deny* reason), "" when it is not; ErrUnknownPass if the pass was
	// never issued.
	PassRevoked(ctx context.Context, id string) (string, error)
}

// EnrolCode is a one-time enrolment code as stored: its hash, never the
// code.
type EnrolCode struct {
	IIN         string    `json:"iin"`
	Hash        []byte    `json:"hash"`
	CreatedAt   time.Time `json:"created_at"`
	ExpiresAt   time.Time `json:"expires_at"`
	MaxAttempts int       `json:"max_attempts"`
	// Attempts counts wrong codes tried for this one; UsedAt is when it
	// was redeemed (zero: not yet).
	Attempts int       `json:"attempts"`
	UsedAt   time.Time `json:"used_at,omitzero"`
}

// RedeemOutcome is what a redemption found.
type RedeemOutcome string

// The outcomes, in the order Judge checks them.
const (
	RedeemNoCode  RedeemOutcome = "no-code"  // no code was ever made for this IIN
	RedeemUsed    RedeemOutcome = "used"     // the right code, already redeemed
	RedeemTooMany RedeemOutcome = "too-many" // the code is void after MaxAttempts wrong tries
	RedeemExpired RedeemOutcome = "expired"  // the right code, past ExpiresAt
	RedeemWrong   RedeemOutcome = "wrong"    // not the code (counted while the code is live)
	RedeemOK      RedeemOutcome = "ok"       // the right, live code: now used
)

// Redeem is a redemption's outcome; AttemptsLeft is set for RedeemWrong on a
// live code.
type Redeem struct {
	Outcome      RedeemOutcome
	AttemptsLeft int
}

// Judge decides a redemption of c with hash at now, and returns c as it
// must be stored afterwards (write reports whether it changed). Both stores
// call it inside their transaction, so they cannot differ. A wrong code is
// counted only against a live code; a used or expired code says so only to
// whoever holds the right code, so a guesser learns nothing from it.
func (c EnrolCode) Judge(hash []byte, now time.Time) (r Redeem, next EnrolCode, write bool) {
	match := len(hash) == len(c.Hash) && subtle.ConstantTimeCompare(hash, c.Hash) == 1
	switch {
	case !c.UsedAt.IsZero() && match:
		return Redeem{Outcome: RedeemUsed}, c, false
	case !c.UsedAt.IsZero():
		return Redeem{Outcome: RedeemWrong}, c, false
	case c.Attempts >= c.MaxAttempts:
		return Redeem{Outcome: RedeemTooMany}, c, false
	case !now.Before(c.ExpiresAt) && match:
		return Redeem{Outcome: RedeemExpired}, c, false
	case !now.Before(c.ExpiresAt):
		return Redeem{Outcome: RedeemWrong}, c, false
	case match:
		c.UsedAt = now.UTC()
		return Redeem{Outcome: RedeemOK}, c, true
	}
	c.Attempts++
	if c.Attempts >= c.MaxAttempts {
		return Redeem{Outcome: RedeemTooMany}, c, true
	}
	return Redeem{Outcome: RedeemWrong, AttemptsLeft: c.MaxAttempts - c.Attempts}, c, true
}
