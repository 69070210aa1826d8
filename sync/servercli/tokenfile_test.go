package servercli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/server"
)

// serveMain runs Main with args until the test ends and returns its base URL.
func serveMain(t *testing.T, args ...string) string {
	t.Helper()
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- Main(ctx, append(args, "--listen", "127.0.0.1:0", "--log", filepath.Join(t.TempDir(), "s.log")), pw, &errb, "v-test")
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("Main did not return after cancel")
		}
	})
	return readListenLine(t, pr)
}

// TestTokenFile: tokens come from a file (kept out of ps), one
// "token venue" a line; the file must be private.
func TestTokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens")
	body := "# device tokens\n\n" + strongTok + " cafe\n  " + strongTok2 + "\tgym  \n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	base := serveMain(t, "--data", t.TempDir(), "--token-file", path)
	for _, tok := range []string{strongTok, strongTok2} {
		if sr := statusCall(t, base, tok, "061211600012"); sr.Status == "" {
			t.Errorf("token %s from the file not accepted", tok)
		}
	}
}

func TestTokenFileRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path, want string
	}{
		{"readable by others", write("loose", "sekrit-1 cafe\n", 0o644), "chmod 600"},
		{"no venue", write("novenue", "sekrit-2\n", 0o600), "novenue:1: want"},
		{"three fields", write("three", strongTok+" cafe\nsekrit-3 cafe extra\n", 0o600), "three:2: want"},
		{"weak token", write("weak", strongTok+" cafe\nsekrit-5 gym\n", 0o600), "weak:2: too weak"},
		{"bad venue", write("badvenue", "sekrit-4 caf\x1be\n", 0o600), "badvenue:1:"},
		{"missing", filepath.Join(dir, "nothere"), "nothere"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := Main(context.Background(), []string{"--data", t.TempDir(), "--listen", "127.0.0.1:0", "--token-file", tt.path}, &out, &errb, "v")
		if code != ExitUsage || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want %d mentioning %q", tt.name, code, errb.String(), ExitUsage, tt.want)
		}
		if strings.Contains(errb.String(), "sekrit") {
			t.Errorf("%s: the error shows a token: %s", tt.name, errb.String())
		}
	}
}

// TestDataDirCreated: --data names a directory that does not exist yet; the
// server creates it, private, as the kiosk does.
func TestDataDirCreated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "data")
	serveMain(t, "--data", dir, "--token", strongTok+"=cafe")
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("data dir mode %o, want 700", fi.Mode().Perm())
	}
}

// TestStoreErrorNamesFileOnce: "open store X: open X: ..." said the path
// twice.
func TestStoreErrorNamesFileOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "server.db"), 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := server.Open(server.Options{DataDir: dir})
	if err == nil {
		t.Fatal("Open succeeded with a directory in the store's place")
	}
	if n := strings.Count(err.Error(), filepath.Join(dir, "server.db")); n != 1 {
		t.Errorf("the error names the file %d times: %v", n, err)
	}
}

func TestLoadTokenFile(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, "tokens")
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	got, err := LoadTokenFile(write("# comment\n\n " + strongTok + " = cafe\n" + strongTok2 + "=gym\n"))
	if err != nil || len(got) != 2 || got[strongTok] != "cafe" || got[strongTok2] != "gym" {
		t.Fatalf("got %v, %v", got, err)
	}
	for name, content := range map[string]string{
		"no venue":  "secret-one\n",
		"twice":     "secret-one=a\nsecret-one=b\n",
		"has space": "secret one=a\n",
	} {
		_, err := LoadTokenFile(write(content))
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: error quotes the token: %v", name, err)
		}
		if !strings.Contains(err.Error(), "tokens:") {
			t.Errorf("%s: error names no line: %v", name, err)
		}
	}
}
