// Package upstream is the kiosk's HTTP client for the upstream API v1
// (docs/api.md): status lookups, event batches, occupancy and health.
//
// CONTRACT SKELETON: the signatures below are fixed (other packages compile
// against them); the bodies are being written.
package upstream

import (
	"context"
	"net/http"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// HTTPError is a non-2xx answer from the upstream.
type HTTPError struct {
	StatusCode int
	RetryAfter time.Duration // from the Retry-After header; 0 if absent
	Message    string        // from the JSON error body
}

func (e *HTTPError) Error() string { panic("upstream: not implemented yet") }

// Retryable reports whether a failed call may succeed later: network errors,
// timeouts, 429, 502, 503 and 504 (and other 5xx). Other 4xx are permanent.
func Retryable(err error) bool { panic("upstream: not implemented yet") }

// Client talks to one upstream with one device token. Safe for concurrent use.
type Client struct{}

// New makes a client for baseURL (for example "http://127.0.0.1:8080").
// hc may be nil for a default with sensible timeouts.
func New(baseURL, token string, hc *http.Client) (*Client, error) {
	panic("upstream: not implemented yet")
}

// Status looks up the status of an IIN (POST /v1/status).
func (c *Client) Status(ctx context.Context, iin string) (wire.StatusResponse, error) {
	panic("upstream: not implemented yet")
}

// SendEvents posts a batch (POST /v1/events).
func (c *Client) SendEvents(ctx context.Context, b wire.EventBatch) (wire.BatchResult, error) {
	panic("upstream: not implemented yet")
}

// Occupancy reads a venue's head count (GET /v1/venues/{venue}/occupancy).
func (c *Client) Occupancy(ctx context.Context, venue string) (wire.Occupancy, error) {
	panic("upstream: not implemented yet")
}

// Health checks liveness and reads the server clock (GET /v1/health).
func (c *Client) Health(ctx context.Context) (wire.Health, error) {
	panic("upstream: not implemented yet")
}
