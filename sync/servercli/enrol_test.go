package servercli

import (
	"context"
	"crypto/ed25519"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/wire"
)

var codeLine = regexp.MustCompile(`enrolment code for ••••••••0017: (\d{4} \d{4})\n`)

// ashyq-server enrol on the store and through a running server: the code
// printed is one the wallet's enrolment takes, once.
func TestEnrolCommand(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"enrol", "--iin", "900101300018", "--data", dir},
		{"enrol", "--iin", "900101300017", "--ttl", "30s", "--data", dir},
		{"enrol", "--iin", "900101300017", "--ttl", "200h", "--data", dir},
		{"enrol", "--iin", "900101300017"},
		{"enrol", "--iin", "900101300017", "--data", dir, "extra"},
	} {
		if code, out, stderr := runMain(t, args...); code != ExitUsage || out != "" || strings.Contains(stderr, "900101300018") {
			t.Errorf("%q: exit %d %q %q", args, code, out, stderr)
		}
	}
	code, out, stderr := runMain(t, "enrol", "--iin", "900101300017", "--data", dir)
	m := codeLine.FindStringSubmatch(out)
	if code != ExitOK || m == nil || strings.Contains(out+stderr, "900101300017") {
		t.Fatalf("enrol: %d %q %s", code, out, stderr)
	}
	st, err := OpenStore(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.EnsureIssuerKey(context.Background(), time.Now(), false); err != nil {
		t.Fatal(err)
	}
	b := backend.New(st, backend.Options{})
	pub, _, _ := ed25519.GenerateKey(nil)
	req := wire.EnrolRequest{IIN: "900101300017", Code: m[1], HolderKey: pub}
	if _, err := b.Enrol(context.Background(), "test-client", req); err != nil {
		t.Errorf("enrol with the printed code: %v", err)
	}
	var ee *backend.EnrolError
	if _, err := b.Enrol(context.Background(), "test-client", req); !errors.As(err, &ee) || ee.Reason != wire.EnrolUsed {
		t.Errorf("the code a second time: %v", err)
	}
	b.Close()

	// Through a running server, with an operator credential.
	_, opTok, _ := runMain(t, "operators", "add", "--data", dir)
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"--data", dir, "--listen", "127.0.0.1:0"}, pw, io.Discard, "v-test")
		pw.Close()
	}()
	defer func() { cancel(); <-done }()
	base := readListenLine(t, pr)
	go io.Copy(io.Discard, pr)
	t.Setenv("ASHYQ_OPERATOR_TOKEN", strings.TrimSpace(opTok))
	code, out, stderr = runMain(t, "enrol", "--iin", "900101300017", "--ttl", "2h", "--server", base)
	if code != ExitOK || codeLine.FindStringSubmatch(out) == nil {
		t.Errorf("enrol --server: %d %q %s", code, out, stderr)
	}
	t.Setenv("ASHYQ_OPERATOR_TOKEN", "nope")
	if code, _, _ := runMain(t, "enrol", "--iin", "900101300017", "--server", base); code != ExitError {
		t.Errorf("enrol --server with a bad credential: %d", code)
	}
}
