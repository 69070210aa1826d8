package servercli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// The two venues of the contact flood: A floods, B has one real kiosk.
const (
	floodTokA = "flood-token-a-3c9e1f7b5d2a8c4e6f0b"
	floodTokB = "flood-token-b-7a2d9f4c1e8b5a3d6c0f"
)

// BenchmarkServerPeakRSSContactFlood runs the real ashyq-server binary, has
// one venue's token send 100,050 health checks with made-up device names
// from 8 connections at once (the flood: it used to fill one map
// every venue shared and grow /metrics to 27 MB), then a real kiosk of
// another venue checks in. It reports the server's peak resident set
// (VmHWM), the /metrics size, and whether venue B's kiosk is in its list.
// Set ASHYQ_SERVER_BIN to measure another build. make bench runs it with
// -benchtime 1x.
func BenchmarkServerPeakRSSContactFlood(b *testing.B) {
	bin := os.Getenv("ASHYQ_SERVER_BIN")
	if bin == "" {
		bin = filepath.Join(b.TempDir(), "ashyq-server")
		if out, err := exec.Command("go", "build", "-o", bin, "github.com/ashyq/kiosk/cmd/ashyq-server").CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
	}
	for range b.N {
		dir := b.TempDir()
		tokens := filepath.Join(dir, "tokens")
		if err := os.WriteFile(tokens, []byte(floodTokA+"=venue-a\n"+floodTokB+"=venue-b\n"), 0o600); err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command(bin, "--data", dir, "--listen", "127.0.0.1:0", "--token-file", tokens,
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
		base := strings.TrimPrefix(sc.Text(), "listening on ")
		go io.Copy(io.Discard, out)
		idle := vmHWM(b, cmd.Process.Pid)

		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}, Timeout: 30 * time.Second}
		health := func(token, device string) int {
			req, _ := http.NewRequest("GET", base+"/v1/health", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set(wire.DeviceHeader, device)
			resp, err := client.Do(req)
			if err != nil {
				return -1
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return resp.StatusCode
		}
		const names, workers = 100_050, 8
		start := time.Now()
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < names; i += workers {
					health(floodTokA, fmt.Sprintf("made-up-%06d", i))
				}
			}()
		}
		wg.Wait()
		took := time.Since(start)
		health(floodTokB, "real-b-door")

		listed := false
		req, _ := http.NewRequest("GET", base+"/v1/venues/venue-b/devices", nil)
		req.Header.Set("Authorization", "Bearer "+floodTokB)
		if resp, err := client.Do(req); err == nil {
			var list wire.DeviceList
			_ = json.NewDecoder(resp.Body).Decode(&list)
			resp.Body.Close()
			for _, d := range list.Devices {
				listed = listed || d.Device == "real-b-door"
			}
		}
		metricsBytes := 0
		if resp, err := client.Get(base + "/metrics"); err == nil {
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			metricsBytes = len(data)
		}
		peak := vmHWM(b, cmd.Process.Pid)
		cmd.Process.Kill()
		cmd.Wait()
		b.ReportMetric(float64(peak)/1024, "peakRSS-MiB")
		b.ReportMetric(float64(idle)/1024, "idleRSS-MiB")
		b.ReportMetric(float64(metricsBytes)/1024, "metrics-KiB")
		b.ReportMetric(float64(names)/took.Seconds(), "floodreq/s")
		listedN := 0.0
		if listed {
			listedN = 1
		}
		b.ReportMetric(listedN, "venueB-listed")
		b.Logf("%d made-up names in %s: peak RSS %.0f MiB (idle %.0f), /metrics %d KiB, venue B's kiosk listed: %v",
			names, took.Round(time.Millisecond), float64(peak)/1024, float64(idle)/1024, metricsBytes/1024, listed)
	}
}
