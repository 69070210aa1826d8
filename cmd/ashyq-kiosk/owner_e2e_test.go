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

	"github.com/creack/pty"
)

// kioskTTY is the real kiosk binary running in a pseudo-terminal.
type kioskTTY struct {
	tty    *os.File
	proc   *os.Process
	scr    *screen
	exited chan struct{}
	err    error // cmd.Wait's, once exited is closed
}

func startKioskTTY(t testing.TB, cfg string) *kioskTTY {
	t.Helper()
	return startTTY(t, "--config", cfg)
}

// startDemoTTY starts `ashyq-kiosk --demo` in a pseudo-terminal.
func startDemoTTY(t testing.TB) *kioskTTY {
	t.Helper()
	return startTTY(t, "--demo")
}

func startTTY(t testing.TB, args ...string) *kioskTTY {
	t.Helper()
	cmd := exec.Command(kioskBin, args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORTERM=truecolor")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		t.Fatal(err)
	}
	k := &kioskTTY{tty: tty, proc: cmd.Process, scr: &screen{}, exited: make(chan struct{})}
	go func() { _, _ = copyAll(k.scr, tty) }()
	go func() { k.err = cmd.Wait(); close(k.exited) }()
	t.Cleanup(func() {
		select {
		case <-k.exited:
		default:
			cmd.Process.Kill()
			<-k.exited
		}
		tty.Close()
	})
	return k
}

// quit presses ctrl+c twice and waits for a clean exit.
func (k *kioskTTY) quit(t *testing.T) {
	t.Helper()
	k.ctrlCTwice()
	k.waitExit(t, "on ctrl+c")
}

func (k *kioskTTY) ctrlCTwice() {
	k.tty.Write([]byte{3})
	time.Sleep(100 * time.Millisecond)
	k.tty.Write([]byte{3})
}

// waitExit waits for a clean exit after what.
func (k *kioskTTY) waitExit(t *testing.T, after string) {
	t.Helper()
	select {
	case <-k.exited:
		if k.err != nil {
			t.Errorf("kiosk exit: %v", k.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("kiosk did not exit " + after)
	}
}

// scanExit types a demo IIN as staff would and expects a GOODBYE screen.
func (k *kioskTTY) scanExit(t *testing.T, iin, masked string) {
	t.Helper()
	typeSlowly(t, k.tty, iin)
	k.scr.Mark()
	k.tty.Write([]byte("\r"))
	raw := k.scr.WaitFor(t, 15*time.Second, "••••••••"+masked, "Exit recorded") // no lookup at an exit
	if plain := ansi.ReplaceAllString(raw, ""); !showsBig(plain, "GOODBYE") {
		t.Errorf("%s: no GOODBYE in big letters after switching to exit:\n%s", iin, tail(plain, 4000))
	}
	k.scr.Mark()
	k.tty.Write([]byte(" ")) // back to idle
	k.scr.WaitFor(t, 10*time.Second, "demo-cafe")
}

func waitExits(t *testing.T, up *upstreamProc, want int64) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		occ := up.occupancy(t)
		if occ.Exits == want && occ.Entries == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("upstream occupancy = %+v, want %d exits and no entries", occ, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestOwnerMenuPTY: an owner presses F2 on the real kiosk, types the PIN,
// switches the device to exit; the next visitor is recorded upstream as an
// exit; after a restart the kiosk is still in exit mode.
func TestOwnerMenuPTY(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs both binaries")
	}
	up := startServer(t)
	dataDir := t.TempDir()
	cfg := writeConfig(t, up.URL, dataDir, "e2e-owner-1", "[owner]\npin = \"4826\"\n")

	k := startKioskTTY(t, cfg)
	k.scr.WaitFor(t, 20*time.Second, "demo-cafe", "main")
	k.scr.Mark()
	k.tty.Write([]byte("\x1bOQ")) // F2 (xterm)
	k.scr.WaitFor(t, 10*time.Second, "OWNER MENU", "Owner PIN:")
	typeSlowly(t, k.tty, "4826")
	k.tty.Write([]byte("\r"))
	k.scr.WaitFor(t, 10*time.Second, "Door mode", "2  EXIT")
	k.scr.Mark()
	typeSlowly(t, k.tty, "2")
	k.tty.Write([]byte("\r"))
	k.scr.WaitFor(t, 10*time.Second, "Saved: kept after a restart")
	typeSlowly(t, k.tty, "0") // Close
	k.scr.Mark()
	k.tty.Write([]byte("\r"))
	k.scr.WaitFor(t, 10*time.Second, "Mode set by the owner", "demo-cafe")

	k.scanExit(t, "900101300017", "0017")
	waitExits(t, up, 1)

	b, err := os.ReadFile(filepath.Join(dataDir, "overrides.json"))
	if err != nil {
		t.Fatal(err)
	}
	var saved struct{ Mode, Language string }
	if err := json.Unmarshal(b, &saved); err != nil || saved.Mode != "exit" || saved.Language != "en" {
		t.Errorf("overrides.json = %s (%v); want mode exit, language en", b, err)
	}
	k.quitWithPIN(t, "4826")

	// A restart keeps the owner's choice: the next visitor leaves too.
	k = startKioskTTY(t, cfg)
	k.scr.WaitFor(t, 20*time.Second, "demo-cafe", "Mode set by the owner")
	k.scanExit(t, "950630400059", "0059")
	waitExits(t, up, 2)
	k.quitWithPIN(t, "4826")
	logText, err := os.ReadFile(filepath.Join(dataDir, "ashyq-kiosk.log"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"owner override in effect", "owner changed the device mode", "old=entrance new=exit"} {
		if !strings.Contains(string(logText), want) {
			t.Errorf("the kiosk log lacks %q", want)
		}
	}
	if strings.Contains(string(logText), "4826") {
		t.Error("the kiosk log shows the owner PIN")
	}
}

// quitWithPIN presses ctrl+c twice, types the owner PIN and waits for a
// clean exit: with a PIN set the keyboard alone cannot quit.
func (k *kioskTTY) quitWithPIN(t *testing.T, pin string) {
	t.Helper()
	k.scr.Mark()
	k.ctrlCTwice()
	k.scr.WaitFor(t, 10*time.Second, "OWNER PIN NEEDED", "Owner PIN:")
	select {
	case <-k.exited:
		t.Fatal("the kiosk quit on ctrl+c without its PIN")
	default:
	}
	typeSlowly(t, k.tty, pin)
	k.tty.Write([]byte("\r"))
	k.waitExit(t, "after the PIN")
}

// TestPINLockSurvivesRestart: three wrong PINs lock the owner menu, and a
// restart of the real kiosk does not lift the lock (a restart loop used to
// give 3 fresh tries every 2 s); the next lock is longer.
func TestPINLockSurvivesRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dataDir := t.TempDir()
	cfg := writeConfig(t, "http://127.0.0.1:1", dataDir, "pin-door-1", "[owner]\npin = \"4826\"\n")
	k := startKioskTTY(t, cfg)
	k.scr.WaitFor(t, 20*time.Second, "demo-cafe")
	k.tty.Write([]byte("\x1bOQ")) // F2
	k.scr.WaitFor(t, 10*time.Second, "Owner PIN:")
	for _, pin := range []string{"1111", "2222", "3333"} {
		typeSlowly(t, k.tty, pin)
		k.tty.Write([]byte("\r"))
		time.Sleep(200 * time.Millisecond)
	}
	k.scr.WaitFor(t, 10*time.Second, "locked for")
	k.proc.Signal(syscall.SIGTERM)
	<-k.exited

	k = startKioskTTY(t, cfg)
	k.scr.WaitFor(t, 20*time.Second, "demo-cafe")
	k.scr.Mark()
	k.tty.Write([]byte("\x1bOQ"))
	k.scr.WaitFor(t, 10*time.Second, "Too many wrong PINs", "locked for")
	k.tty.Write([]byte{0x1b}) // Esc
	k.proc.Signal(syscall.SIGTERM)
	<-k.exited
	b, err := os.ReadFile(filepath.Join(dataDir, "owner-pin-lock.json"))
	if err != nil || !strings.Contains(string(b), `"locks":1`) {
		t.Errorf("lock state on disk: %s (%v)", b, err)
	}
}

// TestQuitNeedsPINPTY: with a PIN set, ctrl+c twice on the real kiosk asks
// for the PIN instead of quitting.
func TestQuitNeedsPINPTY(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	cfg := writeConfig(t, "http://127.0.0.1:1", t.TempDir(), "pin-door-2", "[owner]\npin = \"4826\"\n")
	k := startKioskTTY(t, cfg)
	k.scr.WaitFor(t, 20*time.Second, "demo-cafe")
	k.quitWithPIN(t, "4826")
}
