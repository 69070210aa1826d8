package backend

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/store"
)

// Failed authentication is throttled per client (a client key: an IPv4
// address, or an IPv6 /64; see package peer). Each client may fail
// AuthFailBurst times in a row, then once every AuthFailEvery; past that,
// its requests are refused (ThrottledError, an HTTP 429 with Retry-After)
// without the secret being checked, so guessing goes no faster than that
// however fast the requests come.
//
// A client behind the same address as an attacker (a kiosk behind a venue's
// NAT, an office's operators) is not locked out with it: a secret that
// authenticated successfully within the last day is still checked while its
// address is blocked, and served if it is still good. What a blocked
// address cannot do is try a secret it has never succeeded with; a new
// kiosk there waits out the block (at most AuthFailEvery once the attack
// stops). Each replica throttles by itself: behind a balancer that spreads
// one client over N replicas, it may fail N times as often.
const (
	AuthFailBurst = 20
	AuthFailEvery = 6 * time.Second
	// goodFor is how long a secret that authenticated stays known as good.
	goodFor = 24 * time.Hour
	// maxClients and maxGood bound the throttle's memory; past them the
	// entries that would change nothing go first.
	maxClients = 100_000
	maxGood    = 200_000
)

// ThrottledError refuses an authentication because the client failed too
// often; RetryAfter is when it may try again.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed authentications from this address: try again in %s", e.RetryAfter.Round(time.Second))
}

// throttle keeps, per client, how many failures it may still make, and
// which secrets authenticated lately.
type throttle struct {
	mu      sync.Mutex // guards everything below
	clients map[string]*allowance
	good    map[[sha256.Size]byte]time.Time
	swept   time.Time
}

// allowance is a token bucket of failures: tokens left at a time.
type allowance struct {
	tokens  float64
	at      time.Time
	blocked bool // the last failure emptied it (logged once per block)
}

func newThrottle() *throttle {
	return &throttle{clients: map[string]*allowance{}, good: map[[sha256.Size]byte]time.Time{}}
}

// refill brings a's tokens to now.
func (a *allowance) refill(now time.Time) {
	a.tokens = min(float64(AuthFailBurst), a.tokens+now.Sub(a.at).Seconds()/AuthFailEvery.Seconds())
	a.at = now
}

// wait reports how long client must wait before a failure is allowed
// again; 0 when it may try now.
func (t *throttle) wait(client string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.clients[client]
	if a == nil {
		return 0
	}
	a.refill(now)
	if a.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - a.tokens) * float64(AuthFailEvery))
}

// fail counts a failure of client; it reports true when this failure
// started a block (to be logged once).
func (t *throttle) fail(client string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sweep(now)
	a := t.clients[client]
	if a == nil {
		a = &allowance{tokens: AuthFailBurst, at: now}
		t.clients[client] = a
	}
	a.refill(now)
	a.tokens = max(a.tokens-1, 0)
	if a.tokens < 1 && !a.blocked {
		a.blocked = true
		return true
	}
	if a.tokens >= 1 {
		a.blocked = false
	}
	return false
}

// succeeded remembers a secret that authenticated.
func (t *throttle) succeeded(h [sha256.Size]byte, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if last, ok := t.good[h]; ok && now.Sub(last) < time.Minute {
		return
	}
	t.sweep(now)
	if len(t.good) >= maxGood {
		for k := range t.good { // random order: as good as any
			delete(t.good, k)
			break
		}
	}
	t.good[h] = now
}

// knownGood reports whether a secret authenticated within goodFor.
func (t *throttle) knownGood(h [sha256.Size]byte, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	at, ok := t.good[h]
	return ok && now.Sub(at) < goodFor
}

// sweep drops clients whose allowance is full again and secrets not seen
// for goodFor, once a minute, or at once when a map is full. mu held.
func (t *throttle) sweep(now time.Time) {
	if now.Sub(t.swept) < time.Minute && len(t.clients) < maxClients {
		return
	}
	t.swept = now
	for k, a := range t.clients {
		if a.refill(now); a.tokens >= AuthFailBurst {
			delete(t.clients, k)
		}
	}
	for len(t.clients) >= maxClients { // a spread attack: forget some
		for k := range t.clients {
			delete(t.clients, k)
			break
		}
	}
	for h, at := range t.good {
		if now.Sub(at) >= goodFor {
			delete(t.good, h)
		}
	}
}

// AuthenticateFrom is Authenticate for a request from client (a key from
// peer.Key), throttling failures: a *ThrottledError while the client has
// failed too often, unless the secret authenticated lately. An empty
// secret is no attempt and is not counted.
func (b *Backend) AuthenticateFrom(ctx context.Context, client, secret string) (store.Credential, error) {
	now := b.now()
	h := sha256.Sum256([]byte(secret))
	if wait := b.throttle.wait(client, now); wait > 0 && !b.throttle.knownGood(h, now) {
		return store.Credential{}, &ThrottledError{RetryAfter: wait}
	}
	c, err := b.Authenticate(ctx, secret)
	switch {
	case err == nil:
		b.throttle.succeeded(h, now)
	case errors.Is(err, store.ErrNotFound) && secret != "":
		if b.throttle.fail(client, now) {
			b.Security(ctx, SecurityEvent{Kind: EventAuthBlocked, Client: client,
				Detail: fmt.Sprintf("%d failed authentications: further tries refused for %s each", AuthFailBurst, AuthFailEvery)})
		}
	}
	return c, err
}
