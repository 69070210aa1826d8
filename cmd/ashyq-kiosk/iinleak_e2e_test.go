package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire/iin"
)

// leakPayloads are issue 8's payloads that put a full IIN in the output:
// embedded in JSON, a link, a prefix, a CSV line, a long line, other digit
// scripts, two IINs run together.
var leakPayloads = []string{
	`{"iin":"900101300017"}`,
	"https://example.kz/check?iin=900101300017",
	"IIN-CODE:900101300017",
	"900101300017;Ivanov Ivan",
	"900101300017" + strings.Repeat("A", 4988),
	"９００１０１３０００１７",
	"٩٠٠١٠١٣٠٠٠١٧",
	"900101300017950630400059",
	"771203300035",
	"Name: Ivanov, IIN 9\u200b00101300017, checked",
}

// noIIN fails when text holds a valid IIN in any digit script.
func noIIN(t *testing.T, where, text string) {
	t.Helper()
	if found := iin.FindValid(text); found != "" {
		i := strings.Index(text, found)
		t.Errorf("%s shows the IIN %s unmasked (near %q)", where, iin.Mask(found), text[max(0, i-60):min(len(text), i+40)])
	}
}

// TestNoIINLeavesHeadless: none of the payloads reaches --headless output,
// stderr or the log with its IIN unmasked.
func TestNoIINLeavesHeadless(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binaries")
	}
	up := startServer(t)
	dataDir := t.TempDir()
	cfg := writeConfig(t, up.URL, dataDir, "leak-door-1", "")
	out, errOut, code := runKiosk(t, strings.Join(leakPayloads, "\n")+"\n", "--config", cfg, "--headless")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if n := strings.Count(out, "\n"); n != len(leakPayloads) {
		t.Errorf("%d verdict lines for %d payloads:\n%s", n, len(leakPayloads), out)
	}
	noIIN(t, "--headless output", out)
	noIIN(t, "stderr", errOut)
	logText, err := os.ReadFile(filepath.Join(dataDir, "ashyq-kiosk.log"))
	if err != nil {
		t.Fatal(err)
	}
	noIIN(t, "the log", string(logText))
}

// TestNoIINLeavesTUI: the same payloads arrive from a barcode scanner (a
// fast burst ending in Enter) at the real full-screen kiosk; neither the
// screen nor the log shows an IIN.
func TestNoIINLeavesTUI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binaries in a pty")
	}
	up := startServer(t)
	dataDir := t.TempDir()
	cfg := writeConfig(t, up.URL, dataDir, "leak-door-2", "")
	k := startKioskTTY(t, cfg)
	k.scr.WaitFor(t, 20*time.Second, "demo-cafe", "main")
	for _, p := range leakPayloads {
		if len(p) > 1000 {
			p = p[:1000] // a terminal line discipline holds at most 4 KiB
		}
		k.scr.Mark()
		k.tty.Write([]byte(p + "\r"))
		k.scr.WaitFor(t, 15*time.Second, "••••")
		k.tty.Write([]byte(" ")) // back to idle
		// A door's pace, not a jammed scanner's: the wedge throttle lets
		// five scans through at once, then one a second.
		time.Sleep(1100 * time.Millisecond)
	}
	k.quit(t)
	k.scr.mu.Lock()
	raw := k.scr.raw.String()
	k.scr.mu.Unlock()
	noIIN(t, "the screen", ansi.ReplaceAllString(raw, ""))
	logText, err := os.ReadFile(filepath.Join(dataDir, "ashyq-kiosk.log"))
	if err != nil {
		t.Fatal(err)
	}
	noIIN(t, "the log", string(logText))
}
