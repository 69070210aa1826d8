package upstream

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

const testToken = "s3cret-device-token"

// newPair starts a loopback server with h and a client pointed at it.
func newPair(t *testing.T, h http.HandlerFunc) (*Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, testToken, nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, srv
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		url, token, want string
	}{
		{"ftp://host", testToken, "scheme must be http or https"},
		{"127.0.0.1:8080", testToken, "upstream url"},
		{"http://", testToken, "host is missing"},
		{"http://:8080", testToken, "host is missing"},
		{"http://u:p@host", testToken, "must not carry credentials"},
		{"http://host/?a=b", testToken, "must not have a query"},
		{"http://host", "", "token is empty"},
		{"http://host", "bad token", "token contains spaces"},
		{"http://host", "tok\r\nX: y", "token contains spaces"},
		{"http://%zz", testToken, "upstream url"},
	}
	for _, tt := range tests {
		_, err := New(tt.url, tt.token, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%q, %q) = %v, want error containing %q", tt.url, tt.token, err, tt.want)
		}
		if err != nil && tt.token != "" && strings.Contains(err.Error(), tt.token) {
			t.Errorf("New error quotes the token: %v", err)
		}
	}
	for _, ok := range []string{"http://127.0.0.1:8080", "https://up.example/api/", " http://host "} {
		if _, err := New(ok, testToken, nil); err != nil {
			t.Errorf("New(%q): %v", ok, err)
		}
	}
}

func TestCallsSendTokenAndPaths(t *testing.T) {
	now := time.Date(2021, 8, 1, 12, 0, 0, 0, time.UTC)
	c, _ := newPair(t, func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if r.URL.Path == "/base/v1/health" {
			// A client that names its device sends its token with health
			// checks too, as its sign of life (device.go).
			if auth != "Bearer "+testToken || r.Header.Get(wire.DeviceHeader) != "door-7" {
				t.Errorf("health sent Authorization %q, device %q; want the token and door-7", auth, r.Header.Get(wire.DeviceHeader))
			}
			writeJSON(w, 200, wire.Health{Status: "ok", Time: now, Version: "t"})
			return
		}
		if auth != "Bearer "+testToken {
			writeJSON(w, 401, wire.ErrorBody{Error: "bad token"})
			return
		}
		switch r.URL.EscapedPath() {
		case "/base/v1/status":
			var req wire.StatusRequest
			if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.IIN != "900101300017" || req.Device != "door-7" {
				t.Errorf("status body: %+v, %v; want the IIN and the device", req, err)
			}
			writeJSON(w, 200, wire.StatusResponse{Status: wire.Green, CheckedAt: now})
		case "/base/v1/venues/caf%C3%A9%2F1/occupancy":
			writeJSON(w, 200, wire.Occupancy{Venue: "café/1", Inside: 3, Entries: 5, Exits: 2, AsOf: now})
		default:
			t.Errorf("unexpected path %s", r.URL.EscapedPath())
			w.WriteHeader(404)
		}
	})
	// A base path is kept and a trailing slash is harmless.
	c2, err := New(c.base+"/base/", testToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	c2 = c2.WithDevice("door-7")
	ctx := context.Background()
	h, err := c2.Health(ctx)
	if err != nil || !h.Time.Equal(now) {
		t.Fatalf("Health = %+v, %v", h, err)
	}
	st, err := c2.Status(ctx, "900101300017")
	if err != nil || st.Status != wire.Green {
		t.Fatalf("Status = %+v, %v", st, err)
	}
	occ, err := c2.Occupancy(ctx, "café/1")
	if err != nil || occ.Inside != 3 {
		t.Fatalf("Occupancy = %+v, %v", occ, err)
	}
}

func TestHTTPErrors(t *testing.T) {
	date := time.Date(2021, 8, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		code       int
		retryAfter time.Duration
		msg        string
		retryable  bool
	}{
		{"429 seconds", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "7")
			writeJSON(w, 429, wire.ErrorBody{Error: "slow down"})
		}, 429, 7 * time.Second, "slow down", true},
		{"503 http date against Date header", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Date", date.Format(http.TimeFormat))
			w.Header().Set("Retry-After", date.Add(90*time.Second).Format(http.TimeFormat))
			writeJSON(w, 503, wire.ErrorBody{Error: "maintenance"})
		}, 503, 90 * time.Second, "maintenance", true},
		{"400 with body", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 400, wire.ErrorBody{Error: "event 3: kind \"dance\" is unknown"})
		}, 400, 0, `event 3: kind "dance" is unknown`, false},
		{"502 from a proxy, html body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = w.Write([]byte("<html>bad gateway</html>"))
		}, 502, 0, "", true},
		{"403 garbage retry-after", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "soon")
			writeJSON(w, 403, wire.ErrorBody{Error: "device revoked"})
		}, 403, 0, "device revoked", false},
		{"message with control characters", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 422, wire.ErrorBody{Error: "bad\x1b[31m\nthing"})
		}, 422, 0, "bad [31m thing", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newPair(t, tt.handler)
			_, err := c.Occupancy(context.Background(), "demo-cafe")
			var he *HTTPError
			if !errors.As(err, &he) {
				t.Fatalf("err = %v, want *HTTPError", err)
			}
			if he.StatusCode != tt.code || he.RetryAfter != tt.retryAfter || he.Message != tt.msg {
				t.Errorf("got %d %v %q, want %d %v %q", he.StatusCode, he.RetryAfter, he.Message,
					tt.code, tt.retryAfter, tt.msg)
			}
			if got := Retryable(err); got != tt.retryable {
				t.Errorf("Retryable = %v, want %v", got, tt.retryable)
			}
			if !strings.Contains(err.Error(), "occupancy: upstream answered") {
				t.Errorf("error lacks context: %q", err)
			}
		})
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	c, _ := newPair(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, wire.ErrorBody{Error: "unknown token " + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")})
	})
	_, err := c.Status(context.Background(), "900101300017")
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Fatalf("err = %v; must exist and not contain the token", err)
	}
	if !IsAuth(err) || Retryable(err) {
		t.Errorf("IsAuth = %v, Retryable = %v; want true, false", IsAuth(err), Retryable(err))
	}
	if strings.Contains(err.Error(), "900101300017") {
		t.Errorf("error quotes the IIN: %v", err)
	}
}

func TestTransportFailures(t *testing.T) {
	t.Run("truncated body", func(t *testing.T) {
		c, _ := newPair(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "200")
			_, _ = w.Write([]byte(`{"status":"ok","ti`))
		})
		_, err := c.Health(context.Background())
		if err == nil || !Retryable(err) {
			t.Fatalf("err = %v, want a retryable error", err)
		}
	})
	t.Run("connection reset", func(t *testing.T) {
		c, _ := newPair(t, func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0) // close with RST instead of FIN
			}
			_ = conn.Close()
		})
		_, err := c.SendEvents(context.Background(), wire.EventBatch{Events: []wire.Event{{ID: "a"}}})
		if err == nil || !Retryable(err) {
			t.Fatalf("err = %v, want a retryable error", err)
		}
	})
	t.Run("closed listener", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		_ = l.Close()
		c, err := New("http://"+addr, testToken, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Health(context.Background())
		if err == nil || !Retryable(err) {
			t.Fatalf("err = %v, want a retryable error", err)
		}
	})
}

func TestSlowAnswer(t *testing.T) {
	release := make(chan struct{})
	c, _ := newPair(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Health(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !Retryable(err) {
		t.Errorf("timeout: err = %v, Retryable = %v; want deadline exceeded, retryable", err, Retryable(err))
	}

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err = c.Health(ctx)
	if !errors.Is(err, context.Canceled) || Retryable(err) {
		t.Errorf("cancel: err = %v, Retryable = %v; want canceled, not retryable", err, Retryable(err))
	}
}

func TestInvalidAnswers(t *testing.T) {
	batch := wire.EventBatch{Device: "d", Events: []wire.Event{{ID: "a"}, {ID: "b"}}}
	tests := []struct {
		name string
		h    http.HandlerFunc
		call func(*Client) error
		want string
	}{
		{"unknown colour", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, map[string]string{"status": "purple"})
		}, func(c *Client) error { _, err := c.Status(context.Background(), "900101300017"); return err }, `colour "purple"`},
		{"html page", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte("<html>captive portal</html>"))
		}, func(c *Client) error { _, err := c.Health(context.Background()); return err }, "content type"},
		{"oversized", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"status":"`))
			_, _ = w.Write([]byte(strings.Repeat("x", maxBody)))
			_, _ = w.Write([]byte(`"}`))
		}, func(c *Client) error { _, err := c.Health(context.Background()); return err }, "larger than"},
		{"not json", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, "a string")
		}, func(c *Client) error { _, err := c.Health(context.Background()); return err }, "decode answer"},
		{"no server time", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, map[string]string{"status": "ok"})
		}, func(c *Client) error { _, err := c.Health(context.Background()); return err }, "no server time"},
		{"foreign id acked", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, wire.BatchResult{Accepted: []string{"a", "zzz"}})
		}, func(c *Client) error { _, err := c.SendEvents(context.Background(), batch); return err }, `accepted id "zzz" was not in the batch`},
		{"id listed twice", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, wire.BatchResult{Accepted: []string{"a"}, Rejected: []wire.Rejection{{ID: "a", Error: "x"}}})
		}, func(c *Client) error { _, err := c.SendEvents(context.Background(), batch); return err }, `"a" is listed twice`},
		{"wrong venue", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, wire.Occupancy{Venue: "other"})
		}, func(c *Client) error { _, err := c.Occupancy(context.Background(), "demo-cafe"); return err }, `venue "other"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newPair(t, tt.h)
			err := tt.call(c)
			if !errors.Is(err, ErrInvalidResponse) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrInvalidResponse mentioning %q", err, tt.want)
			}
			if !Retryable(err) {
				t.Errorf("an invalid answer should be retryable: %v", err)
			}
		})
	}
}

func TestInvalidArguments(t *testing.T) {
	var hits atomic.Int32
	c, _ := newPair(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	ctx := context.Background()
	errs := []error{}
	_, err := c.Status(ctx, "90010130001x")
	errs = append(errs, err)
	_, err = c.Occupancy(ctx, "")
	errs = append(errs, err)
	_, err = c.SendEvents(ctx, wire.EventBatch{})
	errs = append(errs, err)
	for i, err := range errs {
		if !errors.Is(err, ErrInvalidArgument) || Retryable(err) {
			t.Errorf("call %d: err = %v, want a non-retryable ErrInvalidArgument", i, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("invalid calls reached the server %d times", n)
	}
}

func TestSendEventsPartialResult(t *testing.T) {
	c, _ := newPair(t, func(w http.ResponseWriter, r *http.Request) {
		var b wire.EventBatch
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			t.Errorf("decode batch: %v", err)
		}
		writeJSON(w, 200, wire.BatchResult{
			Accepted:   []string{b.Events[0].ID},
			Duplicates: []string{b.Events[1].ID},
			Rejected:   []wire.Rejection{{ID: b.Events[2].ID, Error: "bad kind"}},
		})
	})
	b := wire.EventBatch{Device: "d", Events: []wire.Event{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}}
	res, err := c.SendEvents(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(res.Acked(), ","); got != "a,b" {
		t.Errorf("acked = %s, want a,b", got)
	}
	if len(res.Rejected) != 1 || res.Rejected[0].ID != "c" {
		t.Errorf("rejected = %+v", res.Rejected)
	}
}

// TestConnectionReuse shows that answers, error answers included, are read
// to the end so keep-alive connections are reused.
func TestConnectionReuse(t *testing.T) {
	var conns atomic.Int32
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%2 == 0 {
			writeJSON(w, 503, wire.ErrorBody{Error: strings.Repeat("busy ", 2000)})
			return
		}
		writeJSON(w, 200, wire.Health{Status: "ok", Time: time.Now()})
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := New(srv.URL, testToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		_, _ = c.Health(context.Background())
	}
	if got := conns.Load(); got != 1 {
		t.Errorf("10 sequential calls used %d connections, want 1", got)
	}
}

func TestRetryableClassification(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{&HTTPError{StatusCode: 400}, false},
		{&HTTPError{StatusCode: 401}, false},
		{&HTTPError{StatusCode: 404}, false},
		{&HTTPError{StatusCode: 408}, true},
		{&HTTPError{StatusCode: 413}, false},
		{&HTTPError{StatusCode: 429}, true},
		{&HTTPError{StatusCode: 500}, true},
		{&HTTPError{StatusCode: 502}, true},
		{&HTTPError{StatusCode: 503}, true},
		{&HTTPError{StatusCode: 504}, true},
		{context.Canceled, false},
		{context.DeadlineExceeded, true},
		{&transportError{err: errors.New("boom")}, true},
		{&transportError{err: context.Canceled}, false},
		{errors.New("something else"), false},
	}
	for _, tt := range tests {
		if got := Retryable(tt.err); got != tt.want {
			t.Errorf("Retryable(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2021, 8, 1, 12, 0, 0, 0, time.UTC)
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	tests := []struct {
		h    http.Header
		want time.Duration
	}{
		{h(), 0},
		{h("Retry-After", "0"), 0},
		{h("Retry-After", "-5"), 0},
		{h("Retry-After", "120"), 2 * time.Minute},
		{h("Retry-After", "99999999999999"), 365 * 24 * time.Hour},
		{h("Retry-After", now.Add(30*time.Second).Format(http.TimeFormat)), 30 * time.Second},
		{h("Retry-After", now.Add(-30*time.Second).Format(http.TimeFormat)), 0},
		// The server's own Date wins over the device clock.
		{h("Retry-After", now.Add(time.Hour+10*time.Second).Format(http.TimeFormat),
			"Date", now.Add(time.Hour).Format(http.TimeFormat)), 10 * time.Second},
		{h("Retry-After", "tomorrow"), 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.h, now); got != tt.want {
			t.Errorf("parseRetryAfter(%v) = %v, want %v", tt.h, got, tt.want)
		}
	}
}
