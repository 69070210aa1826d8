package server

import (
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"
)

// faultInjector rolls the dice for Options.Faults. One seeded generator
// makes a soak run reproducible for a given seed and request order.
type faultInjector struct {
	f Faults

	mu  sync.Mutex // mu guards rng.
	rng *rand.Rand
}

func newFaultInjector(f Faults) *faultInjector {
	return &faultInjector{f: f, rng: rand.New(rand.NewPCG(uint64(f.Seed), 0x61736879712d7376))}
}

// enabled reports whether any fault is configured.
func (fi *faultInjector) enabled() bool {
	f := fi.f
	return f.FailRate > 0 || f.ResetRate > 0 || f.PartialRate > 0 || f.Delay > 0
}

// roll returns true with probability p.
func (fi *faultInjector) roll(p float64) bool {
	if p <= 0 {
		return false
	}
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.rng.Float64() < p
}

// intN returns a number in [0, n).
func (fi *faultInjector) intN(n int) int {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.rng.IntN(n)
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

// resetConn drops the client's connection without an answer. Linger 0 makes
// the kernel send RST, like a crashed server or a flaky middlebox; if the
// connection cannot be hijacked (HTTP/2), the handler is aborted instead,
// which also leaves the client without an answer.
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
