package upstream

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/ashyq/kiosk/sync/wire"
)

// Keys fetches the issuer public keys a kiosk verifies passes with.
func (c *Client) Keys(ctx context.Context) (wire.KeySet, error) {
	var ks wire.KeySet
	if err := c.call(ctx, http.MethodGet, wire.APIVersion+"/keys", true, nil, &ks); err != nil {
		return wire.KeySet{}, fmt.Errorf("fetch keys: %w", err)
	}
	return ks, nil
}

// Deny list pages: the client asks for DenyPage entries and refuses a page
// of more than wire.MaxDenyPage, or a body over maxDenyBody before decoding
// it, so a hostile upstream's page costs the kiosk a bounded amount of
// memory.
const (
	DenyPage    = 1000
	maxDenyBody = 1 << 20 // wire.MaxDenyPage entries take about 550 KB
)

// DenyList fetches one page of the deny list entries after sequence
// number after.
func (c *Client) DenyList(ctx context.Context, after uint64) (wire.DenyList, error) {
	var dl wire.DenyList
	path := wire.APIVersion + "/denylist?after=" + strconv.FormatUint(after, 10) + "&limit=" + strconv.Itoa(DenyPage)
	if err := c.callLimit(ctx, http.MethodGet, path, true, nil, &dl, maxDenyBody); err != nil {
		return wire.DenyList{}, fmt.Errorf("fetch deny list: %w", err)
	}
	if len(dl.Entries) > wire.MaxDenyPage {
		return wire.DenyList{}, fmt.Errorf("fetch deny list: %w: a page of %d entries, at most %d",
			ErrInvalidResponse, len(dl.Entries), wire.MaxDenyPage)
	}
	return dl, nil
}

// IssuePass asks for a pass for an IIN and a holder key. The client's token
// must be an operator credential.
func (c *Client) IssuePass(ctx context.Context, req wire.PassRequest) (wire.PassResponse, error) {
	var pr wire.PassResponse
	if err := c.call(ctx, http.MethodPost, wire.APIVersion+"/passes", true, req, &pr); err != nil {
		return wire.PassResponse{}, fmt.Errorf("issue pass: %w", err)
	}
	return pr, nil
}
