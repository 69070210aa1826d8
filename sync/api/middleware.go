package api

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/peer"
	"github.com/ashyq/kiosk/sync/store"
)

// reqInfo is the per-request state that logRequests puts in the context: the
// token's venue (set by authed, read by the handlers) and what the access log
// line needs from inside the handlers.
type reqInfo struct {
	client     string // the client's address key (peer.Key), through the trusted proxies
	status     int
	device     string
	venue      string // a device token's venue; empty for an operator
	credential string // the credential's public id
	operator   string // an operator credential's id; empty for a device token
	reset      bool   // the connection was dropped on purpose (hijacked: see statusWriter.Hijack)
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

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Hijack hands the connection over, and marks the request as reset in the
// access log and the metrics: the API itself never takes a connection over,
// so whoever does (fault injection) drops it without an answer.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.ri.reset = true
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// NoteOperator names the operator credential a request was served for in
// its access log line (the console checks its credential itself).
func NoteOperator(r *http.Request, id string) { info(r).operator = id }

// LogRequests writes one line per request: method, route pattern (never the
// raw path, which a careless client could fill with an IIN), status,
// duration, device and venue. Bodies and tokens are never logged.
func (a *API) LogRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{client: peer.Key(a.proxies.Client(r))}
		r = r.WithContext(context.WithValue(r.Context(), infoKey, ri))
		defer func() {
			pattern, status := routeStatus(r, ri)
			level := levelFor(ri, pattern)
			if !a.log.Enabled(r.Context(), level) {
				return
			}
			// A refused or failed request's line is sampled: a flood of
			// them is summed up, not written out, so the log keeps what
			// came before it (package logsample).
			if ri.status >= 400 || ri.reset {
				ok, sum := a.refused.Allow(status+" "+pattern, ri.client)
				if sum != nil {
					a.log.LogAttrs(r.Context(), slog.LevelWarn, "refused requests left out of the log (a flood)", sum.Attrs()...)
				}
				if !ok {
					return
				}
			}
			a.log.LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method),
				slog.String("pattern", pattern),
				slog.String("status", status),
				slog.Duration("duration", time.Since(start)),
				slog.String("device", ri.device),
				slog.String("venue", ri.venue),
				slog.String("operator", ri.operator),
				slog.String("client", ri.client),
			)
		}()
		next.ServeHTTP(&statusWriter{ResponseWriter: w, ri: ri}, r)
	})
}

// FlushLog writes the summary of the refused requests left out of the log
// in the current window, if any (at shutdown).
func (a *API) FlushLog() {
	if sum := a.refused.Flush(); sum != nil {
		a.log.LogAttrs(context.Background(), slog.LevelWarn, "refused requests left out of the log (a flood)", sum.Attrs()...)
	}
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
	feeders                   // health systems' feeder credentials
)

// authed checks the bearer token against the kinds allowed, then calls next
// (through Options.Intercept, if set) with the credential in the request's
// reqInfo. An operator credential where only devices are allowed (or the
// reverse) is 403: it is known, but not for this.
func (a *API) authed(allow who, handler http.HandlerFunc) http.Handler {
	var next http.Handler = handler
	if a.intercept != nil {
		next = a.intercept(next)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := backend.Bearer(r.Header.Get("Authorization"))
		ri := info(r)
		c, err := a.b.AuthenticateFrom(r.Context(), ri.client, tok)
		var thr *backend.ThrottledError
		switch {
		case errors.As(err, &thr):
			w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(thr.RetryAfter)))
			writeError(w, http.StatusTooManyRequests, thr.Error())
			return
		case errors.Is(err, store.ErrNotFound):
			w.Header().Set("WWW-Authenticate", `Bearer realm="ashyq"`)
			writeError(w, http.StatusUnauthorized, "missing or unknown bearer token")
			return
		case err != nil:
			a.internalError(w, r, "check credential", err)
			return
		}
		r = r.WithContext(backend.WithActor(r.Context(), c.ID))
		ri.credential = c.ID
		switch {
		case c.Kind == store.KindDevice && allow&devices != 0:
			ri.venue = c.Venue
		case c.Kind == store.KindOperator && allow&operators != 0:
			ri.operator = c.ID
		case c.Kind == store.KindFeeder && allow&feeders != 0:
		case c.Kind == store.KindFeeder:
			writeError(w, http.StatusForbidden, "a feeder credential may only post facts (POST /v1/registry/fhir)")
			return
		case allow == feeders:
			writeError(w, http.StatusForbidden, "this endpoint needs a feeder credential")
			return
		case c.Kind == store.KindOperator:
			writeError(w, http.StatusForbidden, "this endpoint is for device tokens, not operator credentials")
			return
		default:
			writeError(w, http.StatusForbidden, "this endpoint needs an operator credential, not a device token")
			return
		}
		next.ServeHTTP(w, r)
	})
}
