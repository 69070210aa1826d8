// Package upstream is the kiosk's HTTP client for the upstream API v1
// (docs/api.md): status lookups, event batches, occupancy and health.
//
// Every call is one request with the device token as a bearer token (except
// Health, which is public). The client never retries by itself: it reports
// what happened precisely enough for the caller to decide. A non-2xx answer
// is an *HTTPError carrying the status code, the server's message and its
// Retry-After; Retryable sorts any error of this package into "may succeed
// later" (network trouble, timeouts, 429, 5xx) and "will never succeed"
// (other 4xx, a cancelled context, invalid arguments).
//
// Answers are read through a size limit and checked before they are
// returned (a colour must be a colour, an acknowledged id must belong to the
// batch), so a confused proxy or server cannot make the kiosk forget events
// it never delivered. The token never appears in an error.
//
// The client follows no redirect (ErrRedirected, redirect.go): a 3xx answer
// is an error naming where it pointed, because following it would carry the
// token and the IINs to an address nobody configured.
package upstream
