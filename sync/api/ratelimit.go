package api

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Status lookups per device token. A door serves a visitor every couple of
// seconds at its busiest, and a few doors may share a token: 20 a second
// with bursts of 100 is ten such doors flat out, while one token can no
// longer read anyone's status at 2,450 a second. Each replica limits on its
// own, so N replicas behind a balancer allow up to N times as much.
const (
	LookupRate  rate.Limit = 20
	LookupBurst int        = 100
	// maxLimiters bounds the map; tokens are authenticated, so only the
	// venue's own credentials fill it. Past it, it starts afresh.
	maxLimiters = 10000
)

// lookupLimiter holds one token bucket per credential id.
type lookupLimiter struct {
	mu sync.Mutex // mu guards everything below.
	m  map[string]*rate.Limiter
}

func newLookupLimiter() *lookupLimiter {
	return &lookupLimiter{m: map[string]*rate.Limiter{}}
}

// allow takes one lookup from cred's bucket at now; when the bucket is
// empty it returns false and how long until the next lookup is allowed.
func (l *lookupLimiter) allow(cred string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	lim, ok := l.m[cred]
	if !ok {
		if len(l.m) >= maxLimiters {
			clear(l.m)
		}
		lim = rate.NewLimiter(LookupRate, LookupBurst)
		l.m[cred] = lim
	}
	l.mu.Unlock()
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// retryAfterSeconds is the Retry-After header value for a delay: whole
// seconds, rounded up, so a client never retries before the server asked.
func retryAfterSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	if s < 1 {
		s = 1
	}
	return s
}
