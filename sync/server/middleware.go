package server

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// reqInfo is the per-request state that logRequests puts in the context: the
// token's venue (set by authed, read by the handlers) and what the access log
// line needs from inside the handlers.
type reqInfo struct {
	status     int
	device     string
	venue      string
	reset      bool // the connection was dropped on purpose
	resetAfter bool // /v1/events: drop the connection after storing
}

type ctxKey int

const infoKey ctxKey = 0

func info(r *http.Request) *reqInfo {
	if ri, ok := r.Context().Value(infoKey).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{} // handler called without logRequests, e.g. in a unit test
}

// tokenVenue is the venue the request's token belongs to, set by authed.
func tokenVenue(r *http.Request) string { return info(r).venue }

// statusWriter remembers the status code for the access log.
type statusWriter struct {
	http.ResponseWriter
	ri *reqInfo
}

func (w *statusWriter) WriteHeader(code int) {
	if w.ri.status == 0 {
		w.ri.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.ri.status == 0 {
		w.ri.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection for resets.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one line per request: method, route pattern (never the
// raw path, which a careless client could fill with an IIN), status,
// duration, device and venue. Bodies and tokens are never logged.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{}
		r = r.WithContext(context.WithValue(r.Context(), infoKey, ri))
		defer func() {
			pattern := r.Pattern
			if pattern == "" {
				pattern = "unmatched"
			}
			status := strconv.Itoa(ri.status)
			if ri.reset {
				status = "reset"
			}
			s.log.LogAttrs(r.Context(), levelFor(ri), "request",
				slog.String("method", r.Method),
				slog.String("pattern", pattern),
				slog.String("status", status),
				slog.Duration("duration", time.Since(start)),
				slog.String("device", ri.device),
				slog.String("venue", ri.venue),
			)
		}()
		next.ServeHTTP(&statusWriter{ResponseWriter: w, ri: ri}, r)
	})
}

// authed checks the bearer token, then applies the configured faults, then
// calls next with the token's venue in the request's reqInfo.
func (s *Server) authed(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		venue, ok := s.venueForToken(r.Header.Get("Authorization"))
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ashyq"`)
			writeError(w, http.StatusUnauthorized, "missing or unknown bearer token")
			return
		}
		ri := info(r)
		ri.venue = venue
		if !s.injectFaults(w, r, ri) {
			return
		}
		next(w, r)
	})
}

// venueForToken maps an Authorization header to a venue. The comparison is
// constant-time over every token so response timing does not leak a prefix.
func (s *Server) venueForToken(header string) (string, bool) {
	scheme, tok, found := strings.Cut(header, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	if tok == "" {
		return "", false
	}
	venue, ok := "", false
	for t, v := range s.tokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(tok)) == 1 {
			venue, ok = v, true
		}
	}
	return venue, ok
}

// injectFaults applies Options.Faults to an authenticated request and
// reports whether the handler should still run.
func (s *Server) injectFaults(w http.ResponseWriter, r *http.Request, ri *reqInfo) bool {
	fi := s.faults
	if !fi.enabled() {
		return true
	}
	if d := fi.f.Delay; d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return false
		}
	}
	if fi.roll(fi.f.FailRate) {
		if fi.f.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(fi.f.RetryAfter)))
		}
		writeError(w, http.StatusServiceUnavailable, "injected failure: try again later")
		return false
	}
	if fi.roll(fi.f.ResetRate) {
		// For a batch, half the resets happen after the batch is stored:
		// the client never hears that it was, and must resend it.
		if r.Pattern == patEvents && fi.roll(0.5) {
			ri.resetAfter = true
			return true
		}
		ri.reset = true
		resetConn(w)
		return false
	}
	return true
}
