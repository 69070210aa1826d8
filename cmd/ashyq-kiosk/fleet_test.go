package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// headlessProc is a real ashyq-kiosk --headless fed line by line.
type headlessProc struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string
}

func startHeadless(t *testing.T, args ...string) *headlessProc {
	t.Helper()
	cmd := exec.Command(kioskBin, append(args, "--headless")...)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	p := &headlessProc{cmd: cmd, in: in, lines: make(chan string, 16)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	return p
}

// scan sends one payload and returns its verdict line.
func (p *headlessProc) scan(t *testing.T, payload string) string {
	t.Helper()
	if _, err := io.WriteString(p.in, payload+"\n"); err != nil {
		t.Fatalf("write %q: %v", payload, err)
	}
	select {
	case l, ok := <-p.lines:
		if !ok {
			t.Fatalf("kiosk exited before answering %q", payload)
		}
		return l
	case <-time.After(20 * time.Second):
		t.Fatalf("no verdict for %q within 20 s", payload)
	}
	return ""
}

// waitLog waits until the log file matches re and returns the first group.
func waitLog(t *testing.T, path string, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, _ := os.ReadFile(path)
		if m := re.FindSubmatch(b); m != nil {
			return string(m[1])
		}
		if time.Now().After(deadline) {
			t.Fatalf("log %s never matched %s:\n%s", path, re, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s %s", url, resp.Status, b)
	}
	return string(b)
}

// sample returns the value of the series named exactly key ("name{labels}").
func sample(t *testing.T, body, key string) float64 {
	t.Helper()
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, key+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f
		}
	}
	t.Fatalf("no series %s in:\n%s", key, tail(body, 4000))
	return 0
}

var metricsAddr = regexp.MustCompile(`msg="metrics listening".* addr=(127\.0\.0\.1:\d+)`)

// A few scans through the real binaries, then what an operator's curl sees.
func TestMetricsEndpointsAfterAFewScans(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binaries")
	}
	up := startServer(t)
	data := t.TempDir()
	cfg := writeConfig(t, up.URL, data, "metrics-door-1", "[metrics]\nlisten = \"127.0.0.1:0\"\n")
	k := startHeadless(t, "--config", cfg)
	for _, want := range []struct{ payload, verdict string }{
		{"900101300017", `"verdict":"welcome"`}, {"771203300035", `"verdict":"denied"`}, {"900101300018", `"verdict":"invalid"`},
	} {
		if l := k.scan(t, want.payload); !strings.Contains(l, want.verdict) {
			t.Fatalf("%s: %s", want.payload, l)
		}
	}
	base := "http://" + waitLog(t, filepath.Join(data, "ashyq-kiosk.log"), metricsAddr)

	// The syncer sends within batch_wait; wait for the outbox to empty.
	var m string
	for deadline := time.Now().Add(20 * time.Second); ; {
		m = get(t, base+"/metrics")
		if sample(t, m, "ashyq_kiosk_outbox_pending") == 0 && sample(t, m, "ashyq_kiosk_upstream_up") == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox never emptied:\n%s", tail(m, 3000))
		}
		time.Sleep(100 * time.Millisecond)
	}
	exact := map[string]float64{
		`ashyq_kiosk_verdicts_total{input="stdin",kind="entry",source="online"}`:   1,
		`ashyq_kiosk_verdicts_total{input="stdin",kind="refusal",source="online"}`: 1,
		`ashyq_kiosk_scans_invalid_total{input="stdin"}`:                           1,
		`ashyq_kiosk_scan_to_verdict_seconds_count`:                                2,
		`ashyq_kiosk_outbox_oldest_pending_age_seconds`:                            0,
		`ashyq_kiosk_outbox_dead_letters`:                                          0,
		`ashyq_kiosk_camera_enabled`:                                               0,
		`ashyq_kiosk_sync_rounds_total{result="failed"}`:                           0,
	}
	for key, want := range exact {
		if got := sample(t, m, key); got != want {
			t.Errorf("%s = %v, want %v", key, got, want)
		}
	}
	if n := sample(t, m, `ashyq_kiosk_sync_rounds_total{result="ok"}`); n < 1 || n > 2 {
		t.Errorf("sync rounds ok = %v, want 1 or 2 for two events", n)
	}
	if s := sample(t, m, "ashyq_kiosk_scan_to_verdict_seconds_sum"); s <= 0 || s > 10 {
		t.Errorf("scan-to-verdict total %v s for two scans", s)
	}
	if skew := sample(t, m, "ashyq_kiosk_clock_skew_seconds"); skew < -5 || skew > 5 {
		t.Errorf("clock skew %v s against a server on the same machine", skew)
	}
	if !regexp.MustCompile(`ashyq_kiosk_info\{device="metrics-door-1",venue="demo-cafe",version="[^"]+"\} 1`).MatchString(m) {
		t.Errorf("no info series naming the device")
	}

	// The server adds lookups to its store about once a second.
	lookups := `ashyq_server_lookups_total{device="metrics-door-1",venue="demo-cafe"}`
	s := get(t, up.URL+"/metrics")
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(s, lookups+" 2\n") && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		s = get(t, up.URL+"/metrics")
	}
	serverExact := map[string]float64{
		lookups: 2,
		`ashyq_server_events_stored{kind="entry",venue="demo-cafe"}`:                      1,
		`ashyq_server_events_stored{kind="refusal",venue="demo-cafe"}`:                    1,
		`ashyq_server_device_sequence_missing{device="metrics-door-1",venue="demo-cafe"}`: 0,
		`ashyq_server_device_silent{device="metrics-door-1",venue="demo-cafe"}`:           0,
		`ashyq_server_requests_total{code="200",route="POST /v1/status"}`:                 2,
	}
	for key, want := range serverExact {
		if got := sample(t, s, key); got != want {
			t.Errorf("server %s = %v, want %v", key, got, want)
		}
	}
	seen := sample(t, s, `ashyq_server_device_last_seen_timestamp_seconds{device="metrics-door-1",venue="demo-cafe"}`)
	if age := time.Since(time.UnixMilli(int64(seen * 1000))); age < 0 || age > time.Minute {
		t.Errorf("server saw the kiosk %v ago", age)
	}

	k.in.Close()
	if err := k.cmd.Wait(); err != nil {
		t.Fatalf("kiosk exit: %v", err)
	}
	logs, _ := os.ReadFile(filepath.Join(data, "ashyq-kiosk.log"))
	for _, want := range []string{`msg="ashyq-kiosk starting" device=metrics-door-1 version=\S+ venue=demo-cafe .*upstream=http://127\.0\.0\.1:\d+ `,
		`msg="ashyq-kiosk stopped" device=metrics-door-1 pending=0`} {
		if !regexp.MustCompile(want).Match(logs) {
			t.Errorf("log lacks %s", want)
		}
	}
	if strings.Contains(string(logs), "demo-token") {
		t.Error("the log shows the token")
	}
}

// SIGUSR1 reopens the log file (what a logrotate postrotate sends) and
// never ends the kiosk. SIGHUP used to, but a terminal hanging up sends
// SIGHUP too, and must end the kiosk (signal_e2e_test.go).
func TestSIGUSR1ReopensTheLogAndKeepsTheKioskRunning(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binaries")
	}
	up := startServer(t)
	data := t.TempDir()
	cfg := writeConfig(t, up.URL, data, "hup-door-1", "")
	k := startHeadless(t, "--config", cfg)
	if l := k.scan(t, "900101300017"); !strings.Contains(l, `"welcome"`) {
		t.Fatal(l)
	}
	logPath := filepath.Join(data, "ashyq-kiosk.log")
	if err := os.Rename(logPath, logPath+".rotated"); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := k.cmd.Process.Signal(syscall.SIGUSR1); err != nil {
			t.Fatal(err)
		}
	}
	waitLog(t, logPath, regexp.MustCompile(`(SIGUSR1: log file reopened)`))
	if l := k.scan(t, "771203300035"); !strings.Contains(l, `"denied"`) {
		t.Fatalf("after SIGUSR1: %s", l)
	}
	k.in.Close()
	if err := k.cmd.Wait(); err != nil {
		t.Fatalf("kiosk after SIGUSR1: %v", err)
	}
	old, _ := os.ReadFile(logPath + ".rotated")
	if !strings.Contains(string(old), "ashyq-kiosk starting") {
		t.Error("the rotated file lost the lines written before SIGUSR1")
	}
}

// Both binaries read alike: the version in --help and `version`, flags
// spelled --flag, exit codes listed, a bad flag exit 2 on stderr.
func TestHelpNamesVersionFlagsAndExitCodes(t *testing.T) {
	ver, _, _ := runKiosk(t, "", "version")
	v := strings.TrimSpace(strings.TrimPrefix(ver, "ashyq-kiosk "))
	help, _, code := runKiosk(t, "", "--help")
	if code != 0 || !strings.HasPrefix(help, "ashyq-kiosk "+v+":") {
		t.Errorf("--help: exit %d, first line %q, want the version %q", code, strings.SplitN(help, "\n", 2)[0], v)
	}
	for _, want := range []string{"  --log FILE\n", "  --config FILE\n", "Exit codes:"} {
		if !strings.Contains(help, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
	out, errOut, code := runKiosk(t, "", "--colour")
	if code != 2 || out != "" || !strings.Contains(errOut, "ashyq-kiosk --help") {
		t.Errorf("bad flag: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
