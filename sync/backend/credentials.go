package backend

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Secrets are 32 random bytes, base64url, behind a prefix that says what they
// are (so a leaked one is recognised, and a device token pasted into the
// console login is refused with a clear message). With 256 bits of entropy a
// single SHA-256 is the right hash: nothing to brute-force, and a lookup by
// hash compares no secret byte by byte.
const (
	DevicePrefix   = "ashyq_d_" // a device token's
	OperatorPrefix = "ashyq_o_" // an operator credential's
	FeederPrefix   = "ashyq_f_" // a feeder credential's (a health system posting facts)
	OwnerPrefix    = "ashyq_v_" // a venue owner's (the owner's pages)
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
func NewSecret(kind store.CredentialKind, venue, label string, now time.Time) (secret string, c store.Credential, err error) {
	if kind == store.KindDevice || kind == store.KindOwner {
		if err := CheckVenueName(venue); err != nil {
			return "", store.Credential{}, invalid(err)
		}
	}
	if len(label) > maxLabelBytes {
		return "", store.Credential{}, invalid(fmt.Errorf("label has %d bytes; at most %d", len(label), maxLabelBytes))
	}
	if p := wire.TextProblem(label); p != "" {
		return "", store.Credential{}, invalid(fmt.Errorf("label %s", p))
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", store.Credential{}, fmt.Errorf("random secret: %w", err)
	}
	prefix := DevicePrefix
	switch kind {
	case store.KindOperator:
		prefix, venue = OperatorPrefix, ""
	case store.KindFeeder:
		prefix, venue = FeederPrefix, ""
	case store.KindOwner:
		prefix = OwnerPrefix
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(raw[:])
	return secret, NewCredential(kind, secret, venue, label, now), nil
}

// NewCredential is the stored form of a given secret. Its public id is the
// kind's letter and the first 6 bytes of the hash (store.ShortHash):
// stable, short, and useless for guessing the secret.
func NewCredential(kind store.CredentialKind, secret, venue, label string, now time.Time) store.Credential {
	h := sha256.Sum256([]byte(secret))
	return store.Credential{
		ID:      store.IDPrefix(kind) + store.ShortHash(h[:]),
		Kind:    kind,
		Hash:    h,
		Venue:   venue,
		Label:   label,
		Created: now.UTC(),
	}
}

// CheckVenueName refuses an empty or oversized venue name, text no store
// keeps the same way, and control characters (a venue name reaches logs and
// the console).
func CheckVenueName(v string) error {
	if v == "" {
		return errors.New("venue name is empty")
	}
	if len(v) > maxVenueBytes {
		return fmt.Errorf("venue name has %d bytes; at most %d", len(v), maxVenueBytes)
	}
	if p := wire.TextProblem(v); p != "" {
		return fmt.Errorf("venue %s", p)
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
	st     store.CredentialStore
	static map[[sha256.Size]byte]store.Credential
	now    func() time.Time

	mu    sync.Mutex // mu guards cache.
	cache map[[sha256.Size]byte]cachedCred
}

type cachedCred struct {
	c       store.Credential
	expires time.Time
}

func newAuthenticator(st store.CredentialStore, static []store.Credential, now func() time.Time) *authenticator {
	a := &authenticator{st: st, static: map[[sha256.Size]byte]store.Credential{}, now: now, cache: map[[sha256.Size]byte]cachedCred{}}
	for _, c := range static {
		a.static[c.Hash] = c
	}
	return a
}

// lookup returns the live credential for secret; ErrNotFound if none.
func (a *authenticator) lookup(ctx context.Context, secret string) (store.Credential, error) {
	return a.lookupHash(ctx, sha256.Sum256([]byte(secret)))
}

// lookupHash returns the live credential whose secret has hash h.
func (a *authenticator) lookupHash(ctx context.Context, h [sha256.Size]byte) (store.Credential, error) {
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
		return store.Credential{}, err
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

// Bearer returns the token of an Authorization header, "" if there is none.
func Bearer(header string) string {
	scheme, tok, found := strings.Cut(header, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

// maxSecretBytes bounds a presented secret: a longer one is nobody's.
const maxSecretBytes = 512

// Authenticate returns the live credential for a presented secret;
// store.ErrNotFound for none, an empty or an unknown one.
func (b *Backend) Authenticate(ctx context.Context, secret string) (store.Credential, error) {
	if secret == "" || len(secret) > maxSecretBytes {
		return store.Credential{}, store.ErrNotFound
	}
	return b.auth.lookup(ctx, secret)
}

// AddCredential makes a new secret of kind, stores its hash (creating the
// venue of a device token if it is new) and returns the secret, shown to
// the operator once and never stored.
func (b *Backend) AddCredential(ctx context.Context, kind store.CredentialKind, venue, label string) (string, store.Credential, error) {
	now := b.now()
	secret, c, err := NewSecret(kind, venue, label, now)
	if err != nil {
		return "", store.Credential{}, err
	}
	if kind == store.KindDevice || kind == store.KindOwner {
		if err := b.ensureVenue(ctx, store.Venue{Name: venue, Created: now.UTC()}); err != nil {
			return "", store.Credential{}, fmt.Errorf("create venue: %w", err)
		}
	}
	if err := b.st.PutCredential(ctx, c); err != nil {
		return "", store.Credential{}, fmt.Errorf("store credential: %w", err)
	}
	detail := string(kind)
	if venue != "" {
		detail += " for venue " + venue
	}
	if label != "" {
		detail += ", label " + label
	}
	b.Security(ctx, SecurityEvent{Kind: EventCredentialAdded, Subject: c.ID, Detail: detail})
	return secret, c, nil
}

// RevokeCredential revokes a credential now; store.ErrNotFound if no
// credential has this id. This replica forgets it at once, the others
// within their cache time.
func (b *Backend) RevokeCredential(ctx context.Context, id string) error {
	if err := b.st.RevokeCredential(ctx, id, b.now().UTC()); err != nil {
		return err
	}
	b.auth.forget(id)
	b.Security(ctx, SecurityEvent{Kind: EventCredentialRevoked, Subject: id})
	return nil
}

// ConfiguredCredentials lists the credentials of kind kept in memory, not
// in the store: --token, --token-file and the demo's (the console listed
// only the store's, and said "none" with the demo operator logged in).
// They end when the server restarts without them, not by revocation.
func (b *Backend) ConfiguredCredentials(kind store.CredentialKind) []store.CredentialInfo {
	var out []store.CredentialInfo
	for _, c := range b.auth.static {
		if c.Kind == kind {
			out = append(out, c.Info())
		}
	}
	slices.SortFunc(out, func(x, y store.CredentialInfo) int { return strings.Compare(x.ID, y.ID) })
	return out
}

// Credentials lists every credential of a kind, revoked ones too, ordered
// by creation, without their hashes.
func (b *Backend) Credentials(ctx context.Context, kind store.CredentialKind) ([]store.CredentialInfo, error) {
	cs, err := b.st.Credentials(ctx, kind)
	out := make([]store.CredentialInfo, len(cs))
	for i, c := range cs {
		out[i] = c.Info()
	}
	return out, err
}
