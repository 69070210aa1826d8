package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ashyq/kiosk/sync/outbox"
)

// TestDiskFull puts the data directory on a real, tiny tmpfs and feeds scans
// until the disk is full. The kiosk must keep answering (with a clear "not
// recorded" error once full), and every verdict it printed must be in the
// outbox afterwards. Needs root to mount; CI runs as root.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a tmpfs and runs the binary")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=160k"); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v): the disk-full test needs root", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })

	// An upstream nobody answers: everything stays in the outbox.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + ln.Addr().String()
	ln.Close()
	cfg := writeConfig(t, dead, dir, "full-door-1", "")

	cmd := exec.Command(kioskBin, "--config", cfg, "--headless", "--flush-timeout", "0s")
	var in strings.Builder
	const scans = 4000
	for i := 0; i < scans; i++ {
		fmt.Fprintln(&in, soakPayloads[i%len(soakPayloads)])
	}
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	recorded := map[string]bool{}
	var lines, notRecorded int
	var fullMsg string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		lines++
		var l struct {
			Verdict  string `json:"verdict"`
			Error    string `json:"error"`
			EventID  string `json:"event_id"`
			Recorded bool   `json:"recorded"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		switch {
		case l.Recorded:
			recorded[l.EventID] = true
		case l.Verdict == "error":
			notRecorded++
			fullMsg = l.Error
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("kiosk died on a full disk: %v\n%s", err, stderr.String())
	}
	t.Logf("%d scans: %d recorded, %d refused as not recorded (%q)", lines, len(recorded), notRecorded, fullMsg)
	if lines != scans {
		t.Fatalf("the kiosk answered %d of %d scans", lines, scans)
	}
	if notRecorded == 0 || len(recorded) == 0 {
		t.Fatalf("the disk never filled up (or nothing fit): %d recorded, %d not", len(recorded), notRecorded)
	}
	if !strings.Contains(fullMsg, "not recorded") || !strings.Contains(fullMsg, "full") {
		t.Errorf("the error does not say the record was not kept because storage is full: %q", fullMsg)
	}

	// Everything that got a verdict is in the outbox.
	ob, err := outbox.Open(filepath.Join(dir, "outbox.db"), outbox.Options{})
	if err != nil {
		t.Fatalf("reopen the full outbox: %v", err)
	}
	defer ob.Close()
	pending, err := ob.Pending(scans)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, ev := range pending {
		have[ev.ID] = true
	}
	for id := range recorded {
		if !have[id] {
			t.Errorf("verdict %s was printed but its event is not in the outbox", id)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "outbox.db")); err != nil {
		t.Fatal(err)
	}
}
