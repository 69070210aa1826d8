package servercli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/loadgen"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/pgstore"
	"github.com/ashyq/kiosk/sync/store/pgstore/pgtest"
)

// BenchmarkUpstream runs the real ashyq-server binary (one or two replicas,
// behind haproxy) on each store and drives it with loadgen from this
// process, all on this machine, beside the database's own limit: the same
// devices, batches, event kinds and 32 workers sent by a plain pgx client
// straight into the server's schema (16 connections as one replica's pool,
// one statement and one commit per batch), in three ways: client=plain
// inserts the events only (pgtest.NewPlain: what the database takes of the
// same events), client=plain-rows also writes every other row the server
// keeps for a batch, as blind upserts that read and check nothing
// (pgtest.NewPlainRows: the same rows at the database's limit), and
// client=plain-hop is the events-only insert behind the same HTTP hop as
// the replicas (one null server that inserts each batch as client=plain
// does, behind haproxy, driven by loadgen): the PostgreSQL rows report
// ratio-hop to it, which leaves out what the hop costs (and the row its
// own ratio to the events-only insert: what the hop costs it). Two shapes:
// 100 devices sending 50-event batches (a busy door catching up) and 10,000
// devices sending 6 (a fleet of quiet doors), 10 devices a venue. Each row
// reports events/s and ingest p99; the stores' rows report their ratio to
// each plain row of the same shape, run just before them: ratio to the
// events-only insert, ratio-rows to the same rows written blind (and the
// plain-rows row its own ratio to the events-only insert: what the rows
// the server keeps cost the database alone); the PostgreSQL rows also
// report batches/group, turn-busy, the share of the time a replica's small
// groups held their turn (near 1, the batches waited for each other's
// groups, not for the machine), and server-budget, the CPU per batch the
// replicas could spend for the ratio to reach 0.9 (serverBudget; the
// store=none row's server CPU is the least a server spends). The
// store=none rows are the HTTP hop alone, one and two replicas of a null
// server that reads each batch and stores nothing; their ceiling is the
// ratio servers costing as little would reach with the plain insert's
// database CPU per batch, a PostgreSQL row's the same with its own and as
// many null replicas. Then status lookups: 10 per event from 1,000 venues'
// tokens, so the 20-per-second limit of one token does not bind (burst
// 100 each). PostgreSQL runs durable (fsync and synchronous commit on), as
// in production. Use -benchtime 1x; ASHYQ_BENCH_EVENTS sets the events per
// ingest row (60,000).
//
// haproxy checks each replica every second and marks it down only after
// ten failed checks in a row: on a loaded machine one slow answer to a
// check is not a dead replica (a benchmark with one replica would
// otherwise see 503s).
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
	type upstreamCase struct {
		store    string
		replicas int
	}
	stores := []upstreamCase{{"bbolt", 1}, {"postgres", 1}, {"postgres", 2}}
	for _, shape := range []struct{ devices, batch int }{{100, 50}, {10000, 6}} {
		venues := shape.devices / 10
		var plain, plainRows float64
		var plainCPU cpuPerBatch
		hops := map[int]cpuPerBatch{} // the null server's, by replicas
		for _, ref := range []struct {
			name  string
			open  func(context.Context, string, int32) (*pgtest.Plain, error)
			store *float64
			cpu   *cpuPerBatch
		}{{"plain", pgtest.NewPlain, &plain, &plainCPU}, {"plain-rows", pgtest.NewPlainRows, &plainRows, new(cpuPerBatch)}} {
			b.Run(fmt.Sprintf("devices=%d/batch=%d/client=%s", shape.devices, shape.batch, ref.name), func(b *testing.B) {
				var res loadgen.Result
				for range b.N {
					res = plainRun(b, cluster, venues, ref.open, loadgen.Config{Devices: shape.devices, Events: events,
						Batch: shape.batch, Workers: 32, Duration: 10 * time.Minute, Seed: 5}, ref.cpu)
				}
				*ref.store = res.EventsPerSecond()
				reportIngest(b, res)
				if ref.store == &plainRows && plain > 0 { // what the rows the server keeps cost the database alone
					b.ReportMetric(plainRows/plain, "ratio")
				}
			})
		}
		hopCfg := loadgen.Config{Devices: shape.devices, Events: events, Batch: shape.batch, Workers: 32,
			Duration: 10 * time.Minute, Seed: 5}
		for _, replicas := range []int{1, 2} {
			b.Run(fmt.Sprintf("devices=%d/batch=%d/store=none/replicas=%d", shape.devices, shape.batch, replicas), func(b *testing.B) {
				hop, _ := nullRun(b, hopCfg, venues, replicas, nil)
				hops[replicas] = hop
				if plainCPU.total > 0 {
					b.ReportMetric(plainCPU.total/(hop.total+plainCPU.db), "ceiling")
				}
			})
		}
		var plainHop float64
		b.Run(fmt.Sprintf("devices=%d/batch=%d/client=plain-hop", shape.devices, shape.batch), func(b *testing.B) {
			_, res := nullRun(b, hopCfg, venues, 1, &hopDB{url: venueSchema(b, cluster, venues), pid: cluster.PID()})
			plainHop = res.EventsPerSecond()
			if plain > 0 { // what the hop costs the plain insert
				b.ReportMetric(plainHop/plain, "ratio")
			}
		})
		for _, c := range stores {
			name := fmt.Sprintf("devices=%d/batch=%d/store=%s/replicas=%d", shape.devices, shape.batch, c.store, c.replicas)
			b.Run(name, func(b *testing.B) {
				up := startUpstream(b, bin, cluster, c.store, c.replicas)
				tokens, err := loadgen.MakeVenues(context.Background(), up.url, up.op, venues)
				if err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				var res loadgen.Result
				var cpu cpuPerBatch
				for range b.N {
					before, groupsBefore := up.cpu.read(b), readGroupStats(b, up.ports)
					res = loadRun(b, loadgen.Config{URL: up.url, Tokens: tokens, Devices: shape.devices, Events: events,
						Batch: shape.batch, Workers: 32, Duration: 10 * time.Minute, Seed: 5})
					cpu = up.cpu.report(b, before, up.cpu.read(b), res.Batches)
					readGroupStats(b, up.ports).report(b, groupsBefore, res.EventsElapsed)
				}
				b.StopTimer()
				reportIngest(b, res)
				if plainCPU.total > 0 {
					b.ReportMetric(plainCPU.total/cpu.total, "cpu-ratio")
				}
				if hop := hops[c.replicas]; plainCPU.total > 0 && hop.total > 0 && c.store == "postgres" {
					b.ReportMetric(plainCPU.total/(hop.total+cpu.db), "ceiling")
				}
				if plainCPU.total > 0 && c.store == "postgres" {
					b.ReportMetric(serverBudget(plainCPU, cpu, targetRatio), "server-budget-ms/batch")
				}
				if plain > 0 {
					b.ReportMetric(res.EventsPerSecond()/plain, "ratio")
				}
				if plainRows > 0 {
					b.ReportMetric(res.EventsPerSecond()/plainRows, "ratio-rows")
				}
				if plainHop > 0 && c.store == "postgres" {
					b.ReportMetric(res.EventsPerSecond()/plainHop, "ratio-hop")
				}
			})
		}
	}
	for _, c := range stores {
		b.Run(fmt.Sprintf("lookups/store=%s/replicas=%d", c.store, c.replicas), func(b *testing.B) {
			up := startUpstream(b, bin, cluster, c.store, c.replicas)
			tokens, err := loadgen.MakeVenues(context.Background(), up.url, up.op, 1000)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			var res loadgen.Result
			for range b.N {
				res = loadRun(b, loadgen.Config{URL: up.url, Tokens: tokens, Devices: 100, Events: events / 20,
					Batch: 50, Lookups: 10, Workers: 32, Duration: 10 * time.Minute, Seed: 5})
			}
			b.StopTimer()
			b.ReportMetric(res.LookupsPerSecond(), "lookups/s")
			b.ReportMetric(float64(res.Lookup.P99.Microseconds())/1000, "lookup-p99-ms")
			b.ReportMetric(res.EventsPerSecond(), "events/s")
			b.ReportMetric(float64(res.Retries), "retries") // a 429 from the rate limit would be one
		})
	}
}

// targetRatio is the share of the plain insert's rate that PostgreSQL's
// ingest is held to.
const targetRatio = 0.9

// serverBudget is the CPU per batch the replicas may spend for a run to
// reach target of the plain insert's rate when the machine's cores are all
// busy (cpu-ratio is then the ratio): the plain insert's CPU per batch over
// target, less what the database, haproxy and loadgen spent per batch in
// the run. Below the null server's own CPU no server reaches target; below
// zero, not even one that cost nothing.
func serverBudget(plain, run cpuPerBatch, target float64) float64 {
	return plain.total/target - (run.total - run.server)
}

// benchUpstream is the replicas behind haproxy that startUpstream started.
type benchUpstream struct {
	url, op string   // haproxy's URL and an operator credential
	cpu     cpuMeter // its processes and the database's
	ports   []int    // the PostgreSQL replicas' own ports (metrics)
}

// startUpstream starts the store's replicas behind haproxy.
func startUpstream(b *testing.B, bin string, cluster *pgtest.Cluster, kind string, replicas int) benchUpstream {
	var up benchUpstream
	var ports []int
	if kind == "postgres" {
		url, err := cluster.NewSchema(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		up.op = addOperator(b, url)
		up.cpu.db = cluster.PID()
		for range replicas {
			r := startReplica(b, bin, url)
			ports, up.cpu.servers = append(ports, r.port), append(up.cpu.servers, r.cmd.Process.Pid)
		}
		up.ports = ports
	} else {
		dir := b.TempDir()
		up.op = addOperatorBolt(b, dir)
		r := startReplicaBolt(b, bin, dir)
		ports, up.cpu.servers = append(ports, r.port), append(up.cpu.servers, r.cmd.Process.Pid)
	}
	up.url, up.cpu.proxy = startHAProxyChecks(b, "inter 1s fall 10 rise 1", ports...)
	return up
}

// loadRun is one bounded loadgen run that must acknowledge every event.
func loadRun(b *testing.B, cfg loadgen.Config) loadgen.Result {
	res, err := loadgen.Run(context.Background(), cfg)
	if err != nil || !res.Complete {
		b.Fatalf("run: %v %s", err, res)
	}
	return res
}

// plainRun sends cfg's events through the plain client that open makes
// into a fresh schema that the store migrated, with venues venue-00000 on.
func plainRun(b *testing.B, cluster *pgtest.Cluster, venues int, open func(context.Context, string, int32) (*pgtest.Plain, error),
	cfg loadgen.Config, cpu *cpuPerBatch) loadgen.Result {
	ctx := context.Background()
	url := venueSchema(b, cluster, venues)
	for i := range venues {
		cfg.Tokens = append(cfg.Tokens, loadgen.Token{Venue: fmt.Sprintf("venue-%05d", i)})
	}
	p, err := open(ctx, url, 16)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	cfg.Send = p.Send
	meter := cpuMeter{db: cluster.PID()}
	b.ResetTimer()
	before := meter.read(b)
	res := loadRun(b, cfg)
	*cpu = meter.report(b, before, meter.read(b), res.Batches)
	b.StopTimer()
	return res
}

// venueSchema is the URL of a fresh schema that the store migrated, with
// venues venue-00000 on.
func venueSchema(b *testing.B, cluster *pgtest.Cluster, venues int) string {
	ctx := context.Background()
	url, err := cluster.NewSchema(ctx)
	if err != nil {
		b.Fatal(err)
	}
	st, err := pgstore.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for i := range venues {
		if err := st.PutVenue(ctx, store.Venue{Name: fmt.Sprintf("venue-%05d", i), Created: time.Now().UTC()}); err != nil {
			b.Fatal(err)
		}
	}
	return url
}

// hopDB is the database of the plain client behind the null server.
type hopDB struct {
	url string
	pid int // its postmaster (the CPU meter's db)
}

// nullRun sends cfg's events through haproxy to replicas of the null
// server (with db, the plain client's insert behind each), with venues
// venue-00000 on, and returns what a batch cost and the run.
func nullRun(b *testing.B, cfg loadgen.Config, venues, replicas int, db *hopDB) (cpuPerBatch, loadgen.Result) {
	var meter cpuMeter
	var ports []int
	dbURL := ""
	if db != nil {
		meter.db, dbURL = db.pid, db.url
	}
	for range replicas {
		srv := startNullServer(b, dbURL)
		ports, meter.servers = append(ports, srv.port), append(meter.servers, srv.cmd.Process.Pid)
	}
	url, proxy := startHAProxyChecks(b, "inter 1s fall 10 rise 1", ports...)
	meter.proxy = proxy
	for i := range venues {
		cfg.Tokens = append(cfg.Tokens, loadgen.Token{Venue: fmt.Sprintf("venue-%05d", i), Token: fmt.Sprintf("null-%05d", i)})
	}
	cfg.URL = url
	b.ResetTimer()
	before := meter.read(b)
	res := loadRun(b, cfg)
	cpu := meter.report(b, before, meter.read(b), res.Batches)
	b.StopTimer()
	reportIngest(b, res)
	return cpu, res
}

func reportIngest(b *testing.B, res loadgen.Result) {
	b.ReportMetric(res.EventsPerSecond(), "events/s")
	b.ReportMetric(float64(res.Ingest.P99.Microseconds())/1000, "ingest-p99-ms")
	b.ReportMetric(float64(res.Batches), "batches")
	b.ReportMetric(float64(res.Retries), "retries")
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
