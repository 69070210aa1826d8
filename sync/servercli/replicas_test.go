package servercli

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ashyq/kiosk/sync/loadgen"
)

var serverBin struct {
	once sync.Once
	path string
	err  error
}

// buildServer builds cmd/ashyq-server once per test binary.
func buildServer(t testing.TB) string {
	t.Helper()
	serverBin.once.Do(func() {
		dir, err := os.MkdirTemp("", "ashyq-server-bin-")
		if err != nil {
			serverBin.err = err
			return
		}
		serverBin.path = filepath.Join(dir, "ashyq-server")
		out, err := exec.Command("go", "build", "-o", serverBin.path, "github.com/ashyq/kiosk/cmd/ashyq-server").CombinedOutput()
		if err != nil {
			serverBin.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if serverBin.err != nil {
		t.Fatal(serverBin.err)
	}
	return serverBin.path
}

// freePort returns a loopback port that was free a moment ago (for programs
// that must be told their port, like haproxy's backends).
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// replica is one ashyq-server process.
type replica struct {
	cmd  *exec.Cmd
	port int
}

// startReplica runs the real binary on a PostgreSQL store.
func startReplica(t testing.TB, bin, store string) *replica {
	return startReplicaArgs(t, bin, "--store", store)
}

// startReplicaArgs runs the real binary with storeArgs and waits for its
// listening line.
func startReplicaArgs(t testing.TB, bin string, storeArgs ...string) *replica {
	t.Helper()
	port := freePort(t)
	args := append([]string{"--listen", fmt.Sprintf("127.0.0.1:%d", port), "--log", filepath.Join(t.TempDir(), "replica.log")}, storeArgs...)
	return startProcess(t, exec.Command(bin, args...), port)
}

// startProcess starts a server's process listening on port and waits for
// its listening line.
func startProcess(t testing.TB, cmd *exec.Cmd, port int) *replica {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
	}()
	select {
	case l := <-line:
		if !strings.HasPrefix(l, "listening on ") {
			t.Fatalf("replica said %q", l)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("replica did not start within 30 s")
	}
	return &replica{cmd: cmd, port: port}
}

// startHAProxy balances over the replicas' ports and returns its URL. It
// checks readiness (/v1/ready: the replica's database answers) every 200 ms and retries a refused connection on
// another replica; a request cut off by a dying replica is answered 502,
// which a kiosk retries.
func startHAProxy(t testing.TB, ports ...int) string {
	t.Helper()
	url, _ := startHAProxyChecks(t, "inter 200ms fall 1 rise 2", ports...)
	return url
}

// startHAProxyChecks is startHAProxy with the health checks' timing
// (haproxy's server check options): a failover test marks a replica down
// at its first failed check, a benchmark on a loaded machine only after
// several in a row. It returns haproxy's URL and process id.
func startHAProxyChecks(t testing.TB, checks string, ports ...int) (url string, pid int) {
	t.Helper()
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("haproxy is not installed (.ci/run installs it)")
		}
		t.Skip("haproxy not installed; apt-get install haproxy")
	}
	front := freePort(t)
	var b strings.Builder
	fmt.Fprintf(&b, `global
	maxconn 4096
defaults
	mode http
	timeout connect 1s
	timeout client 30s
	timeout server 30s
	retries 3
	option redispatch
	option http-keep-alive
frontend fe
	bind 127.0.0.1:%d
	default_backend replicas
backend replicas
	balance roundrobin
	option httpchk GET /v1/ready
`, front)
	for i, p := range ports {
		fmt.Fprintf(&b, "\tserver r%d 127.0.0.1:%d check %s\n", i, p, checks)
	}
	cfg := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(cfg, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-f", cfg, "-db")
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url = fmt.Sprintf("http://127.0.0.1:%d", front)
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", front))
		if err == nil {
			conn.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("haproxy did not listen within 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // the first health checks mark the replicas up
	return url, cmd.Process.Pid
}

var secretLine = regexp.MustCompile(`^ashyq_o_\S+$`)

// addOperator makes an operator credential on the store.
func addOperator(t testing.TB, store string) string {
	t.Helper()
	var out, errb strings.Builder
	if code := Main(context.Background(), []string{"operators", "add", "--store", store}, &out, &errb, "test"); code != ExitOK {
		t.Fatalf("operators add: %d %s", code, errb.String())
	}
	s := strings.TrimSpace(out.String())
	if !secretLine.MatchString(s) {
		t.Fatalf("operators add printed %q", s)
	}
	return s
}

// Two replicas behind haproxy take a load run; one is SIGKILLed halfway. The
// kiosks' retries go to the survivor, and the store ends with every event
// exactly once and no device missing a sequence number.
func TestReplicasSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs haproxy; skipped with -short")
	}
	store := pgURL(t)
	bin := buildServer(t)
	op := addOperator(t, store)
	r1, r2 := startReplica(t, bin, store), startReplica(t, bin, store)
	lb := startHAProxy(t, r1.port, r2.port)
	ctx := context.Background()
	tokens, err := loadgen.MakeVenues(ctx, lb, op, 20)
	if err != nil {
		t.Fatal(err)
	}
	const total = 20000
	done := make(chan struct{})
	var res loadgen.Result
	var runErr error
	go func() {
		defer close(done)
		res, runErr = loadgen.Run(ctx, loadgen.Config{URL: lb, Tokens: tokens, Devices: 200, Events: total, Batch: 20,
			Lookups: 0.2, Workers: 16, Duration: 90 * time.Second, Seed: 11})
	}()
	// Kill replica 1 once a third of the events are in, mid-run.
	conn, err := pgx.Connect(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for {
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM events").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n >= total/3 {
			break
		}
		select {
		case <-done:
			t.Fatal("the run ended before the kill")
		case <-time.After(20 * time.Millisecond):
		}
	}
	if err := r1.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-done
	if runErr != nil {
		t.Fatal(runErr)
	}
	t.Logf("after SIGKILL of one of two replicas: %s", res)
	if !res.Complete || res.Sent != total || res.Rejected != 0 {
		t.Fatalf("run incomplete: %s", res)
	}
	if err := loadgen.Verify(ctx, lb, op, tokens, res); err != nil {
		t.Error(err)
	}
}
