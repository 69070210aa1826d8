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

// DenyList fetches the deny list entries after sequence number after.
func (c *Client) DenyList(ctx context.Context, after uint64) (wire.DenyList, error) {
	var dl wire.DenyList
	path := wire.APIVersion + "/denylist?after=" + strconv.FormatUint(after, 10)
	if err := c.call(ctx, http.MethodGet, path, true, nil, &dl); err != nil {
		return wire.DenyList{}, fmt.Errorf("fetch deny list: %w", err)
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
