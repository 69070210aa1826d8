package servercli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/wire"
)

// hostileBodies are the worst /v1/events bodies within api.MaxBatchBytes that
// we could construct: each aims at a different allocation.
func hostileBodies() []struct {
	name string
	body []byte
} {
	fill := func(head, elem, sep, tail string) []byte {
		var b bytes.Buffer
		b.WriteString(head)
		for first := true; b.Len()+len(sep)+len(elem)+len(tail) < api.MaxBatchBytes-64; first = false {
			if !first {
				b.WriteString(sep)
			}
			b.WriteString(elem)
		}
		b.WriteString(tail)
		return b.Bytes()
	}
	long := strings.Repeat("x", api.MaxBatchBytes-200)
	valid := func() []byte {
		evs := make([]wire.Event, api.MaxBatchEvents)
		for i := range evs {
			evs[i] = wire.Event{ID: fmt.Sprintf("01900000-0000-7000-8000-%012d", i), Device: "dev-rss",
				Seq: uint64(i + 1), Venue: "cafe", Door: strings.Repeat("o", api.MaxDoorBytes), Kind: wire.Refusal,
				IIN: "900101300017", Status: wire.Red, Source: wire.SourceOnline, Reason: strings.Repeat("r", api.MaxReasonBytes),
				ScannedAt: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
		}
		b, _ := json.Marshal(wire.EventBatch{Device: "dev-rss", Events: evs})
		return b
	}
	return []struct {
		name string
		body []byte
	}{
		{"empty-events", fill(`{"events":[`, "{}", ",", "]}")}, // 5.5 million {}
		{"nulls", fill(`{"events":[`, "null", ",", "]}")},      // 3.3 million null
		{"one-huge-door", []byte(`{"device":"d","events":[{"door":"` + long + `"}]}`)},
		{"huge-unknown-field", []byte(`{"device":"d","pad":"` + long + `","events":[]}`)},
		{"huge-number", []byte(`{"device":"d","events":[{"seq":1` + strings.Repeat("0", api.MaxBatchBytes-200) + `}]}`)},
		{"escapes", []byte(`{"device":"d","events":[{"door":"` + strings.Repeat(`\u00e9`, (api.MaxBatchBytes-200)/6) + `"}]}`)},
		{"deep-nesting", fill(`{"events":[{"x":`, "[", "", "")},
		{"5000-valid-max-fields", valid()},
	}
}

// BenchmarkServerPeakRSS runs the real ashyq-server binary and reads its
// peak resident set (VmHWM in /proc) after it answered the worst bodies,
// one at a time and eight at once; a fresh server for each, so one peak
// does not hide another. Set ASHYQ_SERVER_BIN to measure another build.
// make bench runs it with -benchtime 1x.
func BenchmarkServerPeakRSS(b *testing.B) {
	bin := os.Getenv("ASHYQ_SERVER_BIN")
	if bin == "" {
		bin = filepath.Join(b.TempDir(), "ashyq-server")
		if out, err := exec.Command("go", "build", "-o", bin, "github.com/ashyq/kiosk/cmd/ashyq-server").CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
	}
	for _, hb := range hostileBodies() {
		for _, par := range []int{1, 8} {
			b.Run(fmt.Sprintf("%s/x%d", hb.name, par), func(b *testing.B) {
				base, pid, stop := startServerBinary(b, bin)
				defer stop()
				idle := vmHWM(b, pid)
				var codes []int
				for range b.N {
					codes = postConcurrently(b, base, hb.body, par)
				}
				peak := vmHWM(b, pid)
				b.ReportMetric(float64(peak)/1024, "peakRSS-MiB")
				b.ReportMetric(float64(idle)/1024, "idleRSS-MiB")
				b.ReportMetric(float64(peak)*1024/float64(par*len(hb.body)), "peak/body-bytes")
				b.Logf("%s x%d: body %.1f MiB, answers %v, peak RSS %.0f MiB (idle %.0f MiB)",
					hb.name, par, float64(len(hb.body))/(1<<20), codes, float64(peak)/1024, float64(idle)/1024)
			})
		}
	}
}

// rssToken is the benchmark's device token (strong enough for --token).
const rssToken = "rss-token-5c8e1b4f7a2d9c6e3b0f8a5d"

func startServerBinary(b *testing.B, bin string) (base string, pid int, stop func()) {
	b.Helper()
	dir := b.TempDir()
	cmd := exec.Command(bin, "--data", dir, "--listen", "127.0.0.1:0", "--token", rssToken+"=cafe",
		"--log", filepath.Join(dir, "server.log"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	if !sc.Scan() {
		cmd.Process.Kill()
		b.Fatal("ashyq-server printed nothing")
	}
	base = strings.TrimPrefix(sc.Text(), "listening on ")
	go io.Copy(io.Discard, out)
	return base, cmd.Process.Pid, func() { cmd.Process.Kill(); cmd.Wait() }
}

// postConcurrently posts body n times at once and returns the status codes.
func postConcurrently(b *testing.B, base string, body []byte, n int) []int {
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", base+"/v1/events", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+rssToken)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				codes[i] = -1 // the server closed the connection mid-body after answering
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	return codes
}

// vmHWM is the process's peak resident set in KiB.
func vmHWM(b *testing.B, pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatal("no VmHWM in /proc status")
	return 0
}
