package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/console"
	"github.com/ashyq/kiosk/sync/store"
)

// sessionCookie is the session cookie a login answer set, or nil.
func sessionCookie(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == console.CookieName && c.MaxAge > 0 {
			return c
		}
	}
	return nil
}

// withSession GETs a console page with a session id and returns the code.
func (e *env) withSession(path, id string) int {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
	req.Header.Set("Cookie", console.CookieName+"="+id)
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// logout posts the logout form with a session id and a CSRF token.
func (e *env) logout(id, csrf string) int {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.ts.URL+"/ui/logout", strings.NewReader(url.Values{"csrf": {csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", console.CookieName+"="+id)
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// csrfOf reads the logout form's CSRF token from a page.
func (e *env) csrfOf(id string) string {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.ts.URL+"/ui/", nil)
	req.Header.Set("Cookie", console.CookieName+"="+id)
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 64<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	_, rest, ok := strings.Cut(b.String(), `name="csrf" value="`)
	if !ok {
		e.t.Fatalf("no CSRF field on the page:\n%s", b.String())
	}
	tok, _, _ := strings.Cut(rest, `"`)
	return tok
}

// The console's cookie used to be the operator credential itself: it worked
// as a bearer token on the admin API, and logging out could not invalidate
// it. Now it is a server-side session: a random id, stored hashed in the
// store every replica shares, ended by logout, by expiry and idleness, and
// with its credential; every form carries a CSRF token.
func TestConsoleSessions(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		clock := newTestClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
		e := newEnv(t, Options{Now: clock.now, Operators: map[string]string{opSecret: "ops"}})
		resp, _ := e.login(opSecret, nil)
		c := sessionCookie(resp)
		if resp.StatusCode != http.StatusSeeOther || c == nil {
			t.Fatalf("login: %d, cookies %v", resp.StatusCode, resp.Cookies())
		}
		if c.Value == opSecret || !strings.HasPrefix(c.Value, backend.SessionPrefix) || strings.Contains(c.Value, opSecret) {
			t.Errorf("the cookie is not a session id: %q", c.Value)
		}
		if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/ui/" || c.Secure {
			t.Errorf("cookie attributes on plain HTTP: %+v", c)
		}
		id := c.Value
		if code := e.withSession("/ui/credentials", id); code != http.StatusOK {
			t.Fatalf("a page with the session: %d", code)
		}
		// The cookie is no credential anywhere else, and the credential
		// is no cookie.
		if code, _ := e.call("GET", "/v1/admin/venues", id, nil); code != http.StatusUnauthorized {
			t.Errorf("the session id as a bearer token on the admin API: %d", code)
		}
		if code := e.withSession("/ui/", opSecret); code != http.StatusSeeOther {
			t.Errorf("the credential as the cookie: %d", code)
		}
		// Logout needs the form's CSRF token; then the session is over
		// on the server, whatever the browser kept.
		csrf := e.csrfOf(id)
		if code := e.logout(id, "forged"); code != http.StatusForbidden {
			t.Errorf("logout with a wrong CSRF token: %d", code)
		}
		if code := e.withSession("/ui/", id); code != http.StatusOK {
			t.Fatalf("the session after a refused logout: %d", code)
		}
		if code := e.logout(id, csrf); code != http.StatusSeeOther {
			t.Errorf("logout: %d", code)
		}
		if code := e.withSession("/ui/", id); code != http.StatusSeeOther {
			t.Errorf("the session replayed after logout: %d", code)
		}

		// A credential revoked (on the store, as `operators revoke` does)
		// ends its sessions at once.
		secret, cred, err := e.srv.Backend().AddCredential(context.Background(), store.KindOperator, "", "second")
		if err != nil {
			t.Fatal(err)
		}
		resp, _ = e.login(secret, nil)
		id2 := sessionCookie(resp).Value
		if code := e.withSession("/ui/", id2); code != http.StatusOK {
			t.Fatalf("second operator: %d", code)
		}
		if err := e.srv.Backend().RevokeCredential(context.Background(), cred.ID); err != nil {
			t.Fatal(err)
		}
		if code := e.withSession("/ui/", id2); code != http.StatusSeeOther {
			t.Errorf("the session of a revoked credential: %d", code)
		}

		// Idle for SessionIdle, or older than SessionLifetime: over.
		resp, _ = e.login(opSecret, nil)
		id3 := sessionCookie(resp).Value
		clock.add(backend.SessionIdle - time.Minute)
		if code := e.withSession("/ui/", id3); code != http.StatusOK {
			t.Fatalf("used again before the idle limit: %d", code)
		}
		for range 10 { // used every 90 minutes: never idle, but 12 h is the end
			clock.add(90 * time.Minute)
			e.withSession("/ui/", id3)
		}
		if code := e.withSession("/ui/", id3); code != http.StatusSeeOther {
			t.Errorf("a session older than its lifetime: %d", code)
		}
		resp, _ = e.login(opSecret, nil)
		id4 := sessionCookie(resp).Value
		clock.add(backend.SessionIdle)
		if code := e.withSession("/ui/", id4); code != http.StatusSeeOther {
			t.Errorf("a session idle for %s: %d", backend.SessionIdle, code)
		}

		// The login form needs its own CSRF token (cookie and field).
		resp, _ = e.login(opSecret, func(r *http.Request) { r.Header.Del("Cookie") })
		if resp.StatusCode != http.StatusForbidden || sessionCookie(resp) != nil {
			t.Errorf("a login without the form's cookie: %d", resp.StatusCode)
		}
		resp, _ = e.login(opSecret, func(r *http.Request) {
			r.Body = http.NoBody
			r.ContentLength = 0
		})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("a login without the form's field: %d", resp.StatusCode)
		}
	})
}

// Behind a TLS proxy the cookie is Secure: the server knows from the
// proxies it trusts (--trusted-proxy, loopback by default) and their
// X-Forwarded-Proto, or from its own TLS; a client not among them cannot
// claim it; --secure-cookies marks it always.
func TestSessionCookieSecure(t *testing.T) {
	https := func(r *http.Request) { r.Header.Set("X-Forwarded-Proto", "https") }
	e := newEnv(t, Options{Operators: map[string]string{opSecret: "ops"}})
	if resp, _ := e.login(opSecret, https); sessionCookie(resp) == nil || !sessionCookie(resp).Secure {
		t.Errorf("behind a trusted TLS proxy: %+v", sessionCookie(resp))
	}
	untrusted := newEnv(t, Options{Operators: map[string]string{opSecret: "ops"}, TrustedProxies: []string{"none"}})
	if resp, _ := untrusted.login(opSecret, https); sessionCookie(resp) == nil || sessionCookie(resp).Secure {
		t.Errorf("X-Forwarded-Proto from a client that is no trusted proxy: %+v", sessionCookie(resp))
	}
	always := newEnv(t, Options{Operators: map[string]string{opSecret: "ops"}, SecureCookies: true})
	if resp, _ := always.login(opSecret, nil); sessionCookie(resp) == nil || !sessionCookie(resp).Secure {
		t.Errorf("with SecureCookies: %+v", sessionCookie(resp))
	}
	// The server's own TLS.
	srv, err := Open(Options{DataDir: t.TempDir(), Operators: map[string]string{opSecret: "ops"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewTLSServer(srv.HandlerWithConsole())
	defer ts.Close()
	tlsEnv := &env{t: t, srv: srv, ts: ts}
	saved := noRedirect.Transport
	noRedirect.Transport = ts.Client().Transport
	defer func() { noRedirect.Transport = saved }()
	if resp, _ := tlsEnv.login(opSecret, nil); sessionCookie(resp) == nil || !sessionCookie(resp).Secure {
		t.Errorf("over the server's own TLS: %+v", sessionCookie(resp))
	}
}

// Failed logins are throttled like any authentication: 429 with
// Retry-After, and the form says when to come back.
func TestLoginThrottled(t *testing.T) {
	e := newEnv(t, Options{Operators: map[string]string{opSecret: "ops"}})
	var last *http.Response
	var body string
	for range backend.AuthFailBurst + 3 {
		last, body = e.login("not-the-operator-secret-at-all", nil)
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" ||
		!strings.Contains(body, "Too many failed logins") {
		t.Errorf("after %d failed logins: %d %q", backend.AuthFailBurst+3, last.StatusCode, last.Header.Get("Retry-After"))
	}
}

// Sessions are shared by replicas on PostgreSQL: a login at one replica
// opens the other's pages, and a logout at the other ends it at the first.
func TestSessionsAcrossReplicas(t *testing.T) {
	url := pgURL(t)
	one := newEnvOn(t, url, Options{Operators: map[string]string{opSecret: "ops"}})
	two := newEnvOn(t, url, Options{Operators: map[string]string{opSecret: "ops"}})
	resp, _ := one.login(opSecret, nil)
	id := sessionCookie(resp).Value
	if code := two.withSession("/ui/", id); code != http.StatusOK {
		t.Fatalf("replica two with replica one's session: %d", code)
	}
	if code := two.logout(id, two.csrfOf(id)); code != http.StatusSeeOther {
		t.Fatalf("logout at replica two: %d", code)
	}
	if code := one.withSession("/ui/", id); code != http.StatusSeeOther {
		t.Errorf("replica one after the logout at replica two: %d", code)
	}
}
