package outbox_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/outbox"
)

const crashEnv = "OUTBOX_CRASH_HELPER_PATH"

// TestHelperProcess is the child of TestCrashKeepsEveryReportedSeq: it
// appends from several goroutines and prints each seq the moment Append
// returns, until it is killed. Run normally, it does nothing.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		return
	}
	o, err := outbox.Open(path, outbox.Options{LockTimeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper open:", err)
		os.Exit(2)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				ev, err := o.Append(context.Background(), testEvent(w*1_000_000+i))
				if err != nil {
					fmt.Fprintln(os.Stderr, "helper append:", err)
					os.Exit(3)
				}
				mu.Lock()
				fmt.Fprintf(os.Stdout, "seq %d\n", ev.Seq) // os.Stdout is unbuffered
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// TestCrashKeepsEveryReportedSeq kills a writing process at random moments
// and checks that every seq it reported is stored and the seqs stay
// gap-free: a verdict shown is a record kept.
func TestCrashKeepsEveryReportedSeq(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.db")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	reported := map[uint64]bool{}
	for round := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan uint64, 1024)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if v, ok := strings.CutPrefix(sc.Text(), "seq "); ok {
					if seq, err := strconv.ParseUint(v, 10, 64); err == nil {
						lines <- seq
					}
				}
			}
		}()
		// Let it write for a random while after its first record, then kill.
		first, ok := <-lines
		if !ok {
			cmd.Wait()
			t.Fatalf("round %d: helper wrote nothing; stderr:\n%s", round, stderr.String())
		}
		reported[first] = true
		time.Sleep(time.Duration(20+rng.IntN(200)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		n := 1
		for seq := range lines {
			reported[seq] = true
			n++
		}
		cmd.Wait()

		o, err := outbox.Open(path, outbox.Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		if o.Recovered() != nil {
			t.Fatalf("round %d: file corrupt after kill: %v", round, o.Recovered().Cause)
		}
		pending, err := o.Pending(0)
		st := mustStats(t, o)
		o.Close()
		if err != nil {
			t.Fatal(err)
		}
		stored := map[uint64]bool{}
		for i, ev := range pending {
			if ev.Seq != uint64(i+1) {
				t.Fatalf("round %d: stored seqs not gap-free 1..N: position %d has seq %d", round, i, ev.Seq)
			}
			stored[ev.Seq] = true
		}
		if st.LastSeq != uint64(len(pending)) {
			t.Fatalf("round %d: last seq %d but %d events stored", round, st.LastSeq, len(pending))
		}
		for seq := range reported {
			if !stored[seq] {
				t.Fatalf("round %d: seq %d was reported to the caller but is not stored", round, seq)
			}
		}
		t.Logf("round %d: %d seqs reported this round, %d stored in total", round, n, len(pending))
	}
}
