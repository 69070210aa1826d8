package pass

import (
	"crypto/ed25519"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// The fixed keys and times of the test vectors in docs/pass-format.md:
// Ed25519 seeds are the SHA-256 of a name, and Ed25519 signatures are
// deterministic, so every code below is reproducible byte for byte.
var (
	vecIssuerKey = ed25519.NewKeyFromSeed(seed("ashyq test issuer"))
	vecHolderKey = ed25519.NewKeyFromSeed(seed("ashyq test holder"))
	vecKID       = "a1b2c3d4"
	vecIssued    = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	vecUntil     = vecIssued.Add(24 * time.Hour)
	vecShown     = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	vecIIN       = "900101300017"
)

func seed(name string) []byte {
	s := sha256.Sum256([]byte(name))
	return s[:]
}

// keyring is a Keys and a DenyList in a map.
type keyring struct {
	keys map[string]wire.IssuerKey
	deny map[string]wire.DenyEntry
}

func (k *keyring) IssuerKey(kid string) (wire.IssuerKey, bool) { v, ok := k.keys[kid]; return v, ok }
func (k *keyring) Denied(id string) (wire.DenyEntry, bool)     { v, ok := k.deny[id]; return v, ok }

func newKeyring() *keyring {
	return &keyring{
		keys: map[string]wire.IssuerKey{vecKID: {
			KID: vecKID, Alg: "EdDSA", PublicKey: vecIssuerKey.Public().(ed25519.PublicKey),
			NotBefore: vecIssued.Add(-time.Hour), NotAfter: vecIssued.Add(30 * 24 * time.Hour),
		}},
		deny: map[string]wire.DenyEntry{},
	}
}

// issue makes the vector pass (or one with other claims) and a holder for it.
func issue(t testing.TB, c Claims) ([]byte, string, *Holder) {
	t.Helper()
	is, err := NewIssuer(vecKID, vecIssuerKey)
	if err != nil {
		t.Fatal(err)
	}
	p, id, err := is.Issue(c)
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHolder(p, vecHolderKey)
	if err != nil {
		t.Fatal(err)
	}
	return p, id, h
}

func vecClaims() Claims {
	return Claims{IIN: vecIIN, Status: wire.Green, IssuedAt: vecIssued, ValidUntil: vecUntil,
		Holder: vecHolderKey.Public().(ed25519.PublicKey)}
}

func show(t testing.TB, h *Holder, at time.Time, venue string) string {
	t.Helper()
	s, err := h.Show(at, venue)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
