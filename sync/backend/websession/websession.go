// Package websession is what every web face that people log in to (the
// operator's console, the owners' pages) does with its sessions: the
// session cookie, the login and logout, who the request is, and CSRF
// tokens for its forms. The sessions themselves live in the backend
// (backend.StartSession, CheckSession, EndSession), in the store every
// replica shares.
//
// The cookie holds a random session id, never a credential: HttpOnly,
// SameSite=Strict, limited to the face's Path, and Secure whenever the
// client's connection is TLS, at this server or at a reverse proxy it
// trusts (peer.Proxies, X-Forwarded-Proto), or always with AlwaysSecure.
//
// Every state-changing form carries a CSRF token in a hidden field named
// FieldName: for a logged-in person an HMAC of their session id (CSRFToken;
// it changes with the session, and a page of another site can neither read
// nor make it); for the login form, where there is no session yet, a
// random token in a short-lived cookie of its own that the form must repeat
// (LoginToken, CheckLogin). On top, a form posted from another site, as the
// browser tells (Sec-Fetch-Site, Origin), is refused (SameOrigin).
package websession

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/peer"
	"github.com/ashyq/kiosk/sync/store"
)

// FieldName is the hidden form field that carries the CSRF token.
const FieldName = "csrf"

// loginTokenLife is how long a login form's CSRF cookie lasts.
const loginTokenLife = time.Hour

// Config says how one face uses sessions.
type Config struct {
	// CookieName is the session cookie ("ashyq_session" for the console);
	// each face has its own, so logging out of one leaves the other.
	CookieName string
	// Path is the face's path ("/ui/"): the cookies go nowhere else.
	Path string
	// Kinds are the credentials that may log in (store.KindOperator for
	// the console; an owner's kind, bound to a venue, for owners' pages).
	Kinds []store.CredentialKind
	// Proxies say when a request came over TLS at a reverse proxy.
	Proxies peer.Proxies
	// AlwaysSecure marks the cookies Secure even on a plain connection
	// (a proxy that does not send X-Forwarded-Proto).
	AlwaysSecure bool
}

// Manager handles one face's sessions. Safe for concurrent use.
type Manager struct {
	b   *backend.Backend
	cfg Config
}

// New returns the manager of one face's sessions over b.
func New(b *backend.Backend, cfg Config) *Manager { return &Manager{b: b, cfg: cfg} }

// Who is the person a request is from: their session, its credential, and
// the session id (to derive the CSRF token from).
type Who struct {
	Session    store.Session
	Credential store.Credential
	id         string
}

// Venue is the venue a venue-bound credential may see; "" for an operator.
func (w Who) Venue() string { return w.Session.Venue }

// Current returns who the request is from, by its session cookie;
// backend.ErrNoSession when it has none that is live.
func (m *Manager) Current(r *http.Request) (Who, error) {
	c, err := r.Cookie(m.cfg.CookieName)
	if err != nil {
		return Who{}, backend.ErrNoSession
	}
	s, cred, err := m.b.CheckSession(r.Context(), c.Value)
	if err != nil {
		return Who{}, err
	}
	// A session opens only the faces its kind logs in to: an owner's
	// session id put in the console's cookie opens nothing there.
	if !slices.Contains(m.cfg.Kinds, cred.Kind) || !slices.Contains(m.cfg.Kinds, s.Kind) {
		return Who{}, backend.ErrNoSession
	}
	return Who{Session: s, Credential: cred, id: c.Value}, nil
}

// Login starts a session for a secret typed into the login form and sets
// the cookie. Errors: *backend.ThrottledError, *backend.WrongKindError,
// store.ErrNotFound (an unknown or revoked secret), or the store's.
func (m *Manager) Login(w http.ResponseWriter, r *http.Request, client, secret string) (Who, error) {
	id, s, err := m.b.StartSession(r.Context(), client, secret, m.cfg.Kinds...)
	if err != nil {
		return Who{}, err
	}
	m.setCookie(w, r, m.cfg.CookieName, id, int(backend.SessionLifetime.Seconds()))
	m.setCookie(w, r, loginCookie(m.cfg.CookieName), "", -1) // the login form's token is spent
	return Who{Session: s, id: id}, nil
}

// Logout ends the request's session, if it is one of this face's, and
// clears the cookie: another face's session id put in this face's cookie
// is not ended here.
func (m *Manager) Logout(w http.ResponseWriter, r *http.Request) error {
	m.setCookie(w, r, m.cfg.CookieName, "", -1)
	if who, err := m.Current(r); err == nil {
		return m.b.EndSession(context.WithoutCancel(r.Context()), who.id)
	}
	return nil
}

// HandleLogout serves a logout form's POST for a page that logs in with
// this Manager: a session's form must carry its CSRF token (a cross-site
// post cannot end the session), then the session ends and the browser goes
// to loginPath. headers sets the page's own security headers on the
// refusal. The error is the store's, for the caller's log.
func (m *Manager) HandleLogout(w http.ResponseWriter, r *http.Request, headers func(http.ResponseWriter), loginPath string) error {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	who, err := m.Current(r)
	if err == nil && !who.CheckCSRF(r) {
		headers(w)
		http.Error(w, "this form expired or was posted from another site: reload the page", http.StatusForbidden)
		return nil
	}
	err = m.Logout(w, r)
	http.Redirect(w, r, loginPath, http.StatusSeeOther)
	return err
}

func (m *Manager) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: m.cfg.Path, MaxAge: maxAge, HttpOnly: true,
		Secure: m.Secure(r), SameSite: http.SameSiteStrictMode})
}

// Secure reports whether the request's cookies are marked Secure.
func (m *Manager) Secure(r *http.Request) bool { return m.cfg.AlwaysSecure || m.cfg.Proxies.Secure(r) }

// CSRFToken is the token the forms of a logged-in page carry.
func (w Who) CSRFToken() string {
	mac := hmac.New(sha256.New, []byte(w.id))
	mac.Write([]byte("ashyq csrf v1"))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// CheckCSRF reports whether a logged-in request's form carries its token
// and comes from this site.
func (w Who) CheckCSRF(r *http.Request) bool {
	got := r.PostFormValue(FieldName)
	return SameOrigin(r) && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(w.CSRFToken())) == 1
}

func loginCookie(name string) string { return name + "_login" }

// LoginToken returns the CSRF token for a login form, setting (or keeping)
// the short-lived cookie the form's post must match.
func (m *Manager) LoginToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(loginCookie(m.cfg.CookieName)); err == nil && len(c.Value) == 43 {
		return c.Value
	}
	var raw [32]byte
	_, _ = rand.Read(raw[:])
	tok := base64.RawURLEncoding.EncodeToString(raw[:])
	m.setCookie(w, r, loginCookie(m.cfg.CookieName), tok, int(loginTokenLife.Seconds()))
	return tok
}

// CheckLogin reports whether a login form's post repeats its cookie's
// token and comes from this site.
func (m *Manager) CheckLogin(r *http.Request) bool {
	c, err := r.Cookie(loginCookie(m.cfg.CookieName))
	if err != nil || len(c.Value) != 43 {
		return false
	}
	got := r.PostFormValue(FieldName)
	return SameOrigin(r) && subtle.ConstantTimeCompare([]byte(got), []byte(c.Value)) == 1
}

// SameOrigin refuses a form posted from another site, as the browser tells
// it: Sec-Fetch-Site where the browser sends it, else Origin. A client that
// sends neither is not a browser, and carries no cookie it did not set.
func SameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

// IsNoSession reports whether err means "log in first".
func IsNoSession(err error) bool { return errors.Is(err, backend.ErrNoSession) }
