package servercli

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/store/pgstore/pgtest"
	"github.com/ashyq/kiosk/sync/wire"
)

// The null server is the HTTP hop with no upstream behind it: the least any
// server must do for a batch (read the request, decode its JSON, answer
// every event accepted), and nothing else: no credential, no store, no log.
// BenchmarkUpstream runs it, as this test binary started again with
// nullServerEnv set to its listening address, behind the same haproxy and
// driven by the same loadgen as the real replicas, so the CPU the hop alone
// costs a batch on this machine is measured in the same run. With
// nullServerDBEnv set to a database's URL it is the plain client behind
// the hop: each batch's events inserted by pgtest.Plain's one statement
// (16 connections, as a replica's pool), nothing else, so the benchmark
// shows what the same hop costs the plain insert.
const (
	nullServerEnv   = "ASHYQ_BENCH_NULL_SERVER"
	nullServerDBEnv = "ASHYQ_BENCH_NULL_SERVER_DB"
)

// serveNull serves the null server on addr until the process is killed,
// the plain client's insert behind it if dbURL is set.
func serveNull(addr, dbURL string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	var plain *pgtest.Plain
	if dbURL != "" {
		if plain, err = pgtest.NewPlain(context.Background(), dbURL, 16); err != nil {
			return err
		}
		defer plain.Close()
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
		if plain != nil && len(b.Events) > 0 { // loadgen's batches are one venue's
			var err error
			if res, err = plain.Send(r.Context(), b.Events[0].Venue, b); err != nil {
				http.Error(w, err.Error(), http.StatusServiceUnavailable)
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.MarshalWrite(w, res)
	})
	fmt.Printf("listening on %s\n", ln.Addr())
	return http.Serve(ln, mux)
}

// startNullServer runs the null server as a process of its own, the plain
// client's insert into dbURL behind it if that is set.
func startNullServer(b *testing.B, dbURL string) *replica {
	b.Helper()
	port := freePort(b)
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=127.0.0.1:%d", nullServerEnv, port), nullServerDBEnv+"="+dbURL)
	return startProcess(b, cmd, port)
}

// nullServerMain is TestMain's way into the null server.
func nullServerMain() (int, bool) {
	addr := os.Getenv(nullServerEnv)
	if addr == "" {
		return 0, false
	}
	if err := serveNull(addr, os.Getenv(nullServerDBEnv)); err != nil {
		fmt.Fprintln(os.Stderr, "null server:", err)
		return 1, true
	}
	return 0, true
}
