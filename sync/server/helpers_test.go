package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Two venues with one token each, so every test can try the other venue.
const (
	tokA   = "token-a-4f9c2e7b1d8a3f6c0e5b9d2a"
	tokB   = "token-b-8e1d4a7c2f9b6e3d0a5c8f1b"
	venueA = "venue-a"
	venueB = "venue-b"
)

func testTokens() map[string]string { return map[string]string{tokA: venueA, tokB: venueB} }

// env is a real server on a real store (a bbolt file, or a PostgreSQL
// schema inside bothStores), served on loopback.
type env struct {
	t   *testing.T
	dir string // the bbolt store's directory; empty on PostgreSQL
	url string // the PostgreSQL URL; empty on bbolt
	srv *Server
	ts  *httptest.Server
	// sessions are the console sessions logged in by secret (page).
	sessions map[string]string
}

// newEnv opens a server on a fresh store; opts.DataDir (or Store) and Tokens
// are filled in when empty.
func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	return newEnvOn(t, pgURLIfPostgres(t, opts), opts)
}

// newEnvOn opens a server on the PostgreSQL store at url, or on bbolt
// (opts.DataDir, else a temp dir) when url is empty.
func newEnvOn(t *testing.T, url string, opts Options) *env {
	t.Helper()
	if url != "" {
		opts.Store = openPG(t, url)
	} else if opts.DataDir == "" {
		opts.DataDir = t.TempDir()
	}
	if opts.Tokens == nil {
		opts.Tokens = testTokens()
	}
	srv, err := Open(opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	e := &env{t: t, dir: opts.DataDir, url: url, srv: srv, ts: httptest.NewServer(srv.HandlerWithConsole())}
	t.Cleanup(e.close)
	return e
}

func (e *env) close() {
	if e.ts != nil {
		e.ts.Close()
		e.ts = nil
	}
	if e.srv != nil {
		if err := e.srv.Close(); err != nil {
			e.t.Errorf("Close: %v", err)
		}
		e.srv = nil
	}
}

// reopen closes the server and opens a new one on the same directory.
func (e *env) reopen(opts Options) {
	e.t.Helper()
	e.close()
	opts.DataDir = e.dir
	if e.url != "" {
		opts.Store = openPG(e.t, e.url)
	}
	if opts.Tokens == nil {
		opts.Tokens = testTokens()
	}
	srv, err := Open(opts)
	if err != nil {
		e.t.Fatalf("reopen: %v", err)
	}
	e.srv, e.ts = srv, httptest.NewServer(srv.HandlerWithConsole())
}

// do sends one request; body is JSON-encoded unless it is []byte.
func (e *env) do(method, path, token string, body any) (*http.Response, []byte, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.t.Fatalf("marshal: %v", err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, e.ts.URL+path, rd)
	if err != nil {
		e.t.Fatalf("new request: %v", err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp, data, err
}

// call is do that must reach the server; it returns status and body.
func (e *env) call(method, path, token string, body any) (int, []byte) {
	e.t.Helper()
	resp, data, err := e.do(method, path, token, body)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.StatusCode, data
}

// callJSON is call that wants code and decodes the body into out.
func (e *env) callJSON(method, path, token string, body any, want int, out any) {
	e.t.Helper()
	code, data := e.call(method, path, token, body)
	if code != want {
		e.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, code, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			e.t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
}

// send posts a batch from device with token and wants 200.
func (e *env) send(token, device string, evs ...wire.Event) wire.BatchResult {
	e.t.Helper()
	var res wire.BatchResult
	e.callJSON("POST", "/v1/events", token, wire.EventBatch{Device: device, SentAt: time.Now(), Events: evs}, http.StatusOK, &res)
	return res
}

// event makes a valid event; the IIN is valid and green in the demo registry.
func event(venue, device string, seq uint64, kind wire.Kind) wire.Event {
	return wire.Event{
		ID:        uuid.Must(uuid.NewV7()).String(),
		Device:    device,
		Seq:       seq,
		Venue:     venue,
		Door:      "front",
		Kind:      kind,
		IIN:       personIIN(seq),
		Status:    wire.Green,
		Source:    wire.SourceOnline,
		ScannedAt: time.Date(2021, 3, 1, 12, 0, 0, int(seq), time.UTC),
	}
}

// personIIN is a valid IIN that differs with n: one person per sequence
// number, so that the head count (people, not events) follows the events.
func personIIN(n uint64) string {
	for reg := (n%5000)*2 - 1; ; reg++ {
		d := []byte(fmt.Sprintf("9001013%04d", reg%10000))
		if c, err := iin.CheckDigit(d); err == nil {
			return string(d) + fmt.Sprint(c)
		}
	}
}

// events makes n valid events from device with sequence numbers from..from+n-1.
func events(venue, device string, from uint64, n int, kind wire.Kind) []wire.Event {
	out := make([]wire.Event, n)
	for i := range out {
		out[i] = event(venue, device, from+uint64(i), kind)
	}
	return out
}

func ids(evs []wire.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

// newTestLogger returns a text logger and the buffer it writes to.
func newTestLogger() (*slog.Logger, *logBuffer) {
	lb := &logBuffer{}
	return slog.New(slog.NewTextHandler(lb, nil)), lb
}

// logBuffer is a buffer that concurrent handlers may write while a test reads.
type logBuffer struct {
	mu  sync.Mutex // mu guards buf.
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestWeakStaticSecretsAreRefused: a one-character token or operator
// secret used to be accepted (`--token a=venue`); a chosen secret must now
// pass backend.CheckSecretStrength, and the error never quotes it. The
// demo's public secrets stay (loopback only).
func TestWeakStaticSecretsAreRefused(t *testing.T) {
	for _, opts := range []Options{
		{Tokens: map[string]string{"a": "venue"}},
		{Tokens: map[string]string{"token-a": "venue"}},
		{Operators: map[string]string{"operator-secret-1": "ops"}},
	} {
		opts.DataDir = t.TempDir()
		_, err := Open(opts)
		if err == nil || !strings.Contains(err.Error(), "too weak") {
			t.Errorf("%+v: %v", opts, err)
		}
		for secret := range maps.Keys(opts.Tokens) {
			if err != nil && len(secret) > 3 && strings.Contains(err.Error(), secret) {
				t.Errorf("the error quotes the token: %v", err)
			}
		}
	}
	srv, err := Open(Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	srv.Close()
}
