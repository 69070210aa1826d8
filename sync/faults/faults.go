// Package faults makes an upstream misbehave on purpose, for tests and soak
// runs: answers delayed, refused with 503, connections dropped before or
// after a batch is stored, batches stored only in part. It is a wrapper
// around a handler (the API applies it to authenticated requests once their
// credential is checked, see api.Options.Intercept), so the real request
// path holds no fault code.
package faults

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// Faults say how to misbehave.
type Faults struct {
	FailRate    float64       // share of authenticated requests answered 503
	ResetRate   float64       // share of requests whose connection is dropped
	Delay       time.Duration // added to every authenticated request
	PartialRate float64       // share of batches of which only a prefix is stored and acknowledged
	RetryAfter  time.Duration // Retry-After sent with injected 503s
	Seed        int64         // seeds the dice; the same seed and request order repeat a run
}

// Validate rejects rates outside [0, 1] and negative durations.
func (f Faults) Validate() error {
	for name, r := range map[string]float64{"fail rate": f.FailRate, "reset rate": f.ResetRate, "partial rate": f.PartialRate} {
		if r < 0 || r > 1 {
			return fmt.Errorf("%s %v is not between 0 and 1", name, r)
		}
	}
	if f.Delay < 0 || f.RetryAfter < 0 {
		return errors.New("fault delay and retry-after must not be negative")
	}
	return nil
}

// Enabled reports whether any fault is configured.
func (f Faults) Enabled() bool {
	return f.FailRate > 0 || f.ResetRate > 0 || f.PartialRate > 0 || f.Delay > 0
}

// eventsPattern is the route of event batches, the only one whose requests
// are stored in part or dropped after storing.
const eventsPattern = "POST /v1/events"

// maxBatchBytes bounds the batch body read to store it in part (above the
// API's own limit, which then answers for the rest).
const maxBatchBytes = 8 << 20

// Injector rolls the dice. One seeded generator makes a soak run
// reproducible for a given seed and request order.
type Injector struct {
	f Faults

	mu  sync.Mutex // mu guards rng.
	rng *rand.Rand
}

// New returns an injector for f.
func New(f Faults) *Injector {
	return &Injector{f: f, rng: rand.New(rand.NewPCG(uint64(f.Seed), 0x61736879712d7376))}
}

// Wrap applies the faults to every request next serves.
func (fi *Injector) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := fi.f.Delay; d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		if fi.roll(fi.f.FailRate) {
			if fi.f.RetryAfter > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(fi.f.RetryAfter)))
			}
			h := w.Header()
			h.Set("Content-Type", "application/json")
			h.Set("Cache-Control", "no-store")
			h.Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(http.StatusServiceUnavailable)
			_ = json.NewEncoder(w).Encode(wire.ErrorBody{Error: "injected failure: try again later"})
			return
		}
		events := r.Pattern == eventsPattern
		if fi.roll(fi.f.ResetRate) {
			// For a batch, half the resets happen after the batch is
			// stored: the client never hears that it was, and must resend
			// it.
			if !events || !fi.roll(0.5) {
				resetConn(w)
				return
			}
			fi.partial(r)
			next.ServeHTTP(discard{header: http.Header{}}, r)
			resetConn(w)
			return
		}
		if events {
			fi.partial(r)
		}
		next.ServeHTTP(w, r)
	})
}

// partial cuts a batch's events to a random prefix at PartialRate: only
// those are processed and listed, and the client must resend the rest
// because they are in none of the result lists. A body that does not
// decode is left for the API to refuse.
func (fi *Injector) partial(r *http.Request) {
	if fi.f.PartialRate <= 0 {
		return
	}
	body := r.Body
	data, err := io.ReadAll(io.LimitReader(body, maxBatchBytes))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(data), body), body}
	if err != nil || len(data) == maxBatchBytes {
		return
	}
	var b wire.EventBatch
	if json.Unmarshal(data, &b) != nil {
		return
	}
	if !fi.roll(fi.f.PartialRate) || len(b.Events) == 0 {
		return
	}
	b.Events = b.Events[:fi.intN(len(b.Events))]
	cut, err := json.Marshal(b)
	if err != nil {
		return
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{bytes.NewReader(cut), body}
	r.ContentLength = int64(len(cut))
}

// roll returns true with probability p.
func (fi *Injector) roll(p float64) bool {
	if p <= 0 {
		return false
	}
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.rng.Float64() < p
}

// intN returns a number in [0, n).
func (fi *Injector) intN(n int) int {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.rng.IntN(n)
}

// discard is the answer nobody will hear: the connection is dropped after
// the handler ran.
type discard struct{ header http.Header }

func (d discard) Header() http.Header       { return d.header }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}

// retryAfterSeconds is the Retry-After header value for a delay: whole
// seconds, rounded up, so a client never retries before the server asked.
func retryAfterSeconds(d time.Duration) int {
	return max(int((d+time.Second-1)/time.Second), 1)
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
