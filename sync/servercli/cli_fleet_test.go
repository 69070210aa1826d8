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
)

func TestVersionCommandAndHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main(context.Background(), []string{"version"}, &out, &errb, "v9.8.7"); code != ExitOK || out.String() != "ashyq-server v9.8.7\n" {
		t.Errorf("version: exit %d, stdout %q", code, out.String())
	}
	out.Reset()
	code := Main(context.Background(), []string{"--help"}, &out, &errb, "v9.8.7")
	if code != ExitOK || !strings.HasPrefix(out.String(), "ashyq-server v9.8.7:") {
		t.Errorf("--help: exit %d, stdout starts %.40q", code, out.String())
	}
	for _, want := range []string{"Exit codes:", "  --token-file FILE", "  --metrics-listen host:port", "  --silent-after duration", "ashyq-server version"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

// The packaged unit passes tokens in a file; the start and stop lines say
// how many, never which.
func TestMainWithTokenFileLogsStartAndStop(t *testing.T) {
	tokens := writeFile(t, "tokens", "# venue tokens\n"+strongTok+"=cafe\n")
	logPath := filepath.Join(t.TempDir(), "server.log")
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- Main(ctx, []string{"--data", t.TempDir(), "--listen", "127.0.0.1:0", "--token-file", tokens, "--log", logPath}, pw, &errb, "v-test")
		pw.Close()
	}()
	base := readListenLine(t, pr)
	statusCall(t, base, strongTok, "061211600012")
	cancel()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Fatalf("exit %d; stderr %s", code, errb.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Main did not return after cancel")
	}
	logs, _ := os.ReadFile(logPath)
	for _, want := range []string{`msg="ashyq-server starting" version=v-test`, "tokens=1", `msg="ashyq-server stopped"`} {
		if !strings.Contains(string(logs), want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	if strings.Contains(string(logs), strongTok) {
		t.Errorf("log shows a token:\n%s", logs)
	}
}

func TestMainRefusesABadTokenFile(t *testing.T) {
	var out, errb bytes.Buffer
	bad := writeFile(t, "tokens", "secret-without-venue\n")
	code := Main(context.Background(), []string{"--data", t.TempDir(), "--token-file", bad}, &out, &errb, "v")
	if code != ExitUsage || !strings.Contains(errb.String(), "tokens:1") || strings.Contains(errb.String(), "secret") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}
