package servercli

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/server"
)

// keys rotate, keys list and passes revoke on a stopped server's store, and
// the phone minting from it.
func TestKeysAndPassesCommands(t *testing.T) {
	dir := t.TempDir()
	srv, err := server.Open(server.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	code, out, errOut := runMain(t, "keys", "list", "--data", dir)
	if code != ExitOK || strings.Count(out, "\n") != 1 || !strings.Contains(out, "current") {
		t.Fatalf("keys list: %d %q %q", code, out, errOut)
	}
	first := strings.Fields(out)[0]
	code, out, errOut = runMain(t, "keys", "rotate", "--grace", "2h", "--data", dir)
	if code != ExitOK || !strings.Contains(out, "new issuer key") {
		t.Fatalf("keys rotate: %d %q %q", code, out, errOut)
	}
	_, out, _ = runMain(t, "keys", "list", "--data", dir)
	if strings.Count(out, "\n") != 2 || !strings.Contains(out, first+"\t") || !strings.Contains(out, "until ") {
		t.Errorf("keys after rotation:\n%s", out)
	}
	keyFile := filepath.Join(t.TempDir(), "holder.key")
	code, text, errOut := runMain(t, "pass", "--data", dir, "--iin", "900101300017", "--holder-key", keyFile, "--once")
	if code != ExitOK || !strings.HasPrefix(text, pass.Prefix) {
		t.Fatalf("pass --once: %d %q %q", code, text, errOut)
	}
	if _, err := os.Stat(keyFile); err != nil {
		t.Errorf("holder key not kept: %v", err)
	}
	c, err := pass.Parse(strings.TrimSpace(text))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runMain(t, "passes", "revoke", c.ID(), "--data", dir)
	if code != ExitOK || !strings.Contains(out, c.ID()) {
		t.Fatalf("passes revoke: %d %q %q", code, out, errOut)
	}
	if code, _, _ = runMain(t, "passes", "revoke", "ffffffffffffffffffffffffffffffff", "--data", dir); code != ExitError {
		t.Errorf("revoke of an unknown pass: exit %d", code)
	}
	st, err := OpenStore(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	entries, _, err := st.DenyList(t.Context(), 0, 10)
	if err != nil || len(entries) != 1 || entries[0].PassID != c.ID() {
		t.Errorf("deny list %+v, %v", entries, err)
	}
}

// --png writes one frame a QR reader can find; --demo needs no server, and
// its passes verify with the demo key every demo server publishes.
func TestPhoneDemoPNG(t *testing.T) {
	file := filepath.Join(t.TempDir(), "pass.png")
	code, text, errOut := runMain(t, "pass", "--demo", "--iin", "771203300035", "--png", file)
	if code != ExitOK {
		t.Fatalf("pass --png: %d %s", code, errOut)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() < 200 {
		t.Fatalf("png: %v %v", img.Bounds(), err)
	}
	keys, _ := openDemo(t).Keys(t.Context())
	c, err := pass.Parse(strings.TrimSpace(text))
	if err != nil {
		t.Fatal(err)
	}
	if v, err := (&pass.Verifier{Keys: keyList(keys)}).Verify(c, time.Now()); err != nil || v.Status != "red" {
		t.Errorf("demo pass against a demo server's keys: %+v, %v", v, err)
	}
	art, err := terminalQR(strings.TrimSpace(text))
	if err != nil || strings.Count(art, "\n") < 25 {
		t.Errorf("terminal QR: %d rows, %v", strings.Count(art, "\n"), err)
	}
	if code, _, _ := runMain(t, "pass", "--demo", "--iin", "900101300018"); code != ExitUsage {
		t.Errorf("bad IIN: exit %d", code)
	}
}
