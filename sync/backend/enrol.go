package backend

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Enrolment codes: how the reference upstream learns that whoever enrols a
// wallet for an IIN is that person (docs/wallet.md). An operator or a health
// worker, who has seen the person's ID, makes a code for the IIN and hands
// it over; the wallet sends it with the IIN. Codes are single use, short
// lived, one per IIN, and EnrolAttempts wrong ones void the code.
const (
	// EnrolCodeDigits is the length of a code: 10^8 codes, and a guesser
	// gets EnrolAttempts tries at one IIN's.
	EnrolCodeDigits = 8
	// EnrolAttempts wrong codes for an IIN void its code.
	EnrolAttempts = 5
	// DefaultEnrolTTL is how long a code lasts unless the operator says.
	DefaultEnrolTTL = time.Hour
	// MaxEnrolTTL bounds what an operator may ask for.
	MaxEnrolTTL = 7 * 24 * time.Hour
)

// IdentityCheck is the hook where an upstream proves that whoever enrols a
// wallet for an IIN is that person. The reference server's is EnrolCodes; a
// deployment replaces it (server.Options.IdentityCheck) with one that checks
// an SMS code sent to the person's phone number on record, or a token from
// the national eGov login. proof is what the wallet sent beside the IIN (the
// code the visitor typed). Prove returns nil when the proof holds, an
// *EnrolError when it does not (its reason reaches the wallet), and any
// other error when the check itself failed.
type IdentityCheck interface {
	Prove(ctx context.Context, person, proof string, now time.Time) error
}

// EnrolError is a refused enrolment: a wire.Enrol* reason the wallet
// translates, and for a wrong code how many tries the code has left (0:
// not said).
type EnrolError struct {
	Reason       string
	AttemptsLeft int
}

func (e *EnrolError) Error() string {
	switch e.Reason {
	case wire.EnrolWrongCode:
		if e.AttemptsLeft > 0 {
			return fmt.Sprintf("this code is not right for this IIN; %d tries left", e.AttemptsLeft)
		}
		return "this code is not right for this IIN"
	case wire.EnrolUsed:
		return "this enrolment code was used already"
	case wire.EnrolExpired:
		return "this enrolment code has expired"
	case wire.EnrolTooMany:
		return "too many wrong codes for this IIN: the code is void, ask for a new one"
	}
	return "enrolment refused: " + e.Reason
}

// EnrolCodes is the reference IdentityCheck: one-time codes in the store.
type EnrolCodes struct{ St store.WalletStore }

// Prove redeems proof as iin's code.
func (c EnrolCodes) Prove(ctx context.Context, person, proof string, now time.Time) error {
	r, err := c.St.RedeemEnrolCode(ctx, person, HashEnrolCode(person, proof), now)
	if err != nil {
		return fmt.Errorf("enrolment code: %w", err)
	}
	switch r.Outcome {
	case store.RedeemOK:
		return nil
	case store.RedeemUsed:
		return &EnrolError{Reason: wire.EnrolUsed}
	case store.RedeemExpired:
		return &EnrolError{Reason: wire.EnrolExpired}
	case store.RedeemTooMany:
		return &EnrolError{Reason: wire.EnrolTooMany}
	}
	return &EnrolError{Reason: wire.EnrolWrongCode, AttemptsLeft: r.AttemptsLeft}
}

// HashEnrolCode is what the store keeps of a code: SHA-256 over a context,
// the IIN and the code's digits, so one IIN's code is no other's.
func HashEnrolCode(person, code string) []byte {
	h := sha256.New()
	h.Write([]byte("ashyq enrolment code\x00"))
	h.Write([]byte(person))
	h.Write([]byte{0})
	h.Write([]byte(NormalizeEnrolCode(code)))
	return h.Sum(nil)
}

// NormalizeEnrolCode drops the spaces and dashes a person types between
// digit groups.
func NormalizeEnrolCode(code string) string {
	out := make([]byte, 0, len(code))
	for i := 0; i < len(code) && len(out) <= 64; i++ {
		if c := code[i]; c != ' ' && c != '-' {
			out = append(out, c)
		}
	}
	return string(out)
}

// FormatEnrolCode writes a code in two groups of four, as it is handed out.
func FormatEnrolCode(code string) string {
	if len(code) != EnrolCodeDigits {
		return code
	}
	return code[:4] + " " + code[4:]
}

// NewEnrolCode makes a one-time enrolment code for iin, valid for ttl (0:
// DefaultEnrolTTL), replacing the IIN's earlier code. Only its hash is kept.
func (b *Backend) NewEnrolCode(ctx context.Context, person string, ttl time.Duration) (wire.EnrolCode, error) {
	if err := iin.Validate(person); err != nil {
		return wire.EnrolCode{}, invalid(err) // the error masks the IIN
	}
	switch {
	case ttl == 0:
		ttl = DefaultEnrolTTL
	case ttl < time.Minute || ttl > MaxEnrolTTL:
		return wire.EnrolCode{}, invalid(fmt.Errorf("an enrolment code lasts from 1m to %s, not %s", MaxEnrolTTL, ttl))
	}
	n, err := rand.Int(rand.Reader, big.NewInt(100_000_000))
	if err != nil {
		return wire.EnrolCode{}, err
	}
	code := fmt.Sprintf("%0*d", EnrolCodeDigits, n.Int64())
	now := b.now().UTC()
	c := store.EnrolCode{IIN: person, Hash: HashEnrolCode(person, code), CreatedAt: now, ExpiresAt: now.Add(ttl),
		MaxAttempts: EnrolAttempts}
	if err := b.st.PutEnrolCode(ctx, c); err != nil {
		return wire.EnrolCode{}, fmt.Errorf("store enrolment code: %w", err)
	}
	b.log.Info("enrolment code made", "iin", iin.Mask(person), "expires", c.ExpiresAt)
	return wire.EnrolCode{Code: FormatEnrolCode(code), ExpiresAt: c.ExpiresAt, Attempts: EnrolAttempts}, nil
}

// ErrBadHolderKey: the key a wallet sent is not an Ed25519 public key.
var ErrBadHolderKey = errors.New("holder_key must be an Ed25519 public key a key generator makes")
