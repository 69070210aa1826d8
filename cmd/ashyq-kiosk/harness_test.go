package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// The binaries under test, built once by TestMain from this checkout.
var kioskBin, serverBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ashyq-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	kioskBin = filepath.Join(dir, "ashyq-kiosk")
	serverBin = filepath.Join(dir, "ashyq-server")
	for bin, pkg := range map[string]string{kioskBin: ".", serverBin: "../ashyq-server"} {
		cmd := exec.Command("go", "build", "-o", bin, pkg)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "build %s: %v\n", pkg, err)
			os.RemoveAll(dir)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// upstreamProc is a real ashyq-server on loopback.
type upstreamProc struct {
	URL string
	cmd *exec.Cmd
}

func startServer(t testing.TB, extra ...string) *upstreamProc {
	t.Helper()
	args := append([]string{"--demo", "--listen", "127.0.0.1:0", "--data", t.TempDir(),
		"--log", filepath.Join(t.TempDir(), "server.log")}, extra...)
	cmd := exec.Command(serverBin, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	lines := bufio.NewScanner(out)
	if !lines.Scan() {
		t.Fatalf("ashyq-server printed nothing: %v", lines.Err())
	}
	url, ok := strings.CutPrefix(lines.Text(), "listening on ")
	if !ok {
		t.Fatalf("unexpected first line %q", lines.Text())
	}
	go io.Copy(io.Discard, out)
	return &upstreamProc{URL: url, cmd: cmd}
}

func (u *upstreamProc) get(t *testing.T, path string, into any) {
	t.Helper()
	// The soak's upstream fails on purpose; a reader retries like a kiosk.
	var last string
	for attempt := 0; attempt < 50; attempt++ {
		req, _ := http.NewRequest("GET", u.URL+path, nil)
		req.Header.Set("Authorization", "Bearer demo-token")
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
		if err != nil {
			last = err.Error()
			time.Sleep(50 * time.Millisecond)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			last = resp.Status + " " + string(body)
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %s %s", path, resp.Status, body)
		}
		if err := json.Unmarshal(body, into); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return
	}
	t.Fatalf("GET %s: still failing after 50 attempts: %s", path, last)
}

func (u *upstreamProc) occupancy(t *testing.T) wire.Occupancy {
	var o wire.Occupancy
	u.get(t, "/v1/venues/demo-cafe/occupancy", &o)
	return o
}

// allEvents pages through the venue's events.
func (u *upstreamProc) allEvents(t *testing.T) []wire.Event {
	var out []wire.Event
	cursor := ""
	for {
		var page wire.EventList
		u.get(t, "/v1/venues/demo-cafe/events?limit=1000&after="+cursor, &page)
		out = append(out, page.Events...)
		if page.Next == "" {
			return out
		}
		cursor = page.Next
	}
}

// writeConfig writes a kiosk config against upstream url into dir.
func writeConfig(t testing.TB, url, dataDir, device string, extra string) string {
	t.Helper()
	body := fmt.Sprintf(`
[device]
id = %q
venue = "demo-cafe"
door = "main"
[upstream]
url = %q
token = "demo-token"
[storage]
data_dir = %q
[display]
result_for = "30s"
[camera]
device = "off"
[sync]
batch_wait = "50ms"
max_backoff = "2s"
poll_every = "1s"
%s`, device, url, dataDir, extra)
	p := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// screen collects a terminal's output and answers "has this text appeared
// since the last mark", with escape sequences stripped.
type screen struct {
	mu   sync.Mutex
	raw  bytes.Buffer
	mark int
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]`)

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.Write(p)
}

// since returns the raw output after the mark.
func (s *screen) since() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.raw.Bytes()[s.mark:])
}

// Mark makes later waits look only at newer output.
func (s *screen) Mark() {
	s.mu.Lock()
	s.mark = s.raw.Len()
	s.mu.Unlock()
}

// WaitFor waits until every text has appeared (plain, escapes stripped)
// since the mark, or fails the test showing what was seen.
func (s *screen) WaitFor(t testing.TB, timeout time.Duration, texts ...string) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		raw := s.since()
		plain := ansi.ReplaceAllString(raw, "")
		missing := ""
		for _, want := range texts {
			if !strings.Contains(plain, want) {
				missing = want
				break
			}
		}
		if missing == "" {
			return raw
		}
		if time.Now().After(deadline) {
			t.Fatalf("screen never showed %q; last output:\n%s", missing, tail(plain, 3000))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
