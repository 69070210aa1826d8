package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stopDeadline is what systemd-style supervisors need: a kiosk that takes
// longer is SIGKILLed after the unit's stop timeout. It is a liveness bound
// (the bug was a hang forever), not a speed measurement.
const stopDeadline = 2 * time.Second

// TestSignalStopsFullScreenKiosk sends SIGTERM (and SIGINT) to the real
// full-screen kiosk in a pseudo-terminal many times. Every run must exit 0
// within stopDeadline with the outbox closed (the log says so). Before the
// fix, bubbletea's own signal handler blocked its shutdown in about 40 % of
// runs.
func TestSignalStopsFullScreenKiosk(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary in a pty 20 times")
	}
	dataDir := t.TempDir()
	// No upstream needed: the kiosk starts offline.
	cfg := writeConfig(t, "http://127.0.0.1:1", dataDir, "sig-door-1", "")
	var slowest time.Duration
	for i := range 20 {
		sig := syscall.SIGTERM
		if i%4 == 3 {
			sig = syscall.SIGINT
		}
		k := startKioskTTY(t, cfg)
		k.scr.WaitFor(t, 20*time.Second, "demo-cafe", "main")
		start := time.Now()
		if err := k.proc.Signal(sig); err != nil {
			t.Fatal(err)
		}
		select {
		case <-k.exited:
		case <-time.After(stopDeadline):
			t.Fatalf("run %d: kiosk still running %v after %v", i, stopDeadline, sig)
		}
		if took := time.Since(start); took > slowest {
			slowest = took
		}
		if k.err != nil {
			t.Fatalf("run %d: exit after %v: %v", i, sig, k.err)
		}
	}
	t.Logf("slowest stop: %v", slowest)
	logText, err := os.ReadFile(filepath.Join(dataDir, "ashyq-kiosk.log"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(logText), "msg=\"outbox closed\""); n != 20 {
		t.Errorf("log shows %d clean outbox closes, want 20", n)
	}
}

// TestHeadlessStopsOnSIGTERMWithQuietStdin: a turnstile keeps --headless's
// stdin open and quiet; SIGTERM must still end it at once, cleanly.
func TestHeadlessStopsOnSIGTERMWithQuietStdin(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dataDir := t.TempDir()
	cfg := writeConfig(t, "http://127.0.0.1:1", dataDir, "sig-door-2", "")
	for i := range 3 {
		cmd := exec.Command(kioskBin, "--config", cfg, "--headless", "--flush-timeout", "30s")
		stdin, err := cmd.StdinPipe() // held open, never written
		if err != nil {
			t.Fatal(err)
		}
		var errb strings.Builder
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		waitForLog(t, filepath.Join(dataDir, "ashyq-kiosk.log"), i+1, "msg=\"ashyq-kiosk starting\"")
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			var ee *exec.ExitError
			if errors.As(err, &ee) || err != nil {
				t.Errorf("run %d: exit: %v: %s", i, err, errb.String())
			}
		case <-time.After(stopDeadline):
			cmd.Process.Kill()
			<-exited
			t.Fatalf("run %d: --headless ignored SIGTERM with stdin open", i)
		}
		stdin.Close()
	}
}

// waitForLog waits until the log file holds n lines with want.
func waitForLog(t *testing.T, path string, n int, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, _ := os.ReadFile(path)
		if strings.Count(string(b), want) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("log never showed %q %d times:\n%s", want, n, tail(string(b), 2000))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
