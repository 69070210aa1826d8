package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/wire"
)

// from sends one authenticated request from a client address, as the
// (trusted, loopback) reverse proxy in front of the server names it.
func from(h http.Handler, client, token, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.RemoteAddr = "127.0.0.1:40000" // the proxy
	req.Header.Set("X-Forwarded-For", client)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// 1,000 wrong credentials in a row from one client used to get 1,000 plain
// 401s. Now the client is slowed to one try every AuthFailEvery after a
// burst, told when to come back (429 + Retry-After), and its guesses are
// not even checked meanwhile; a real kiosk behind the same address (a
// venue's NAT) keeps working, another client is not touched, and the block
// is a security event.
func TestFailedAuthenticationIsThrottledPerClient(t *testing.T) {
	clock := newTestClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	e := newEnv(t, Options{Now: clock.now})
	h := e.srv.HandlerWithConsole()
	const nat, other = "198.51.100.7", "203.0.113.9"
	path := "/v1/venues/" + venueA + "/occupancy"
	if rec := from(h, nat, tokA, path); rec.Code != http.StatusOK { // the kiosk, before the attack
		t.Fatalf("the kiosk: %d", rec.Code)
	}
	codes := map[int]int{}
	for i := range 1000 {
		rec := from(h, nat, fmt.Sprintf("guess-%04d-%s", i, "x"), path)
		codes[rec.Code]++
		if rec.Code == http.StatusTooManyRequests {
			if s, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || s < 1 || s > 60 {
				t.Fatalf("429 with Retry-After %q", rec.Header().Get("Retry-After"))
			}
		}
	}
	if codes[http.StatusUnauthorized] != backend.AuthFailBurst || codes[http.StatusTooManyRequests] != 1000-backend.AuthFailBurst {
		t.Errorf("1,000 wrong credentials: %v, want %d 401 then 429", codes, backend.AuthFailBurst)
	}
	// The kiosk behind the same address is still served.
	if rec := from(h, nat, tokA, path); rec.Code != http.StatusOK {
		t.Errorf("the kiosk behind the blocked address: %d", rec.Code)
	}
	// Another client is not touched; a client faking its own
	// X-Forwarded-For does not reach through the proxy's.
	if rec := from(h, other, "wrong-"+other, path); rec.Code != http.StatusUnauthorized {
		t.Errorf("another client: %d", rec.Code)
	}
	if rec := from(h, "203.0.113.50, "+nat, "wrong-again", path); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a client prefixing another address: %d", rec.Code)
	}
	// The right token, guessed during the block, is not even checked.
	if rec := from(h, nat, tokB, "/v1/venues/"+venueB+"/occupancy"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a token never seen from anywhere, during the block: %d", rec.Code)
	}
	// One more try after AuthFailEvery.
	clock.add(backend.AuthFailEvery)
	if rec := from(h, nat, "one-more-guess", path); rec.Code != http.StatusUnauthorized {
		t.Errorf("after AuthFailEvery: %d", rec.Code)
	}
	// The block is a security event, in the audit trail.
	entries, _, err := e.srv.Backend().Audit(context.Background(), audit.Query{Kind: string(backend.EventAuthBlocked)}, false, "test")
	if err != nil || len(entries) != 1 {
		t.Fatalf("auth blocked events: %+v, %v", entries, err)
	}
}

// The open health check names its device with the token when one is sent:
// random tokens there are failed authentications too (each would cost a
// store query), while the answer stays the same 200 for everyone.
func TestHealthTokensAreThrottledToo(t *testing.T) {
	e := newEnv(t, Options{})
	h := e.srv.HandlerWithConsole()
	for i := range backend.AuthFailBurst + 5 {
		req := httptest.NewRequest("GET", "/v1/health", nil)
		req.RemoteAddr = "198.51.100.8:5000"
		req.Header.Set("Authorization", fmt.Sprintf("Bearer random-%d", i))
		req.Header.Set(wire.DeviceHeader, "door-1")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("health %d: %d", i, rec.Code)
		}
	}
	if rec := from(h, "198.51.100.8", "another-guess", "/v1/venues/"+venueA+"/occupancy"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("after random tokens on the health check: %d", rec.Code)
	}
}
