package store

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// IssuerKey is one signing key and its window. NotAfter is zero while the
// key is the current one; a rotation sets it to the end of the grace period.
type IssuerKey struct {
	KID       string    `json:"kid"`
	Seed      []byte    `json:"seed"` // Ed25519 private key seed
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after,omitzero"`
}

// Private is the key's Ed25519 private key.
func (k IssuerKey) Private() ed25519.PrivateKey { return ed25519.NewKeyFromSeed(k.Seed) }

// Public is the key as GET /v1/keys publishes it.
func (k IssuerKey) Public() wire.IssuerKey {
	return wire.IssuerKey{KID: k.KID, Alg: "EdDSA", PublicKey: k.Private().Public().(ed25519.PublicKey),
		NotBefore: k.NotBefore, NotAfter: k.NotAfter}
}

// PassRecord is what the issuer remembers of a pass: enough to revoke it and
// to list it, never the holder's private anything.
type PassRecord struct {
	IIN        string      `json:"iin"`
	KID        string      `json:"kid"`
	Status     wire.Status `json:"status"`
	IssuedAt   time.Time   `json:"issued_at"`
	ValidUntil time.Time   `json:"valid_until"`
	Revoked    string      `json:"revoked,omitempty"` // a wire.Deny* reason
}

// ErrUnknownPass is a pass id the issuer never issued.
var ErrUnknownPass = errors.New("unknown pass")

// ErrNoIssuerKey: the store has no current issuer key (EnsureIssuerKey makes
// one).
var ErrNoIssuerKey = errors.New("no current issuer key")

// DemoKeyID is the demo issuer key's id.
const DemoKeyID = "de300001"

// DemoKeySeed makes the demo issuer key the same in every demo server, so
// `ashyq-server pass --demo` mints passes any demo kiosk accepts. Like the
// demo token it is public: demo mode listens on loopback only.
func DemoKeySeed() []byte {
	s := sha256.Sum256([]byte("ashyq demo issuer key"))
	return s[:]
}

// RandomKey gives k a fresh random seed and key id.
func RandomKey(k *IssuerKey) error {
	var id [4]byte
	k.Seed = make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(id[:]); err != nil {
		return err
	}
	if _, err := rand.Read(k.Seed); err != nil {
		return err
	}
	k.KID = hex.EncodeToString(id[:])
	return nil
}

// KeyRetention is how long after its end a key is still published, so a
// kiosk can tell "expired" from "unknown".
const KeyRetention = 30 * 24 * time.Hour

// CurrentKey is the key new passes are signed with at now, by the rule every
// store and the console apply: the newest key without an end that has begun.
// It returns -1 when no key qualifies.
func CurrentKey(keys []IssuerKey, now time.Time) int {
	current := -1
	for i, k := range keys {
		if k.NotAfter.IsZero() && !k.NotBefore.After(now) && (current < 0 || k.NotBefore.After(keys[current].NotBefore)) {
			current = i
		}
	}
	return current
}
