package upstream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/ashyq/kiosk/sync/wire"
)

// Size limits for answers. The largest legitimate answer is a BatchResult
// for a big batch (a few dozen bytes per event); anything far beyond that is
// a misbehaving server or proxy, not data worth holding in memory.
const (
	maxBody      = 4 << 20  // a 2xx answer
	maxErrorBody = 64 << 10 // a non-2xx answer; only its message is used
	maxDrain     = 256 << 10
	maxMessage   = 300 // characters of a server message kept in an HTTPError
)

// Client talks to one upstream with one device token. Safe for concurrent use.
type Client struct {
	base   string // scheme, host and path without a trailing slash, escaped
	token  string
	hc     *http.Client
	device string // named on every request when set (device.go)
}

// New makes a client for baseURL (for example "http://127.0.0.1:8080").
// hc may be nil for a default with sensible timeouts.
func New(baseURL, token string, hc *http.Client) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil {
		return nil, fmt.Errorf("upstream url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("upstream url %q: scheme must be http or https", baseURL)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("upstream url %q: host is missing", baseURL)
	}
	if u.User != nil {
		return nil, errors.New("upstream url: must not carry credentials; use the device token")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("upstream url %q: must not have a query or fragment", baseURL)
	}
	if token == "" {
		return nil, errors.New("upstream token is empty")
	}
	if !ValidToken(token) {
		// Never quote the token: it is a secret even when malformed.
		return nil, errors.New("upstream token contains spaces, control or non-ASCII characters")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	if hc == nil {
		hc = DefaultHTTPClient()
	}
	// A copy, so the caller's client keeps its own redirect policy.
	own := *hc
	own.CheckRedirect = refuseRedirect
	return &Client{base: u.String(), token: token, hc: &own}, nil
}

// DefaultHTTPClient is the client New uses when given none: bounded dial,
// TLS and header waits so a dead network fails in seconds rather than
// minutes, an overall cap per request, and idle keep-alive connections
// reused for the steady trickle of batches and polls.
func DefaultHTTPClient() *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          8,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// call sends one request and decodes a 2xx JSON answer into out. path is
// escaped already; in is marshalled as the body when non-nil; auth adds the
// bearer token.
func (c *Client) call(ctx context.Context, method, path string, auth bool, in, out any) error {
	return c.callLimit(ctx, method, path, auth, in, out, maxBody)
}

// callLimit is call with its own bound on the answer's size, for answers
// known to be smaller than maxBody.
func (c *Client) callLimit(ctx context.Context, method, path string, auth bool, in, out any, limit int64) error {
	var body io.Reader
	var raw []byte
	if in != nil {
		var err error
		if raw, err = json.Marshal(in); err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		body = bytes.NewReader(raw)
	}
	// path is already escaped by the caller.
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "ashyq-kiosk")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.device != "" {
		req.Header.Set(wire.DeviceHeader, c.device)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return &transportError{err: err}
	}
	defer drainClose(resp.Body)

	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		return redirected(resp)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.httpError(resp)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return fmt.Errorf("%w: content type %q, want application/json", ErrInvalidResponse, ct)
		}
	}
	if resp.ContentLength > limit {
		return fmt.Errorf("%w: answer of %d bytes, at most %d", ErrInvalidResponse, resp.ContentLength, limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return &transportError{err: fmt.Errorf("read answer: %w", err)}
	}
	if int64(len(data)) > limit {
		return fmt.Errorf("%w: answer larger than %d bytes", ErrInvalidResponse, limit)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%w: decode answer: %v", ErrInvalidResponse, err)
	}
	return nil
}

// httpError builds the error for a non-2xx answer, taking the message from
// the JSON body when there is one.
func (c *Client) httpError(resp *http.Response) error {
	he := &HTTPError{StatusCode: resp.StatusCode, RetryAfter: parseRetryAfter(resp.Header, time.Now())}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var eb struct {
		Error  string `json:"error"`
		Reason string `json:"reason"`
	}
	if json.Unmarshal(data, &eb) == nil {
		he.Message = c.cleanMessage(eb.Error)
		if len(eb.Reason) <= 32 && !strings.ContainsFunc(eb.Reason, func(r rune) bool { return (r < 'a' || r > 'z') && r != '-' }) {
			he.Reason = eb.Reason
		}
	}
	return he
}

// cleanMessage makes a server message safe to show and log: one line, no
// control characters, bounded length, and never the token, even if a broken
// server echoes it back.
func (c *Client) cleanMessage(s string) string {
	s = strings.ReplaceAll(s, c.token, "[token]")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > maxMessage {
		s = string(r[:maxMessage]) + "…"
	}
	return s
}

// drainClose reads a little of what is left so the connection can be
// reused, then closes the body. A huge leftover is not worth reading: the
// connection is dropped instead.
func drainClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, maxDrain))
	_ = body.Close()
}

// ValidToken reports whether token can be sent as a bearer token: no
// spaces, control or non-ASCII characters (config.Validate says so first,
// naming the key).
func ValidToken(token string) bool {
	return strings.IndexFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f || r > unicode.MaxASCII }) < 0
}
