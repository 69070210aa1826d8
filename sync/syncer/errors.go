package syncer

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/ashyq/kiosk/sync/upstream"
)

// errNoProgress: the upstream answered 2xx but named none of the batch. It
// is not an error of any event; the batch is sent again after a backoff so
// a server that keeps doing it is not hammered.
var errNoProgress = errors.New("upstream processed none of the batch")

// storageError wraps an outbox failure, to tell it from upstream trouble.
type storageError struct{ err error }

func (e *storageError) Error() string { return e.err.Error() }
func (e *storageError) Unwrap() error { return e.err }

// ErrTokenRefused is what Flush wraps when the upstream answers 401 or 403:
// waiting will not help until somebody fixes the device token.
var ErrTokenRefused = errors.New("upstream refused the device token")

// contentRefused reports whether an HTTP answer blames the batch's content,
// which splitting can isolate. Other 4xx (404, 405, ...) blame the kiosk's
// configuration, and would dead-letter good events if treated the same.
func contentRefused(err error) (*upstream.HTTPError, bool) {
	var he *upstream.HTTPError
	if !errors.As(err, &he) {
		return nil, false
	}
	switch he.StatusCode {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
		return he, true
	}
	return nil, false
}

// transient reports whether waiting may fix err.
func transient(err error) bool {
	return upstream.Retryable(err) || errors.Is(err, errNoProgress)
}

// offline reports whether err means the upstream cannot be reached or is
// broken (network, timeout, 5xx, nonsense answers), as opposed to an answer
// that proves it is up (4xx).
func offline(err error) bool {
	var he *upstream.HTTPError
	if errors.As(err, &he) {
		return he.StatusCode >= 500
	}
	return upstream.Retryable(err)
}

// networkFailure reports whether err is about reaching the upstream at all,
// rather than an answer it gave.
func networkFailure(err error) bool {
	var he *upstream.HTTPError
	return !errors.As(err, &he) && !errors.Is(err, upstream.ErrInvalidResponse) && upstream.Retryable(err)
}

// describe turns an error into the short line the idle screen shows.
func describe(err error) string {
	var he *upstream.HTTPError
	var se *storageError
	var dns *net.DNSError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &se):
		return "outbox: " + se.err.Error()
	case upstream.IsAuth(err):
		return ErrTokenRefused.Error()
	case errors.As(err, &he) && he.StatusCode == http.StatusTooManyRequests:
		return "upstream is busy (429)"
	case errors.As(err, &he) && he.StatusCode >= 500:
		return fmt.Sprintf("upstream error (%d)", he.StatusCode)
	case errors.As(err, &he):
		return fmt.Sprintf("upstream refused the request (%d)", he.StatusCode)
	case errors.Is(err, errNoProgress):
		return errNoProgress.Error()
	case errors.Is(err, upstream.ErrInvalidResponse):
		return "upstream sent an invalid answer"
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return "upstream timed out"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "upstream unreachable (connection refused)"
	case errors.As(err, &dns):
		return "upstream unreachable (name lookup failed)"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection to upstream dropped"
	}
	return "upstream unreachable"
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// backoff is the wait before attempt number failures+1 after err. A
// server's Retry-After wins; a refusal that waiting will not fix waits the
// longest; otherwise the wait is drawn uniformly between min and an
// exponentially growing ceiling ("full jitter"), so many kiosks coming back
// after an outage do not all knock at once.
func backoff(err error, failures int, minWait, maxWait time.Duration) time.Duration {
	var he *upstream.HTTPError
	if errors.As(err, &he) && he.RetryAfter > 0 {
		return min(he.RetryAfter, maxRetryAfter)
	}
	var se *storageError
	if !transient(err) && !errors.As(err, &se) {
		return maxWait
	}
	ceiling := maxWait
	if shift := failures - 1; shift < 40 {
		if c := minWait << max(shift, 0); c > 0 && c < maxWait {
			ceiling = c
		}
	}
	if ceiling <= minWait {
		return minWait
	}
	return minWait + rand.N(ceiling-minWait+1)
}
