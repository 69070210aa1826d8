package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/ashyq/kiosk/kiosk/tui/bigtext"
)

// TestEndToEndPTY runs the real kiosk binary in a pseudo-terminal against the
// real ashyq-server, types a demo IIN of each colour as staff would, reads the
// screen, and checks the upstream's occupancy.
func TestEndToEndPTY(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs both binaries")
	}
	up := startServer(t)
	cfg := writeConfig(t, up.URL, t.TempDir(), "e2e-door-1", "")

	cmd := exec.Command(kioskBin, "--config", cfg)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORTERM=truecolor")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	scr := &screen{}
	go func() { _, _ = copyAll(scr, tty) }()
	exited := make(chan struct{})
	var exitErr error
	go func() { exitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		select {
		case <-exited:
		default:
			cmd.Process.Kill()
			<-exited
		}
	})

	scr.WaitFor(t, 20*time.Second, "demo-cafe", "main")
	steps := []struct {
		iin, masked string
		want        []string
	}{
		{"900101300017", "0017", []string{"GREEN", "WELCOME"}},
		{"850523400026", "0026", []string{"YELLOW", "DENIED"}},
		{"771203300035", "0035", []string{"RED", "DENIED"}},
		{"010202500042", "0042", []string{"BLUE", "WELCOME"}},
		{"950630400059", "0059", []string{"GREEN", "WELCOME"}},
	}
	for _, st := range steps {
		typeSlowly(t, tty, st.iin) // the field echoes what staff type
		scr.Mark()                 // from here on only the result screen counts
		tty.Write([]byte("\r"))
		raw := scr.WaitFor(t, 15*time.Second, "••••••••"+st.masked, "Status checked online")
		for _, word := range st.want {
			if !showsBig(ansi.ReplaceAllString(raw, ""), word) {
				t.Errorf("%s: the result screen does not show %s in big letters:\n%s", st.iin, word, tail(ansi.ReplaceAllString(raw, ""), 4000))
			}
		}
		if strings.Contains(raw, st.iin) {
			t.Errorf("the full IIN %s reached the screen unmasked", st.iin)
		}
		scr.Mark()
		tty.Write([]byte(" ")) // any key returns to idle
		scr.WaitFor(t, 10*time.Second, "demo-cafe")
	}

	// An invalid IIN says why and records nothing.
	scr.Mark()
	typeSlowly(t, tty, "900101300018")
	tty.Write([]byte("\r"))
	scr.WaitFor(t, 10*time.Second, "check digit")
	tty.Write([]byte(" "))
	t.Log("all scans answered; waiting for the upstream")

	// The syncer delivers: 3 entries (green, blue, green) and 2 refusals.
	deadline := time.Now().Add(20 * time.Second)
	for {
		occ := up.occupancy(t)
		if occ.Inside == 3 && occ.Entries == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("upstream occupancy = %+v, want 3 inside", occ)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if evs := up.allEvents(t); len(evs) != 5 {
		t.Errorf("upstream holds %d events, want 5 (3 entries, 2 refusals)", len(evs))
	}

	// ctrl+c twice: a kiosk does not quit on one stray key.
	tty.Write([]byte{3})
	time.Sleep(100 * time.Millisecond)
	tty.Write([]byte{3})
	select {
	case <-exited:
		if exitErr != nil {
			t.Errorf("kiosk exit: %v", exitErr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("kiosk did not exit on ctrl+c")
	}
}

// showsBig reports whether word appears in the block font at some scale:
// every row of its rendering is somewhere in the output.
func showsBig(plain, word string) bool {
	for _, s := range bigtext.Scales() {
		block, ok := bigtext.RenderAt(word, s, 400, 1000)
		if !ok {
			continue
		}
		all := true
		for _, row := range strings.Split(block, "\n") {
			if !strings.Contains(plain, strings.TrimRight(row, " ")) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// typeSlowly types like a person (20 ms between keys), so the kiosk sees
// keyboard input rather than a barcode scanner.
func typeSlowly(t *testing.T, tty *os.File, s string) {
	t.Helper()
	for _, r := range s {
		if _, err := tty.Write([]byte(string(r))); err != nil {
			t.Fatal(err)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// copyAll reads the kiosk's terminal into dst, answering as a terminal
// emulator does the two queries termenv sends when bubbletea starts (the
// background colour, then the cursor position): unanswered, each start
// waits termenv's 5 s timeout, which no real screen makes the kiosk wait.
func copyAll(dst *screen, src *os.File) (int64, error) {
	buf := make([]byte, 32*1024)
	var n int64
	for {
		k, err := src.Read(buf)
		if k > 0 {
			dst.Write(buf[:k])
			n += int64(k)
			if bytes.Contains(buf[:k], []byte("\x1b]11;?")) {
				src.Write([]byte("\x1b]11;rgb:0000/0000/0000\x1b\\"))
			}
			if bytes.Contains(buf[:k], []byte("\x1b[6n")) {
				src.Write([]byte("\x1b[1;1R"))
			}
		}
		if err != nil {
			return n, err
		}
	}
}
