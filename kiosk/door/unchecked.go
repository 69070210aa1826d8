package door

import (
	"errors"
	"net/http"

	"github.com/ashyq/kiosk/sync/upstream"
)

// Unchecked says why nobody could check a person: what kept the online
// lookup from answering. The screens word it and tell staff what to do.
type Unchecked string

// Why a person is unchecked.
const (
	// UncheckedUnreachable: the upstream did not answer (down, slow, the
	// link dead, or the breaker open after such a failure).
	UncheckedUnreachable Unchecked = "unreachable"
	// UncheckedTokenRefused: the upstream refused this device's token.
	UncheckedTokenRefused Unchecked = "token-refused"
	// UncheckedUpstreamError: the upstream answered with an error or an
	// answer that could not be used.
	UncheckedUpstreamError Unchecked = "upstream-error"
	// UncheckedNotAsked: the upstream was not asked (`check --offline`).
	UncheckedNotAsked Unchecked = "not-asked"
)

// uncheckedBy names why a failed lookup gave no answer.
func uncheckedBy(err error) Unchecked {
	var he *upstream.HTTPError
	switch {
	case errors.As(err, &he) && (he.StatusCode == http.StatusUnauthorized || he.StatusCode == http.StatusForbidden):
		return UncheckedTokenRefused
	case errors.As(err, &he), errors.Is(err, upstream.ErrInvalidResponse), errors.Is(err, upstream.ErrInvalidArgument):
		return UncheckedUpstreamError
	}
	return UncheckedUnreachable
}
