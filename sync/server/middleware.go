package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// reqInfo is the per-request state that logRequests puts in the context: the
// token's venue (set by authed, read by the handlers) and what the access log
// line needs from inside the handlers.
type reqInfo struct {
	status     int
	device     string
	venue      string // a device token's venue; empty for an operator
	credential string // the credential's public id
	operator   string // an operator credential's id; empty for a device token
	reset      bool   // the connection was dropped on purpose
	resetAfter bool   // /v1/events: drop the connection after storing
}

type ctxKey int

const infoKey ctxKey = 0

func info(r *http.Request) *reqInfo {
	if ri, ok := r.Context().Value(infoKey).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{} // handler called without logRequests, e.g. in a unit test
}

// tokenVenue is the venue the request's device token belongs to, set by
// authed; empty for an operator.
func tokenVenue(r *http.Request) string { return info(r).venue }

// isOperator reports whether the request carries an operator credential.
func isOperator(r *http.Request) bool { return info(r).operator != "" }

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
			pattern, status := routeStatus(r, ri)
			s.log.LogAttrs(r.Context(), levelFor(ri, pattern), "request",
				slog.String("method", r.Method),
				slog.String("pattern", pattern),
				slog.String("status", status),
				slog.Duration("duration", time.Since(start)),
				slog.String("device", ri.device),
				slog.String("venue", ri.venue),
				slog.String("operator", ri.operator),
			)
		}()
		next.ServeHTTP(&statusWriter{ResponseWriter: w, ri: ri}, r)
	})
}

// routeStatus names a served request for the access log and the metrics:
// its route pattern (never the raw path) and its status code, or "reset"
// for a connection dropped on purpose.
func routeStatus(r *http.Request, ri *reqInfo) (route, status string) {
	route, status = r.Pattern, strconv.Itoa(ri.status)
	if route == "" {
		route = "unmatched"
	}
	if ri.reset {
		status = "reset"
	}
	return route, status
}

// who says which credentials an endpoint takes.
type who int

const (
	devices   who = 1 << iota // device tokens
	operators                 // operator credentials
)

// authed checks the bearer token against the kinds allowed, then applies the
// configured faults, then calls next with the credential in the request's
// reqInfo. An operator credential where only devices are allowed (or the
// reverse) is 403: it is known, but not for this.
func (s *Server) authed(allow who, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := bearer(r.Header.Get("Authorization"))
		c, err := s.credential(r, tok)
		if err != nil {
			if !errors.Is(err, ErrNotFound) {
				s.internalError(w, r, "check credential", err)
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="ashyq"`)
			writeError(w, http.StatusUnauthorized, "missing or unknown bearer token")
			return
		}
		ri := info(r)
		ri.credential = c.ID
		switch {
		case c.Kind == KindDevice && allow&devices != 0:
			ri.venue = c.Venue
		case c.Kind == KindOperator && allow&operators != 0:
			ri.operator = c.ID
		case c.Kind == KindOperator:
			writeError(w, http.StatusForbidden, "this endpoint is for device tokens, not operator credentials")
			return
		default:
			writeError(w, http.StatusForbidden, "this endpoint needs an operator credential, not a device token")
			return
		}
		if !s.injectFaults(w, r, ri) {
			return
		}
		next(w, r)
	})
}

// credential returns the live credential for a presented secret;
// ErrNotFound for none, an empty or an unknown one.
func (s *Server) credential(r *http.Request, secret string) (Credential, error) {
	if secret == "" || len(secret) > 512 {
		return Credential{}, ErrNotFound
	}
	return s.auth.lookup(r.Context(), secret)
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
