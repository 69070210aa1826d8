package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Secrets are 32 random bytes, base64url, behind a prefix that says what they
// are (so a leaked one is recognised, and a device token pasted into the
// console login is refused with a clear message). With 256 bits of entropy a
// single SHA-256 is the right hash: nothing to brute-force, and a lookup by
// hash compares no secret byte by byte.
const (
	devicePrefix   = "ashyq_d_"
	operatorPrefix = "ashyq_o_"
	// credCacheTTL is how long a replica trusts a credential it looked up;
	// a revocation reaches every other replica within it.
	credCacheTTL = 5 * time.Second
	// credCacheMax bounds the cache; when full it starts afresh.
	credCacheMax = 10000
	// maxVenueBytes bounds a venue name (it is a key in both stores).
	maxVenueBytes = 128
	// maxLabelBytes bounds a credential's label.
	maxLabelBytes = 200
)

// NewSecret returns a fresh secret of kind and its stored form (without the
// secret). The secret is shown to the operator once and never stored.
func NewSecret(kind CredentialKind, venue, label string, now time.Time) (secret string, c Credential, err error) {
	if kind == KindDevice {
		if err := checkVenueName(venue); err != nil {
			return "", Credential{}, err
		}
	}
	if len(label) > maxLabelBytes {
		return "", Credential{}, fmt.Errorf("label has %d bytes; at most %d", len(label), maxLabelBytes)
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", Credential{}, fmt.Errorf("random secret: %w", err)
	}
	prefix := devicePrefix
	if kind == KindOperator {
		prefix = operatorPrefix
		venue = ""
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(raw[:])
	return secret, newCredential(kind, secret, venue, label, now), nil
}

// newCredential is the stored form of a given secret. Its public id is the
// kind's letter and the first 6 bytes of the hash: stable, short, and
// useless for guessing the secret.
func newCredential(kind CredentialKind, secret, venue, label string, now time.Time) Credential {
	h := sha256.Sum256([]byte(secret))
	return Credential{
		ID:      string(kind[0]) + "-" + hex.EncodeToString(h[:6]),
		Kind:    kind,
		Hash:    h,
		Venue:   venue,
		Label:   label,
		Created: now.UTC(),
	}
}

// checkVenueName refuses an empty or oversized venue name, and control
// characters (a venue name reaches logs and the console).
func checkVenueName(v string) error {
	if v == "" {
		return errors.New("venue name is empty")
	}
	if len(v) > maxVenueBytes {
		return fmt.Errorf("venue name has %d bytes; at most %d", len(v), maxVenueBytes)
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '/' }) {
		return errors.New("venue name must not contain control characters or '/'")
	}
	return nil
}

// authenticator maps a presented secret to its credential: first the secrets
// given in Options (config flags, the demo), then a short-lived cache, then
// the store, so a token added by `ashyq-server tokens add` on any replica
// works at once and a revoked one stops within credCacheTTL everywhere.
type authenticator struct {
	st     CredentialStore
	static map[[sha256.Size]byte]Credential
	now    func() time.Time

	mu    sync.Mutex // mu guards cache.
	cache map[[sha256.Size]byte]cachedCred
}

type cachedCred struct {
	c       Credential
	expires time.Time
}

func newAuthenticator(st CredentialStore, static []Credential, now func() time.Time) *authenticator {
	a := &authenticator{st: st, static: map[[sha256.Size]byte]Credential{}, now: now, cache: map[[sha256.Size]byte]cachedCred{}}
	for _, c := range static {
		a.static[c.Hash] = c
	}
	return a
}

// lookup returns the live credential for secret; ErrNotFound if none.
func (a *authenticator) lookup(ctx context.Context, secret string) (Credential, error) {
	h := sha256.Sum256([]byte(secret))
	if c, ok := a.static[h]; ok {
		return c, nil
	}
	now := a.now()
	a.mu.Lock()
	cc, ok := a.cache[h]
	a.mu.Unlock()
	if ok && now.Before(cc.expires) {
		return cc.c, nil
	}
	c, err := a.st.CredentialByHash(ctx, h)
	if err != nil {
		return Credential{}, err
	}
	a.mu.Lock()
	if len(a.cache) >= credCacheMax {
		clear(a.cache)
	}
	a.cache[h] = cachedCred{c: c, expires: now.Add(credCacheTTL)}
	a.mu.Unlock()
	return c, nil
}

// forget drops a credential from this replica's cache (after revoking it).
func (a *authenticator) forget(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for h, cc := range a.cache {
		if cc.c.ID == id {
			delete(a.cache, h)
		}
	}
}

// bearer returns the token of an Authorization header, "" if there is none.
func bearer(header string) string {
	scheme, tok, found := strings.Cut(header, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}
