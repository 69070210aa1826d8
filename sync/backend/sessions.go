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
	"time"

	"github.com/ashyq/kiosk/sync/store"
)

// Web sessions, for the operator's console and any other page a person logs
// in to (an owner's, limited to a venue). The browser holds a random session
// id, never a credential: the credential is typed once, at the login, and
// the id it buys is stored only as its SHA-256, in the store every replica
// shares. A session ends at logout, after SessionLifetime, after SessionIdle
// without a request, and with its credential (revoking one ends its
// sessions in the same transaction, and every request re-checks it).
const (
	// SessionPrefix starts every session id, so a leaked one is known for
	// what it is; it is no credential anywhere.
	SessionPrefix = "ashyq_s_"
	// SessionLifetime is how long a session lasts at most.
	SessionLifetime = 12 * time.Hour
	// SessionIdle ends a session not used for this long.
	SessionIdle = 2 * time.Hour
	// sessionTouchEvery is how stale LastSeen may be before a request
	// writes it again: one write per session per few minutes.
	sessionTouchEvery = 5 * time.Minute
	// sessionIDBytes is the session id's entropy.
	sessionIDBytes = 32
)

// ErrNoSession is a session id that opens nothing: unknown, ended, expired,
// idle too long, or its credential revoked.
var ErrNoSession = errors.New("no live session")

// WrongKindError refuses a login with a live credential of a kind the page
// does not take (a device token at the operator's console).
type WrongKindError struct{ Kind store.CredentialKind }

func (e *WrongKindError) Error() string {
	return fmt.Sprintf("a %s credential cannot log in here", e.Kind)
}

// SessionID hashes a session id as the store keeps it; false when id
// cannot be one.
func sessionHash(id string) ([sha256.Size]byte, bool) {
	if !strings.HasPrefix(id, SessionPrefix) || len(id) != len(SessionPrefix)+base64.RawURLEncoding.EncodedLen(sessionIDBytes) {
		return [sha256.Size]byte{}, false
	}
	return sha256.Sum256([]byte(id)), true
}

// StartSession logs in with a presented secret from client (a peer.Key):
// the credential must be live and of one of kinds. Failures are throttled
// like every authentication (a *ThrottledError). It returns the session id,
// which only the browser keeps, and the session.
func (b *Backend) StartSession(ctx context.Context, client, secret string, kinds ...store.CredentialKind) (string, store.Session, error) {
	c, err := b.AuthenticateFrom(ctx, client, secret)
	if err != nil {
		return "", store.Session{}, err
	}
	if !slices.Contains(kinds, c.Kind) {
		return "", store.Session{}, &WrongKindError{Kind: c.Kind}
	}
	var raw [sessionIDBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", store.Session{}, fmt.Errorf("session id: %w", err)
	}
	id := SessionPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	now := b.now().UTC()
	s := store.Session{Hash: sha256.Sum256([]byte(id)), Credential: c.ID, CredentialHash: c.Hash, Kind: c.Kind, Venue: c.Venue,
		Created: now, Expires: now.Add(SessionLifetime), LastSeen: now, Client: client}
	if err := b.st.PutSession(ctx, s); err != nil {
		return "", store.Session{}, fmt.Errorf("store session: %w", err)
	}
	if _, err := b.st.DeleteExpiredSessions(ctx, now); err != nil { // now and then is enough
		b.log.Warn("remove expired sessions", "error", err.Error())
	}
	b.Security(ctx, SecurityEvent{Kind: EventLogin, Actor: c.ID, Client: client, Subject: sessionLabel(s),
		Detail: fmt.Sprintf("%s session until %s", c.Kind, s.Expires.Format(time.RFC3339))})
	return id, s, nil
}

// sessionLabel names a session in the audit trail without giving it away:
// the first bytes of its hash.
func sessionLabel(s store.Session) string { return "session " + store.ShortHash(s.Hash[:]) }

// CheckSession returns the live session a session id opens and its
// credential; ErrNoSession when it opens none (a session found expired,
// idle too long, or with its credential revoked is ended on the way).
func (b *Backend) CheckSession(ctx context.Context, id string) (store.Session, store.Credential, error) {
	hash, ok := sessionHash(id)
	if !ok {
		return store.Session{}, store.Credential{}, ErrNoSession
	}
	s, err := b.st.Session(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return store.Session{}, store.Credential{}, ErrNoSession
	}
	if err != nil {
		return store.Session{}, store.Credential{}, fmt.Errorf("read session: %w", err)
	}
	now := b.now().UTC()
	end := func(why string) (store.Session, store.Credential, error) {
		if err := b.st.DeleteSession(ctx, hash); err != nil {
			b.log.Warn("end session", "error", err.Error())
		}
		b.Security(ctx, SecurityEvent{Kind: EventSessionEnded, Actor: s.Credential, Subject: sessionLabel(s), Detail: why})
		return store.Session{}, store.Credential{}, ErrNoSession
	}
	switch {
	case !now.Before(s.Expires):
		return end("expired")
	case now.Sub(s.LastSeen) >= SessionIdle:
		return end("idle for " + SessionIdle.String())
	}
	c, err := b.auth.lookupHash(ctx, s.CredentialHash)
	switch {
	case errors.Is(err, store.ErrNotFound) || err == nil && c.ID != s.Credential:
		return end("its credential was revoked")
	case err != nil:
		return store.Session{}, store.Credential{}, fmt.Errorf("check the session's credential: %w", err)
	}
	if now.Sub(s.LastSeen) >= sessionTouchEvery {
		if err := b.st.TouchSession(ctx, hash, now); err != nil && !errors.Is(err, store.ErrNotFound) {
			b.log.Warn("touch session", "error", err.Error())
		}
		s.LastSeen = now
	}
	return s, c, nil
}

// EndSession ends the session a session id opens (a logout); an id that
// opens none is no error.
func (b *Backend) EndSession(ctx context.Context, id string) error {
	hash, ok := sessionHash(id)
	if !ok {
		return nil
	}
	s, err := b.st.Session(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read session: %w", err)
	}
	if err := b.st.DeleteSession(ctx, hash); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	b.Security(ctx, SecurityEvent{Kind: EventLogout, Actor: s.Credential, Subject: sessionLabel(s)})
	return nil
}

// Sessions lists the live sessions of a credential (every one for ""),
// newest first.
func (b *Backend) Sessions(ctx context.Context, credential string) ([]store.Session, error) {
	return b.st.Sessions(ctx, credential, b.now(), 200)
}
