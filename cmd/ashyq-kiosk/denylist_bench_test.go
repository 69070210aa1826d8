package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// hostileUpstream answers a kiosk like an upstream whose deny list never
// ends: every page holds perPage well-formed entries and says more follow.
// Keys and health are sane; everything else is an empty JSON object.
func hostileUpstream(b *testing.B, perPage int) (url string, pages *atomic.Int64) {
	b.Helper()
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	pages = &atomic.Int64{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/keys":
			_ = json.NewEncoder(w).Encode(wire.KeySet{Time: time.Now().UTC(),
				Keys: []wire.IssuerKey{{KID: "0a0b0c0d", Alg: "EdDSA", PublicKey: pub}}})
		case "/v1/health":
			_ = json.NewEncoder(w).Encode(wire.Health{Status: "ok", Time: time.Now().UTC()})
		case "/v1/denylist":
			pages.Add(1)
			after, _ := strconv.ParseUint(r.URL.Query().Get("after"), 10, 64)
			writeDenyPage(w, after, perPage, perPage > 0)
		default:
			_, _ = io.WriteString(w, "{}")
		}
	}))
	b.Cleanup(srv.Close)
	return srv.URL, pages
}

func writeDenyPage(w io.Writer, after uint64, n int, more bool) {
	var sb strings.Builder
	sb.WriteString(`{"entries":[`)
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		seq := after + uint64(i) + 1
		fmt.Fprintf(&sb, `{"pass_id":"%032x","reason":"revoked","at":"2026-01-01T00:00:00Z","seq":%d}`, seq, seq)
	}
	fmt.Fprintf(&sb, `],"last":%d,"more":%v,"time":"2026-01-01T00:00:00Z"}`, after+uint64(n), more)
	_, _ = io.WriteString(w, sb.String())
}

// BenchmarkKioskPeakRSSDenyList runs the real kiosk (--headless) against an
// upstream whose deny list never ends and reads the kiosk's peak resident
// set (VmHWM) once its first trust refresh has finished, or after a minute
// if it has not. Set ASHYQ_KIOSK_BIN to measure another build (a build from
// before the bound read 1.2 GB within a minute, still growing).
func BenchmarkKioskPeakRSSDenyList(b *testing.B) {
	bin := kioskBin
	if env := os.Getenv("ASHYQ_KIOSK_BIN"); env != "" {
		bin = env
	}
	for _, tt := range []struct {
		name    string
		perPage int
		extra   string
	}{
		{"empty-list", 0, ""},
		{"35000-a-page-more-forever", 35000, ""},
		{"1000-a-page-more-forever", 1000, ""},
		{"1000-a-page-more-forever-max2M", 1000, "max_denied = 2000000\n"},
	} {
		b.Run(tt.name, func(b *testing.B) {
			for range b.N {
				url, pages := hostileUpstream(b, tt.perPage)
				dir := b.TempDir()
				logPath := filepath.Join(dir, "kiosk.log")
				cfg := writeConfig(b, url, filepath.Join(dir, "data"), "rss-1",
					fmt.Sprintf("[log]\nfile = %q\n[passes]\n%s", logPath, tt.extra))
				cmd := exec.Command(bin, "--config", cfg, "--headless")
				in, _ := cmd.StdinPipe() // kept open: the kiosk waits for scans
				if err := cmd.Start(); err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				done := regexp.MustCompile(`trust data refresh(ed| failed)`)
				finished := false
				for time.Since(start) < time.Minute {
					if data, _ := os.ReadFile(logPath); done.Match(data) {
						finished = true
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				took := time.Since(start)
				peak := procHWM(b, cmd.Process.Pid)
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				in.Close()
				b.ReportMetric(float64(peak)/1024, "peakRSS-MiB")
				b.ReportMetric(took.Seconds(), "s-to-refresh")
				b.ReportMetric(float64(pages.Load()), "pages")
				logged, _ := os.ReadFile(logPath)
				line := ""
				if m := regexp.MustCompile(`.*trust data refresh.*`).Find(logged); m != nil {
					line = string(m)
				}
				b.Logf("%s: peak RSS %.0f MiB after %s, %d pages read, finished %v: %s",
					tt.name, float64(peak)/1024, took.Round(time.Millisecond), pages.Load(), finished, line)
			}
		})
	}
}

// procHWM is a process's peak resident set in KiB.
func procHWM(b *testing.B, pid int) int64 {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n
		}
	}
	b.Fatal("no VmHWM")
	return 0
}
