package upstream

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrInvalidResponse is wrapped by every error about a 2xx answer the client
// could not trust: wrong content type, malformed or oversized JSON, a colour
// that is not a colour, acknowledgements of events that were never sent. It
// is retryable: the events stay pending, and a later answer may be sane.
var ErrInvalidResponse = errors.New("invalid upstream response")

// ErrInvalidArgument is wrapped by errors about the caller's own input (an
// empty venue, a malformed IIN). Such a call never reached the network and
// retrying it cannot help.
var ErrInvalidArgument = errors.New("invalid argument")

// HTTPError is a non-2xx answer from the upstream.
type HTTPError struct {
	StatusCode int
	RetryAfter time.Duration // from the Retry-After header; 0 if absent
	Message    string        // from the JSON error body
	// Reason is the body's one-word reason where the endpoint gives one
	// (a refused enrolment: unknown, used, expired, malformed).
	Reason string
}

// Error reads like "upstream answered 429 Too Many Requests: slow down
// (retry after 5s)"; the message is the server's, cleaned of control
// characters and of the token.
func (e *HTTPError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "upstream answered %d", e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// retryableStatus: 408 and 429 say "not now"; any 5xx is the server's or a
// proxy's trouble. Everything else in 4xx is about the request.
func retryableStatus(code int) bool {
	return code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500
}

// transportError marks a failure below HTTP semantics: the request could not
// be sent, or the answer could not be read completely. Whatever the exact
// cause (refused, reset, timed out, cut short), the same request may work
// later.
type transportError struct{ err error }

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// Retryable reports whether a failed call may succeed later: network errors,
// timeouts, 429, 502, 503 and 504 (and other 5xx). Other 4xx are permanent.
// A cancelled context is not retryable: somebody chose to stop.
func Retryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, ErrInvalidArgument) {
		return false
	}
	var he *HTTPError
	if errors.As(err, &he) {
		return retryableStatus(he.StatusCode)
	}
	var te *transportError
	var ne net.Error
	switch {
	case errors.As(err, &te), errors.As(err, &ne):
		return true
	case errors.Is(err, ErrInvalidResponse), errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return true
	}
	return false
}

// IsAuth reports whether err is the upstream refusing the device token
// (401 or 403): not the fault of any event, and not fixed by waiting.
func IsAuth(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) &&
		(he.StatusCode == http.StatusUnauthorized || he.StatusCode == http.StatusForbidden)
}

// parseRetryAfter reads a Retry-After header: delta seconds or an HTTP date.
// A date is measured against the answer's own Date header when there is
// one, so a wrong device clock does not stretch or cut the wait; otherwise
// against now. Anything unparsable, negative or in the past means 0.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		// Cap before multiplying so a silly value cannot overflow.
		const maxSecs = int64(365 * 24 * 3600)
		return time.Duration(min(secs, maxSecs)) * time.Second
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		now = d
	}
	if wait := at.Sub(now); wait > 0 {
		return wait
	}
	return 0
}
