package servercli

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/wire"
)

// The null server is the HTTP hop with no upstream behind it: the least any
// server must do for a batch (read the request, decode its JSON, answer
// every event accepted), and nothing else: no credential, no store, no log.
// BenchmarkUpstream runs it, as this test binary started again with
// nullServerEnv set to its listening address, behind the same haproxy and
// driven by the same loadgen as the real replicas, so the CPU the hop alone
// costs a batch on this machine is measured in the same run.
const nullServerEnv = "ASHYQ_BENCH_NULL_SERVER"

// serveNull serves the null server on addr until the process is killed.
func serveNull(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+wire.APIVersion+"/ready", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("POST "+wire.APIVersion+"/events", func(w http.ResponseWriter, r *http.Request) {
		var b wire.EventBatch
		// json v2 in one pass, as the replicas read a batch, with none of
		// their limits and checks
		if err := json.UnmarshalRead(http.MaxBytesReader(w, r.Body, api.MaxBatchBytes), &b); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		res := wire.BatchResult{Accepted: make([]string, len(b.Events)), Duplicates: []string{}, Rejected: []wire.Rejection{}}
		for i, e := range b.Events {
			res.Accepted[i] = e.ID
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.MarshalWrite(w, res)
	})
	fmt.Printf("listening on %s\n", ln.Addr())
	return http.Serve(ln, mux)
}

// startNullServer runs the null server as a process of its own.
func startNullServer(b *testing.B) *replica {
	b.Helper()
	port := freePort(b)
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=127.0.0.1:%d", nullServerEnv, port))
	return startProcess(b, cmd, port)
}

// nullServerMain is TestMain's way into the null server.
func nullServerMain() (int, bool) {
	addr := os.Getenv(nullServerEnv)
	if addr == "" {
		return 0, false
	}
	if err := serveNull(addr); err != nil {
		fmt.Fprintln(os.Stderr, "null server:", err)
		return 1, true
	}
	return 0, true
}
