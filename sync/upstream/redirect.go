package upstream

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// ErrRedirected is wrapped by the error for a 3xx answer. The kiosk follows
// no redirect: every request carries the device token or the device's
// name, and a status lookup or an event batch carries IINs, which a
// redirect would hand to whatever address it names (Go's client re-sends a
// 307/308 body anywhere, and the token to any port of the same host). The
// upstream's address is configuration (upstream.url), and only the
// installer changes it. Like an invalid answer it is retryable: the events
// stay pending until the address is put right.
var ErrRedirected = fmt.Errorf("%w: the upstream redirected the request, and the kiosk follows no redirects", ErrInvalidResponse)

// refuseRedirect is every Client's CheckRedirect: the 3xx answer itself is
// returned, and call turns it into an ErrRedirected error.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// redirected is the error for a 3xx answer: it names the code and where it
// pointed (scheme, host and path only, bounded, IINs masked), so the installer can fix
// upstream.url.
func redirected(resp *http.Response) error {
	where := "nowhere"
	if loc, err := resp.Location(); err == nil {
		where = safetext.Clean((&url.URL{Scheme: loc.Scheme, Host: loc.Host, Path: loc.Path}).String(), 100)
	} else if !errors.Is(err, http.ErrNoLocation) {
		where = "an unreadable address"
	}
	return fmt.Errorf("%w: %d %s to %s; set upstream.url to the address that answers", ErrRedirected,
		resp.StatusCode, http.StatusText(resp.StatusCode), where)
}
