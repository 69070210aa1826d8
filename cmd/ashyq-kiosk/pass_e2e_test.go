package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// phone runs `ashyq-server pass` against a running server and returns one
// code; with png it also writes the frame there.
func phone(t *testing.T, up *upstreamProc, keyFile, png, venue string) string {
	t.Helper()
	args := []string{"pass", "--server", up.URL, "--iin", "900101300017", "--holder-key", keyFile, "--venue", venue}
	if png != "" {
		args = append(args, "--png", png)
	} else {
		args = append(args, "--once")
	}
	cmd := exec.Command(serverBin, args...)
	cmd.Env = append(os.Environ(), "ASHYQ_OPERATOR_TOKEN=demo-operator")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ashyq-server pass: %v", err)
	}
	return strings.TrimRight(string(out), "\n")
}

type checkLine struct {
	Verdict, Status, Source, Reason string
	PassID                          string `json:"pass_id"`
	Recorded                        bool
	EventID                         string `json:"event_id"`
}

func decodeLine(t *testing.T, s string) checkLine {
	t.Helper()
	var l checkLine
	if err := json.Unmarshal([]byte(strings.TrimSpace(s)), &l); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return l
}

// A pass is read from its PNG by the kiosk's decoder, checked online, and
// with the upstream stopped it still gets a verdict: from the pass.
func TestPassWithTheUpstreamStopped(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binaries")
	}
	up := startServer(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "holder.key")
	png := filepath.Join(dir, "pass.png")
	first := phone(t, up, key, png, "")
	decoded, errOut, code := runKiosk(t, "", "decode", "--reveal", png)
	if code != 0 || strings.TrimSpace(strings.SplitN(decoded, "\t", 2)[1]) != first {
		t.Fatalf("decode of the PNG (exit %d, %s) is not the code printed:\n%s\n%s", code, errOut, decoded, first)
	}
	// Proofs made in the same second for the same venue are the same
	// code (a phone shows one for 30 s): a venue, or the next second, makes
	// another.
	second := phone(t, up, key, "", "demo-cafe")
	time.Sleep(1100 * time.Millisecond)
	third := phone(t, up, key, "", "")
	cfg := writeConfig(t, up.URL, t.TempDir(), "pass-door-1", "[offline]\npolicy = \"deny\"\n")

	out, errOut, code := runKiosk(t, first+"\n"+first+"\n", "--config", cfg, "--headless", "--flush-timeout", "5s")
	if code != 0 {
		t.Fatalf("headless online: exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if l := decodeLine(t, lines[0]); l.Source != "online" || l.Verdict != "welcome" || l.PassID == "" {
		t.Errorf("online: %s", lines[0])
	}
	if l := decodeLine(t, lines[1]); l.Verdict != "invalid" || l.Reason != "replay" {
		t.Errorf("the same code again: %s", lines[1])
	}

	up.cmd.Process.Signal(syscall.SIGTERM) // the upstream is gone
	up.cmd.Wait()

	out, errOut, code = runKiosk(t, "", "check", "--config", cfg, second)
	if code != 0 {
		t.Fatalf("check: exit %d: %s %s", code, out, errOut)
	}
	if l := decodeLine(t, out); l.Source != "pass" || l.Verdict != "welcome" || l.Recorded || l.EventID != "" {
		t.Errorf("check with the upstream stopped: %s", out)
	}
	out, _, code = runKiosk(t, "", "check", "--config", cfg, "--offline", "AQ1:"+strings.ToLower(second[4:]))
	if l := decodeLine(t, out); code != 1 || l.Verdict != "invalid" || l.Reason != "garbled" {
		t.Errorf("check of a garbled pass: exit %d %s", code, out)
	}
	out, errOut, code = runKiosk(t, third+"\n900101300017\n", "--config", cfg, "--headless", "--flush-timeout", "1s")
	if code != 0 {
		t.Fatalf("headless offline: exit %d: %s", code, errOut)
	}
	lines = strings.Split(strings.TrimSpace(out), "\n")
	if l := decodeLine(t, lines[0]); l.Source != "pass" || l.Verdict != "welcome" || !l.Recorded {
		t.Errorf("pass with the upstream stopped: %s", lines[0])
	}
	// The same person typed without a pass: the status cached online by
	// the first run (a pass comes before the cache, the cache before none).
	if l := decodeLine(t, lines[1]); l.Source != "cache" || l.Verdict != "welcome" {
		t.Errorf("IIN with the upstream stopped: %s", lines[1])
	}
}

// The TUI in a pseudo-terminal: the idle screen says when the pass keys were
// refreshed, a pasted pass (a burst, like a barcode scanner's) is judged
// online, and with the upstream stopped from the pass itself.
func TestPassInTheTerminalUI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binaries")
	}
	up := startServer(t)
	key := filepath.Join(t.TempDir(), "holder.key")
	online := phone(t, up, key, "", "")
	offline := phone(t, up, key, "", "demo-cafe")
	cfg := writeConfig(t, up.URL, t.TempDir(), "pass-tui-1", "")
	k := startKioskTTY(t, cfg)
	tty, scr := k.tty, k.scr
	scr.WaitFor(t, 20*time.Second, "demo-cafe", "Pass keys updated")
	scr.Mark()
	tty.Write([]byte(online + "\r"))
	scr.WaitFor(t, 15*time.Second, "••••••••0017", "Status checked online")
	tty.Write([]byte(" "))

	up.cmd.Process.Signal(syscall.SIGTERM)
	up.cmd.Wait()
	scr.WaitFor(t, 10*time.Second, "demo-cafe")
	scr.Mark()
	tty.Write([]byte(offline + "\r"))
	raw := scr.WaitFor(t, 15*time.Second, "••••••••0017", "Offline: status from the signed pass")
	if !showsBig(ansi.ReplaceAllString(raw, ""), "WELCOME") {
		t.Errorf("no WELCOME from the pass:\n%s", tail(ansi.ReplaceAllString(raw, ""), 3000))
	}
	tty.Write([]byte(" "))
	// The same code again, passed back through the queue: refused, and the
	// screen says why. (Within 3 s the wedge throttle takes it for a code
	// left in front of the scanner and drops it, while its verdict shows.)
	time.Sleep(3200 * time.Millisecond)
	scr.Mark()
	tty.Write([]byte(offline + "\r"))
	scr.WaitFor(t, 15*time.Second, "This exact code was scanned already")
}

// check works while the kiosk runs on the same data directory: the trust
// store is open only while read, and the outbox the kiosk holds is left out.
func TestCheckWhileTheKioskRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binaries")
	}
	up := startServer(t)
	cfg := writeConfig(t, up.URL, t.TempDir(), "pass-check-1", "")
	cmd := exec.Command(kioskBin, "--config", cfg, "--headless")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	// One verdict from the running kiosk proves it holds the data directory.
	stdin.Write([]byte("900101300017\n"))
	line := make([]byte, 4096)
	if n, err := stdout.Read(line); err != nil || !strings.Contains(string(line[:n]), `"verdict":"welcome"`) {
		t.Fatalf("running kiosk: %q %v", line[:n], err)
	}
	code := phone(t, up, filepath.Join(t.TempDir(), "k"), "", "")
	out, errOut, exit := runKiosk(t, "", "check", "--config", cfg, code)
	if l := decodeLine(t, out); exit != 0 || l.Source != "online" || l.Recorded {
		t.Fatalf("check beside a running kiosk: exit %d %s %s", exit, out, errOut)
	}
	if !strings.Contains(errOut, "status cache not consulted: the running kiosk holds it") {
		t.Errorf("check does not say the cache was left out: %q", errOut)
	}
}
