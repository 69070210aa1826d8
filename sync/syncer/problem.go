package syncer

import (
	"context"
	"errors"
	"net"
	"net/http"
	"syscall"

	"github.com/ashyq/kiosk/sync/upstream"
)

// classify names the problem behind err, with the HTTP status code when an
// answer carried one. It sorts the same cases as describe, which words them
// for the log.
func classify(err error) (Problem, int) {
	var he *upstream.HTTPError
	var se *storageError
	var dns *net.DNSError
	switch {
	case err == nil:
		return ProblemNone, 0
	case errors.As(err, &se):
		return ProblemOutboxUnreadable, 0
	case errors.As(err, &he):
		switch {
		case upstream.IsAuth(err):
			return ProblemTokenRefused, he.StatusCode
		case he.StatusCode == http.StatusTooManyRequests:
			return ProblemBusy, he.StatusCode
		case he.StatusCode >= 500:
			return ProblemServerError, he.StatusCode
		}
		return ProblemRefusedBatch, he.StatusCode
	case errors.Is(err, errNoProgress), errors.Is(err, upstream.ErrInvalidResponse):
		return ProblemBadAnswer, 0
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return ProblemTimeout, 0
	case errors.Is(err, syscall.ECONNREFUSED):
		return ProblemConnRefused, 0
	case errors.As(err, &dns):
		return ProblemDNS, 0
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return ProblemReset, 0
	}
	return ProblemUnreachable, 0
}

// linkAfter is what an error says about the link: a refused token, an
// upstream that cannot be reached or is broken, or one that answered (a
// 4xx, or a 2xx that named nothing, proves it is there).
func linkAfter(err error) Link {
	switch {
	case upstream.IsAuth(err):
		return LinkTokenRefused
	case offline(err):
		return LinkOffline
	}
	return LinkOnline
}
