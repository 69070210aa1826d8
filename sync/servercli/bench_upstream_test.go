package servercli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/loadgen"
	"github.com/ashyq/kiosk/sync/store/pgstore/pgtest"
)

// BenchmarkUpstream runs the real ashyq-server binary (one or two replicas,
// behind haproxy) on each store and drives it with loadgen from this process,
// all on this machine: events ingested per second, status lookups per
// second, ingest p99, from 100 to 10,000 simulated devices. PostgreSQL runs
// durable here (fsync and synchronous commit on), as in production. Each
// configuration is one bounded run: use -benchtime 1x.
//
// More devices at the same total rate means smaller batches per device
// (events/devices, at most 50), as a fleet of quiet doors sends them.
func BenchmarkUpstream(b *testing.B) {
	bin := buildServer(b)
	cluster, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		b.Fatalf("PostgreSQL: %v", err)
	}
	defer cluster.Stop()
	events := 60000
	if s := os.Getenv("ASHYQ_BENCH_EVENTS"); s != "" {
		fmt.Sscan(s, &events)
	}
	type cfg struct {
		store    string
		replicas int
		devices  int
		lookups  float64
	}
	var cases []cfg
	for _, devices := range []int{100, 10000} {
		cases = append(cases, cfg{"bbolt", 1, devices, 0.5}, cfg{"postgres", 1, devices, 0.5}, cfg{"postgres", 2, devices, 0.5})
	}
	cases = append(cases, cfg{"bbolt", 1, 100, 10}, cfg{"postgres", 1, 100, 10}, cfg{"postgres", 2, 100, 10})
	for _, c := range cases {
		name := fmt.Sprintf("store=%s/replicas=%d/devices=%d/lookups=%v", c.store, c.replicas, c.devices, c.lookups)
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			var store string
			var ports []int
			var op string
			if c.store == "postgres" {
				if store, err = cluster.NewSchema(ctx); err != nil {
					b.Fatal(err)
				}
				op = addOperator(b, store)
				for range c.replicas {
					ports = append(ports, startReplica(b, bin, store).port)
				}
			} else {
				dir := b.TempDir()
				op = addOperatorBolt(b, dir)
				ports = append(ports, startReplicaBolt(b, bin, dir).port)
			}
			lb := startHAProxy(b, ports...)
			tokens, err := loadgen.MakeVenues(ctx, lb, op, max(1, c.devices/10))
			if err != nil {
				b.Fatal(err)
			}
			n := events
			if c.lookups > 1 {
				n = events / 20 // a lookup-heavy run: mostly lookups
			}
			batch := max(1, min(50, n/c.devices))
			b.ResetTimer()
			var res loadgen.Result
			for range b.N {
				res, err = loadgen.Run(ctx, loadgen.Config{URL: lb, Tokens: tokens, Devices: c.devices, Events: n, Batch: batch,
					Lookups: c.lookups, Workers: 32, Duration: 5 * time.Minute, Seed: 5})
				if err != nil || !res.Complete {
					b.Fatalf("run: %v %s", err, res)
				}
			}
			b.StopTimer()
			b.ReportMetric(res.EventsPerSecond(), "events/s")
			b.ReportMetric(res.LookupsPerSecond(), "lookups/s")
			b.ReportMetric(float64(res.Ingest.P99.Microseconds())/1000, "ingest-p99-ms")
			b.ReportMetric(float64(res.Lookup.P99.Microseconds())/1000, "lookup-p99-ms")
			b.ReportMetric(float64(batch), "events/batch")
		})
	}
}

// addOperatorBolt makes an operator credential in a bbolt directory (before
// the server opens it).
func addOperatorBolt(b testing.TB, dir string) string {
	var out, errb strings.Builder
	if code := Main(context.Background(), []string{"operators", "add", "--data", dir}, &out, &errb, "test"); code != ExitOK {
		b.Fatalf("operators add: %s", errb.String())
	}
	return strings.TrimSpace(out.String())
}

func startReplicaBolt(b testing.TB, bin, dir string) *replica {
	return startReplicaArgs(b, bin, "--data", dir)
}
