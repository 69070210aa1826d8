package servercli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

func runMain(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, &out, &errb, "v-test")
	return code, out.String(), errb.String()
}

// The management commands on the store itself, and through a running server.
func TestTokensCommand(t *testing.T) {
	dir := t.TempDir()
	code, opTok, stderr := runMain(t, "operators", "add", "--label", "night shift", "--data", dir)
	opTok = strings.TrimSpace(opTok)
	if code != ExitOK || !strings.HasPrefix(opTok, backend.OperatorPrefix) {
		t.Fatalf("operators add: %d %q %s", code, opTok, stderr)
	}
	code, devTok, stderr := runMain(t, "tokens", "add", "--venue", "cafe-1", "--data", dir)
	devTok = strings.TrimSpace(devTok)
	if code != ExitOK || !strings.HasPrefix(devTok, backend.DevicePrefix) {
		t.Fatalf("tokens add: %d %q %s", code, devTok, stderr)
	}
	if code, _, stderr := runMain(t, "venues", "set", "cafe-1", "--capacity", "25", "--data", dir); code != ExitOK {
		t.Fatalf("venues set: %d %s", code, stderr)
	}

	// Serve the store; manage it through the running server.
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"--data", dir, "--listen", "127.0.0.1:0"}, pw, io.Discard, "v-test")
		pw.Close()
	}()
	base := readListenLine(t, pr)
	if sr := statusCall(t, base, devTok, "900101300017"); sr.Status != wire.Blue {
		t.Errorf("status with the stored token: %s", sr.Status)
	}
	if code, _, stderr := runMain(t, "tokens", "list", "--data", dir); code != ExitUsage || !strings.Contains(stderr, "--server") {
		t.Errorf("tokens list on a served bbolt file: %d %s; want a hint to use --server", code, stderr)
	}
	t.Setenv("ASHYQ_OPERATOR_TOKEN", opTok)
	code, newTok, stderr := runMain(t, "tokens", "add", "--venue", "cafe-2", "--label", "bar", "--server", base)
	newTok = strings.TrimSpace(newTok)
	if code != ExitOK {
		t.Fatalf("tokens add --server: %d %s", code, stderr)
	}
	statusCall(t, base, newTok, "900101300017") // fails the test unless 200
	code, list, _ := runMain(t, "tokens", "list", "--server", base)
	if code != ExitOK || !strings.Contains(list, "cafe-1") || !strings.Contains(list, "cafe-2") || strings.Contains(list, devTok) {
		t.Errorf("tokens list: %d\n%s", code, list)
	}
	id := backend.NewCredential(store.KindDevice, newTok, "", "", time.Now()).ID
	if code, _, stderr := runMain(t, "tokens", "revoke", id, "--server", base); code != ExitOK {
		t.Fatalf("tokens revoke: %d %s", code, stderr)
	}
	if code, _, _ := runMain(t, "tokens", "revoke", "o-123", "--server", base); code != ExitError {
		t.Errorf("revoking an operator id through tokens: %d, want %d", code, ExitError)
	}
	req, _ := http.NewRequest("POST", base+"/v1/status", strings.NewReader(`{"iin":"900101300017"}`))
	req.Header.Set("Authorization", "Bearer "+newTok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("revoked token through --server: %d, want 401", resp.StatusCode)
	}
	code, venues, _ := runMain(t, "venues", "list", "--server", base)
	if code != ExitOK || !strings.Contains(venues, "cafe-1") || !strings.Contains(venues, "25") {
		t.Errorf("venues list: %d\n%s", code, venues)
	}
	cancel()
	<-done
	code, ops, _ := runMain(t, "operators", "list", "--data", dir)
	if code != ExitOK || !strings.Contains(ops, "night shift") || strings.Contains(ops, opTok) {
		t.Errorf("operators list: %d\n%s", code, ops)
	}
	if code, _, stderr := runMain(t, "tokens", "add", "--data", dir); code != ExitUsage || !strings.Contains(stderr, "--venue") {
		t.Errorf("tokens add without a venue: %d %s", code, stderr)
	}
	if code, _, _ := runMain(t, "tokens", "list"); code != ExitUsage {
		t.Errorf("tokens list without a target: %d", code)
	}
}
