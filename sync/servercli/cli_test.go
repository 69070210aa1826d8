package servercli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/wire"
)

func TestMainUsageErrors(t *testing.T) {
	bad := writeFile(t, "bad.csv", "iin,status\n900101300018,red\n")
	tests := []struct {
		name       string
		args       []string
		code       int
		out, err   string // substrings of stdout and stderr
		notInOut   string
		notInError string
	}{
		{"help", []string{"--help"}, ExitOK, "--demo", "", "", ""},
		{"version", []string{"--version"}, ExitOK, "ashyq-server v-test", "", "", ""},
		{"demo refuses all interfaces", []string{"--demo", "--listen", "0.0.0.0:0"}, ExitUsage, "", "only listens on loopback", "listening", ""},
		{"demo refuses empty host", []string{"--demo", "--listen", ":0"}, ExitUsage, "", "loopback", "", ""},
		{"bad listen address", []string{"--demo", "--listen", "nonsense"}, ExitUsage, "", "--listen", "", ""},
		{"data required", []string{"--listen", "127.0.0.1:0"}, ExitUsage, "", "--data", "", ""},
		{"unknown flag", []string{"--colour"}, ExitUsage, "", "colour", "", ""},
		{"bad token flag", []string{"--demo", "--token", "novenue"}, ExitUsage, "", "TOKEN=VENUE", "", ""},
		{"stray argument", []string{"--demo", "serve"}, ExitUsage, "", `"serve"`, "", ""},
		{"bad rate", []string{"--demo", "--listen", "127.0.0.1:0", "--fail-rate", "2"}, ExitError, "", "fail rate", "", ""},
		{"bad registry", []string{"--demo", "--listen", "127.0.0.1:0", "--registry", bad}, ExitError, "", "bad.csv:2", "", ""},
		{"token never echoed", []string{"--token", strongTok + "=v", "--listen", "0.0.0.0:0"}, ExitUsage, "", "--data", "", strongTok},
		// A guessable token is refused, the flag named, the token never quoted.
		{"one-character token", []string{"--token", "a=venue", "--data", "x"}, ExitUsage, "", "too weak", "", "a=venue"},
		{"short token", []string{"--token", "tok-secret-7=cafe", "--data", "x"}, ExitUsage, "", "at least 32", "", "tok-secret-7"},
		{"repetitive token", []string{"--token", strings.Repeat("ab", 20) + "=cafe", "--data", "x"}, ExitUsage, "", "different characters", "", "abab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Main(context.Background(), tt.args, &out, &errb, "v-test")
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.code, errb.String())
			}
			if !strings.Contains(out.String(), tt.out) || !strings.Contains(errb.String(), tt.err) {
				t.Errorf("stdout %q / stderr %q; want %q / %q", out.String(), errb.String(), tt.out, tt.err)
			}
			if tt.notInOut != "" && strings.Contains(out.String(), tt.notInOut) {
				t.Errorf("stdout has %q: %s", tt.notInOut, out.String())
			}
			if tt.notInError != "" && strings.Contains(errb.String(), tt.notInError) {
				t.Errorf("stderr has %q: %s", tt.notInError, errb.String())
			}
		})
	}
}

var listenLine = regexp.MustCompile(`^listening on (http://127\.0\.0\.1:\d+)$`)

// readListenLine waits for the one stdout line and returns the base URL.
func readListenLine(t *testing.T, r io.Reader) string {
	t.Helper()
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		_, _ = io.Copy(io.Discard, r)
	}()
	select {
	case line, ok := <-lines:
		m := listenLine.FindStringSubmatch(line)
		if !ok || m == nil {
			t.Fatalf("first stdout line %q, want %q", line, listenLine)
		}
		return m[1]
	case <-time.After(30 * time.Second):
		t.Fatal("no listening line within 30 s")
	}
	return ""
}

func statusCall(t *testing.T, base, token, id string) wire.StatusResponse {
	t.Helper()
	body, _ := json.Marshal(wire.StatusRequest{IIN: id})
	req, _ := http.NewRequest("POST", base+"/v1/status", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("status call: %v", err)
	}
	defer resp.Body.Close()
	var sr wire.StatusResponse
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&sr) != nil {
		t.Fatalf("status call: %d", resp.StatusCode)
	}
	return sr
}

func TestMainServesUntilCancelled(t *testing.T) {
	dir := t.TempDir()
	reg := writeFile(t, "reg.csv", "061211600012,yellow\n")
	logPath := filepath.Join(t.TempDir(), "server.log")
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- Main(ctx, []string{"--data", dir, "--listen", "127.0.0.1:0", "--token", strongTok + "=cafe", "--registry", reg, "--log", logPath}, pw, &errb, "v-test")
		pw.Close()
	}()
	base := readListenLine(t, pr)
	if sr := statusCall(t, base, strongTok, "061211600012"); sr.Status != wire.Yellow {
		t.Errorf("status %s, want yellow from --registry", sr.Status)
	}
	cancel()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Fatalf("exit %d after cancel; stderr %s", code, errb.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Main did not return after cancel")
	}
	// The store was closed: another server can open it.
	s, err := server.Open(server.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("store not released: %v", err)
	}
	s.Close()
	logs, _ := os.ReadFile(logPath)
	if !strings.Contains(string(logs), `pattern="POST /v1/status"`) || strings.Contains(string(logs), strongTok) {
		t.Errorf("log file lacks the request or shows the token: %s", logs)
	}
}

// TestBinary builds the real ashyq-server and drives it like an operator.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "ashyq-server")
	build := exec.Command("go", "build", "-o", bin, "-ldflags", "-X main.version=v0.0.0-test", "github.com/ashyq/kiosk/cmd/ashyq-server")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	t.Run("demo on loopback", func(t *testing.T) {
		tmp := t.TempDir() // the demo data dir goes here and must be gone at exit
		cmd := exec.Command(bin, "--demo", "--listen", "127.0.0.1:0")
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Process.Kill()
		base := readListenLine(t, stdout)

		resp, err := http.Get(base + "/v1/health")
		if err != nil {
			t.Fatal(err)
		}
		var h wire.Health
		_ = json.NewDecoder(resp.Body).Decode(&h)
		resp.Body.Close()
		if h.Status != "ok" || h.Version != "v0.0.0-test" {
			t.Errorf("health %+v, want ok and the -ldflags version", h)
		}
		if sr := statusCall(t, base, server.DemoToken, "771203300035"); sr.Status != wire.Red {
			t.Errorf("demo status %s, want red", sr.Status)
		}

		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		waited := make(chan error, 1)
		go func() { waited <- cmd.Wait() }()
		select {
		case err := <-waited:
			if err != nil {
				t.Errorf("exit after SIGTERM: %v; stderr %s", err, stderr.String())
			}
		case <-time.After(15 * time.Second):
			t.Fatal("no exit within 15 s of SIGTERM")
		}
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Errorf("demo data dir not removed: %v", left)
		}
		if !strings.Contains(stderr.String(), "shutting down") {
			t.Errorf("stderr log lacks the shutdown: %s", stderr.String())
		}
	})

	t.Run("demo refuses all interfaces", func(t *testing.T) {
		cmd := exec.Command(bin, "--demo", "--listen", "0.0.0.0:0")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Fatalf("run: %v, want exit status 2", err)
		}
		if !strings.Contains(stderr.String(), "loopback") || stdout.Len() != 0 {
			t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
		}
	})
}
