package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// soakPayloads cycles through demo IINs of every colour and unknown ones.
var soakPayloads = []string{
	"900101300017", "950630400059", "850523400026", "771203300035", "010202500042",
	"061211600012", "900101300811",
}

// TestSoak feeds scans through `ashyq-kiosk --headless` while SIGKILLing it at
// random moments and while the upstream fails, delays, resets and half-accepts
// at random; then lets a last run drain the outbox and checks that the
// upstream holds exactly one copy of every event the kiosk printed a verdict
// for, and no gap in the device's sequence. `make soak` (ASHYQ_SOAK=1) runs it
// long; `make test` runs a short version.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs both binaries")
	}
	rounds, perRound := 4, 150
	if os.Getenv("ASHYQ_SOAK") != "" {
		rounds, perRound = 40, 400
	}
	seed := time.Now().UnixNano()
	if s := os.Getenv("ASHYQ_SOAK_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	t.Logf("seed %d (ASHYQ_SOAK_SEED=%d reproduces the kill timing)", seed, seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 7))

	up := startServer(t, "--fail-rate", "0.2", "--reset-rate", "0.1", "--partial-rate", "0.3",
		"--delay", "2ms", "--retry-after", "1s", "--seed", strconv.FormatInt(seed, 10))
	dataDir := t.TempDir()
	cfg := writeConfig(t, up.URL, dataDir, "soak-door-1", "")

	printed := map[string]uint64{} // event id -> seq, for every verdict the kiosk printed
	scans, kills := 0, 0
	for r := 0; r < rounds; r++ {
		killAfter := time.Duration(30+rng.IntN(1200)) * time.Millisecond
		got, sent := headlessRound(t, cfg, perRound, killAfter, r)
		scans += sent
		kills++
		for id, seq := range got {
			if _, dup := printed[id]; dup {
				t.Fatalf("event id %s printed twice", id)
			}
			printed[id] = seq
		}
	}
	// A last, clean run with no input drains the outbox.
	drain := exec.Command(kioskBin, "--config", cfg, "--headless", "--flush-timeout", "90s")
	drain.Stdin = nil
	out, err := drain.CombinedOutput()
	if err != nil {
		t.Fatalf("drain run: %v\n%s", err, out)
	}
	if len(out) != 0 {
		t.Fatalf("drain run left records behind: %s", out)
	}

	events := up.allEvents(t)
	copies := map[string]int{}
	for _, ev := range events {
		copies[ev.ID]++
	}
	for id, n := range copies {
		if n != 1 {
			t.Errorf("upstream holds %d copies of %s", n, id)
		}
	}
	missing := 0
	for id := range printed {
		if copies[id] != 1 {
			missing++
		}
	}
	var dev wire.DeviceReport
	up.get(t, "/v1/devices/soak-door-1", &dev)
	summary := fmt.Sprintf("soak: %d rounds, %d SIGKILLs, %d lines offered on stdin, %d verdicts printed, "+
		"%d events upstream (%d recorded but killed before printing), %d printed but missing, "+
		"device max seq %d, received %d, gaps %v",
		rounds, kills, scans, len(printed), len(events), len(events)-len(printed), missing,
		dev.MaxSeq, dev.Received, dev.Gaps)
	t.Log(summary)
	if os.Getenv("ASHYQ_SOAK") != "" {
		fmt.Println(summary)
	}
	if missing > 0 || len(dev.Gaps) > 0 || int(dev.Received) != len(events) || dev.MaxSeq != uint64(len(events)) {
		t.Fatalf("records lost or duplicated: %s", summary)
	}
	if len(printed) == 0 {
		t.Fatal("no verdict was printed at all: the soak proved nothing")
	}
}

// headlessRound starts the kiosk, writes up to n scans, SIGKILLs it after
// killAfter, and returns the event ids (with seqs) of the verdicts it
// printed.
func headlessRound(t *testing.T, cfg string, n int, killAfter time.Duration, round int) (map[string]uint64, int) {
	t.Helper()
	cmd := exec.Command(kioskBin, "--config", cfg, "--headless", "--flush-timeout", "0s")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sent := 0
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w := bufio.NewWriter(stdin)
		for i := 0; i < n; i++ {
			if _, err := fmt.Fprintln(w, soakPayloads[(round+i)%len(soakPayloads)]); err != nil {
				return
			}
			if w.Flush() != nil {
				return
			}
			sent++
		}
		stdin.Close()
	}()
	got := map[string]uint64{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var line struct {
				EventID  string `json:"event_id"`
				Seq      uint64 `json:"seq"`
				Recorded bool   `json:"recorded"`
			}
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Recorded {
				got[line.EventID] = line.Seq
			}
		}
	}()
	time.Sleep(killAfter)
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	cmd.Wait()
	wg.Wait()
	return got, sent
}
