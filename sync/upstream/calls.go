package upstream

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Status looks up the status of an IIN (POST /v1/status). The IIN travels
// in the body and is never quoted in an error.
func (c *Client) Status(ctx context.Context, person string) (wire.StatusResponse, error) {
	return c.status(ctx, wire.StatusRequest{IIN: person, Device: c.device})
}

// StatusWithProof is Status for a scanned pass: the request also names the
// pass's holder proof, and the answer's ProofUsed says when another device
// used it first (docs/pass-format.md, "A live code works once").
func (c *Client) StatusWithProof(ctx context.Context, person string, proof wire.ProofUse) (wire.StatusResponse, error) {
	return c.status(ctx, wire.StatusRequest{IIN: person, Device: c.device, Proof: &proof})
}

// maxProofUsedText bounds the door and device names of a ProofUsed answer,
// which reach the screen.
const maxProofUsedText = 128

func (c *Client) status(ctx context.Context, req wire.StatusRequest) (wire.StatusResponse, error) {
	if err := iin.Validate(req.IIN); err != nil {
		return wire.StatusResponse{}, fmt.Errorf("status: %w: %w", ErrInvalidArgument, err)
	}
	var out wire.StatusResponse
	if err := c.call(ctx, http.MethodPost, wire.APIVersion+"/status", true, req, &out); err != nil {
		return wire.StatusResponse{}, fmt.Errorf("status: %w", err)
	}
	if !out.Status.Valid() {
		return wire.StatusResponse{}, fmt.Errorf("status: %w: colour %q is not red, yellow, green or blue",
			ErrInvalidResponse, clip(string(out.Status)))
	}
	if u := out.ProofUsed; u != nil {
		if req.Proof == nil || len(u.Door) > maxProofUsedText || len(u.Device) > maxProofUsedText || u.At.IsZero() {
			return wire.StatusResponse{}, fmt.Errorf("status: %w: proof_used unasked for or malformed", ErrInvalidResponse)
		}
	}
	return out, nil
}

// SendEvents posts a batch (POST /v1/events). The result is checked against
// the batch: every id it names must be one that was sent, and no id may be
// named twice, because the caller deletes what is acknowledged.
func (c *Client) SendEvents(ctx context.Context, b wire.EventBatch) (wire.BatchResult, error) {
	if len(b.Events) == 0 {
		return wire.BatchResult{}, fmt.Errorf("send events: %w: empty batch", ErrInvalidArgument)
	}
	var out wire.BatchResult
	if err := c.call(ctx, http.MethodPost, wire.APIVersion+"/events", true, b, &out); err != nil {
		return wire.BatchResult{}, fmt.Errorf("send events: %w", err)
	}
	if err := checkResult(b, out); err != nil {
		return wire.BatchResult{}, fmt.Errorf("send events: %w", err)
	}
	return out, nil
}

// checkResult verifies that a BatchResult only speaks about the batch.
func checkResult(b wire.EventBatch, r wire.BatchResult) error {
	sent := make(map[string]bool, len(b.Events))
	for _, ev := range b.Events {
		sent[ev.ID] = false
	}
	mark := func(id, list string) error {
		seen, ok := sent[id]
		switch {
		case !ok:
			return fmt.Errorf("%w: %s id %q was not in the batch", ErrInvalidResponse, list, clip(id))
		case seen:
			return fmt.Errorf("%w: id %q is listed twice", ErrInvalidResponse, clip(id))
		}
		sent[id] = true
		return nil
	}
	for _, id := range r.Accepted {
		if err := mark(id, "accepted"); err != nil {
			return err
		}
	}
	for _, id := range r.Duplicates {
		if err := mark(id, "duplicate"); err != nil {
			return err
		}
	}
	for _, rj := range r.Rejected {
		if err := mark(rj.ID, "rejected"); err != nil {
			return err
		}
	}
	return nil
}

// Occupancy reads a venue's head count (GET /v1/venues/{venue}/occupancy).
func (c *Client) Occupancy(ctx context.Context, venue string) (wire.Occupancy, error) {
	if venue == "" {
		return wire.Occupancy{}, fmt.Errorf("occupancy: %w: venue is empty", ErrInvalidArgument)
	}
	var out wire.Occupancy
	path := wire.APIVersion + "/venues/" + url.PathEscape(venue) + "/occupancy"
	if err := c.call(ctx, http.MethodGet, path, true, nil, &out); err != nil {
		return wire.Occupancy{}, fmt.Errorf("occupancy: %w", err)
	}
	switch {
	case out.Venue != venue:
		return wire.Occupancy{}, fmt.Errorf("occupancy: %w: answer is for venue %q, asked for %q",
			ErrInvalidResponse, clip(out.Venue), venue)
	case out.Entries < 0 || out.Exits < 0:
		// Inside may dip below zero for a while (an exit door synced before
		// the entrance); the totals never may.
		return wire.Occupancy{}, fmt.Errorf("occupancy: %w: negative total (entries %d, exits %d)",
			ErrInvalidResponse, out.Entries, out.Exits)
	}
	return out, nil
}

// Health checks liveness and reads the server clock (GET /v1/health).
// Anyone may ask; a client WithDevice sends its token and device id too, so
// the upstream counts the check as the device's sign of life.
func (c *Client) Health(ctx context.Context) (wire.Health, error) {
	var out wire.Health
	if err := c.call(ctx, http.MethodGet, wire.APIVersion+"/health", c.device != "", nil, &out); err != nil {
		return wire.Health{}, fmt.Errorf("health: %w", err)
	}
	if out.Time.IsZero() {
		return wire.Health{}, fmt.Errorf("health: %w: no server time", ErrInvalidResponse)
	}
	return out, nil
}

// clip bounds a server-supplied string quoted in an error.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// SetLimits sets the venue's capacity, closing time and maximum stay
// upstream (PUT /v1/venues/{venue}/limits), so every door enforces them.
func (c *Client) SetLimits(ctx context.Context, venue string, l wire.VenueLimits) error {
	if venue == "" {
		return fmt.Errorf("set limits: %w: venue is empty", ErrInvalidArgument)
	}
	path := wire.APIVersion + "/venues/" + url.PathEscape(venue) + "/limits"
	var echo wire.VenueLimits
	if err := c.call(ctx, http.MethodPut, path, true, l, &echo); err != nil {
		return fmt.Errorf("set limits: %w", err)
	}
	return nil
}

// Checkout closes every open visit of the venue now (POST
// /v1/venues/{venue}/checkout) and says how many it closed.
func (c *Client) Checkout(ctx context.Context, venue string) (int, error) {
	if venue == "" {
		return 0, fmt.Errorf("checkout: %w: venue is empty", ErrInvalidArgument)
	}
	var out wire.CheckoutResult
	path := wire.APIVersion + "/venues/" + url.PathEscape(venue) + "/checkout"
	if err := c.call(ctx, http.MethodPost, path, true, struct{}{}, &out); err != nil {
		return 0, fmt.Errorf("checkout: %w", err)
	}
	return out.Closed, nil
}

// CheckIn reports the kiosk's state and reads its settings (POST
// /v1/checkin): what the venue's owner set upstream for this door and venue.
func (c *Client) CheckIn(ctx context.Context, in wire.CheckIn) (wire.DeviceSettings, error) {
	var out wire.DeviceSettings
	if err := c.call(ctx, http.MethodPost, wire.APIVersion+"/checkin", true, in, &out); err != nil {
		return wire.DeviceSettings{}, fmt.Errorf("check in: %w", err)
	}
	switch {
	case out.Device != in.Device:
		return wire.DeviceSettings{}, fmt.Errorf("check in: %w: answer is for device %q, asked for %q", ErrInvalidResponse, clip(out.Device), in.Device)
	case out.Mode != "" && out.Mode != "entrance" && out.Mode != "exit":
		return wire.DeviceSettings{}, fmt.Errorf("check in: %w: mode %q", ErrInvalidResponse, clip(out.Mode))
	case out.OfflinePolicy != "" && out.OfflinePolicy != "ask" && out.OfflinePolicy != "refuse" && out.OfflinePolicy != "admit":
		return wire.DeviceSettings{}, fmt.Errorf("check in: %w: offline policy %q", ErrInvalidResponse, clip(out.OfflinePolicy))
	case out.Capacity < 0:
		return wire.DeviceSettings{}, fmt.Errorf("check in: %w: capacity %d", ErrInvalidResponse, out.Capacity)
	}
	return out, nil
}

// Enrol trades a one-time enrolment code for this kiosk's identity and
// device token (POST /v1/enrol; no token needed). A refusal is an
// *HTTPError whose Reason says why: unknown, used, expired or malformed.
func (c *Client) Enrol(ctx context.Context, code, version string) (wire.KioskEnrolResponse, error) {
	var out wire.KioskEnrolResponse
	err := c.call(ctx, http.MethodPost, wire.APIVersion+"/enrol", false, wire.KioskEnrolRequest{Code: code, Version: version}, &out)
	if err != nil {
		return wire.KioskEnrolResponse{}, fmt.Errorf("enrol: %w", err)
	}
	if out.Token == "" || out.Venue == "" || out.Device == "" || (out.Mode != "entrance" && out.Mode != "exit") {
		return wire.KioskEnrolResponse{}, fmt.Errorf("enrol: %w: the answer lacks the token, venue, device or mode", ErrInvalidResponse)
	}
	return out, nil
}

// ForEnrolment returns a client of baseURL without a token, good for Enrol
// only: a blank kiosk has no token until it is enrolled.
func ForEnrolment(baseURL string, hc *http.Client) (*Client, error) {
	c, err := New(baseURL, "none-yet", hc)
	if err != nil {
		return nil, err
	}
	c.token = ""
	return c, nil
}
