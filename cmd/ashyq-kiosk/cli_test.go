package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func runKiosk(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(kioskBin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestHeadlessVerdictLines(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binaries")
	}
	up := startServer(t)
	cfg := writeConfig(t, up.URL, t.TempDir(), "cli-door-1", "")
	in := "900101300017\n771203300035\n900101300018\n\x1b[2Jnot a code\n"
	out, errOut, code := runKiosk(t, in, "--config", cfg, "--headless")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 lines, got %d:\n%s", len(lines), out)
	}
	want := []struct{ verdict, status string }{{"welcome", "green"}, {"denied", "red"}, {"invalid", ""}, {"invalid", ""}}
	for i, l := range lines {
		var v struct{ Verdict, Status, IIN, Error string }
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("line %d %q: %v", i, l, err)
		}
		if v.Verdict != want[i].verdict || v.Status != want[i].status {
			t.Errorf("line %d = %s", i, l)
		}
	}
	if strings.Contains(out, "900101300017") || strings.Contains(out, "\x1b") {
		t.Errorf("output carries an unmasked IIN or a raw escape:\n%q", out)
	}
	if !strings.Contains(lines[2], "check digit") {
		t.Errorf("invalid IIN line does not say why: %s", lines[2])
	}
}

func TestBrokenConfigNamesFileAndKey(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(p, []byte("[device]\nid = \"x\"\nvenue = \"v\"\nmode = \"sideways\"\n[upstream]\nurl=\"http://127.0.0.1:1\"\ntoken=\"t\"\n"), 0o600)
	_, errOut, code := runKiosk(t, "", "--config", p, "--headless")
	if code != 2 || !strings.Contains(errOut, p) || !strings.Contains(errOut, "device.mode") || !strings.Contains(errOut, `"entrance", "exit"`) {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runKiosk(t, "", "--config", filepath.Join(t.TempDir(), "missing.toml"))
	if code != 2 || !strings.Contains(errOut, "missing.toml") {
		t.Fatalf("missing file: exit %d, stderr %q", code, errOut)
	}
}

func TestSecondKioskOnSameDataDir(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binaries")
	}
	up := startServer(t)
	data := t.TempDir()
	cfg := writeConfig(t, up.URL, data, "lock-door-1", "")
	first := exec.Command(kioskBin, "--config", cfg, "--headless")
	stdin, _ := first.StdinPipe()
	stdout, _ := first.StdoutPipe()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); first.Wait() }()
	// Once the first kiosk answered, it holds the outbox.
	stdin.Write([]byte("900101300017\n"))
	if !bufio.NewScanner(stdout).Scan() {
		t.Fatal("first kiosk printed nothing")
	}
	start := time.Now()
	_, errOut, code := runKiosk(t, "", "--config", cfg, "--headless")
	if code != 1 || !strings.Contains(errOut, "held by another process") || !strings.Contains(errOut, data) {
		t.Fatalf("second kiosk: exit %d, stderr %q", code, errOut)
	}
	if n := strings.Count(errOut, "outbox.db"); n != 1 {
		t.Errorf("the error names the outbox %d times: %q", n, errOut)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("second kiosk took %s to give up", time.Since(start))
	}
}

func TestCorruptOutboxIsMovedAside(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binaries")
	}
	up := startServer(t)
	data := t.TempDir()
	junk := make([]byte, 64<<10)
	for i := range junk {
		junk[i] = byte(i * 7)
	}
	os.WriteFile(filepath.Join(data, "outbox.db"), junk, 0o600)
	cfg := writeConfig(t, up.URL, data, "corrupt-door-1", "")
	out, errOut, code := runKiosk(t, "900101300017\n", "--config", cfg, "--headless")
	if code != 0 || !strings.Contains(out, `"welcome"`) {
		t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
	}
	moved, _ := filepath.Glob(filepath.Join(data, "outbox.db.corrupt-*"))
	if len(moved) != 1 || !strings.Contains(errOut, moved[0]) {
		t.Fatalf("moved files %v, stderr %q", moved, errOut)
	}
	if b, _ := os.ReadFile(moved[0]); len(b) != len(junk) {
		t.Errorf("the corrupt file was altered: %d bytes", len(b))
	}
}

func TestVersionAndHelp(t *testing.T) {
	out, _, code := runKiosk(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "ashyq-kiosk ") {
		t.Errorf("version: %d %q", code, out)
	}
	helpOut, errOut, code := runKiosk(t, "", "--help")
	if code != 0 || errOut != "" || !strings.Contains(helpOut, "Camera:") || !strings.Contains(helpOut, "  --headless\n") {
		t.Errorf("help: exit %d, stdout %q, stderr %q", code, helpOut, errOut)
	}
}

// TestFullScreenWithoutTerminal: started with stdin from /dev/null (a naive
// service unit), the full-screen kiosk says plainly it needs a terminal and
// how to run it, writes no escape codes and names no temporary log file.
func TestFullScreenWithoutTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	for _, args := range [][]string{{"--demo"}, {"--config", writeConfig(t, "http://127.0.0.1:1", t.TempDir(), "tty-door-1", "")}} {
		cmd := exec.Command(kioskBin, args...)
		devnull, err := os.Open(os.DevNull)
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdin = devnull
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err = cmd.Run()
		devnull.Close()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Errorf("%v: exit %v, want 2", args, err)
		}
		all := out.String() + errb.String()
		for _, want := range []string{"needs a terminal", "--headless", "tty"} {
			if !strings.Contains(errb.String(), want) {
				t.Errorf("%v: stderr lacks %q: %q", args, want, errb.String())
			}
		}
		if strings.Contains(all, "\x1b") || strings.Contains(all, "ashyq-kiosk-demo-") || strings.Contains(all, "epoll") {
			t.Errorf("%v: escape codes, a temp path or a cryptic error in the output: %q", args, all)
		}
	}
}
