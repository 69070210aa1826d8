package pgstore

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ashyq/kiosk/sync/loadgen"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/pgstore/pgtest"
	"github.com/ashyq/kiosk/sync/wire"
)

// BenchmarkIngestCPU is what the database spends on one batch: the CPU
// time of the server process behind one connection (Linux's
// /proc/PID/schedstat, so another program's load does not count), for the
// store's Ingest (a batch alone), for the store's group commit (16 batches
// written together by ingestFast, as batches that arrive at once are:
// store-group) and for the two plain clients (events only; every row,
// blind), each on its own schema and connection, given the same batches
// (loadgen's, recorded once), 16 at a time, the sides in turns. fsync is
// off: this is CPU, not the disk. Use -benchtime 1x.
func BenchmarkIngestCPU(b *testing.B) {
	if _, err := os.Stat("/proc/self/schedstat"); err != nil {
		b.Skip("needs /proc/PID/schedstat")
	}
	cluster, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		b.Fatalf("PostgreSQL: %v", err)
	}
	defer cluster.Stop()
	for _, shape := range []struct{ devices, batch int }{{100, 50}, {10000, 6}} {
		b.Run(fmt.Sprintf("devices=%d/batch=%d", shape.devices, shape.batch), func(b *testing.B) {
			for range b.N {
				ingestCPU(b, cluster, shape.devices, shape.batch)
			}
		})
	}
}

// cpuSide is one side of BenchmarkIngestCPU: how it sends a batch.
type cpuSide struct {
	name string
	send func(ctx context.Context, venue string, events []wire.Event) error
	// group, if set, sends batches together (the store's group commit)
	group func(ctx context.Context, venues []string, batches []wire.EventBatch) error
	pids  []int // its connections' server processes
	cpu   time.Duration
}

func ingestCPU(b *testing.B, cluster *pgtest.Cluster, devices, batch int) {
	ctx := context.Background()
	var batches []wire.EventBatch
	var venueOf []string
	record := func(_ context.Context, venue string, eb wire.EventBatch) (wire.BatchResult, error) {
		batches, venueOf = append(batches, eb), append(venueOf, venue)
		ids := make([]string, len(eb.Events))
		for i, e := range eb.Events {
			ids[i] = e.ID
		}
		return wire.BatchResult{Accepted: ids}, nil
	}
	tokens := make([]loadgen.Token, devices/10)
	for i := range tokens {
		tokens[i].Venue = fmt.Sprintf("venue-%05d", i)
	}
	if _, err := loadgen.Run(ctx, loadgen.Config{Send: record, Tokens: tokens, Devices: devices, Events: 30000,
		Batch: batch, Workers: 1, Duration: time.Minute, Seed: 5}); err != nil {
		b.Fatal(err)
	}
	mon, err := pgx.Connect(ctx, cluster.URL(nil))
	if err != nil {
		b.Fatal(err)
	}
	defer mon.Close(ctx)
	sides := []*cpuSide{{name: "plain"}, {name: "plain-rows"}, {name: "store"}, {name: "store-group"}}
	for _, side := range sides {
		url, err := cluster.NewSchema(ctx)
		if err != nil {
			b.Fatal(err)
		}
		setup, err := Open(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		for _, t := range tokens {
			if err := setup.PutVenue(ctx, store.Venue{Name: t.Venue, Created: time.Now().UTC()}); err != nil {
				b.Fatal(err)
			}
		}
		setup.Close()
		url += "&pool_max_conns=1&application_name=cpu-" + side.name
		st, err := Open(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		side.send = func(ctx context.Context, venue string, events []wire.Event) error {
			_, err := st.Ingest(ctx, venue, events, time.Now().UTC())
			return err
		}
		if side.name == "store-group" {
			side.group = func(ctx context.Context, venues []string, batches []wire.EventBatch) error {
				g := make([]*fastBatch, len(batches))
				for i, eb := range batches {
					f, ok, err := prepareFast(venues[i], eb.Events, time.Now().UTC())
					if !ok || err != nil {
						return fmt.Errorf("prepare: %v %v", ok, err)
					}
					g[i] = f
				}
				slices.SortStableFunc(g, func(a, b *fastBatch) int { return strings.Compare(a.venue, b.venue) })
				if ok, err := st.ingestFast(ctx, g); !ok || err != nil {
					return fmt.Errorf("group not written: %v %v", ok, err)
				}
				return nil
			}
		}
		if side.name != "store" && side.name != "store-group" {
			open := pgtest.NewPlain
			if side.name == "plain-rows" {
				open = pgtest.NewPlainRows
			}
			st.Close() // the schema is migrated: only the plain client's connection stays
			p, err := open(ctx, url, 1)
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			side.send = func(ctx context.Context, venue string, events []wire.Event) error {
				_, err := p.Send(ctx, venue, wire.EventBatch{Events: events})
				return err
			}
		}
		// The first batch opens the side's connection and plans its
		// statements; the rest are measured.
		if err := side.send(ctx, venueOf[0], batches[0].Events); err != nil {
			b.Fatalf("%s: %v", side.name, err)
		}
		rows, err := mon.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND state IS NOT NULL",
			"cpu-"+side.name)
		if err == nil {
			side.pids, err = pgx.CollectRows(rows, pgx.RowTo[int])
		}
		if err != nil || len(side.pids) == 0 {
			b.Fatalf("%s: its server processes: %v", side.name, err)
		}
	}
	const group = 16
	for i := 1; i+group <= len(batches); i += group {
		for k := range sides {
			side := sides[(i+k)%len(sides)]
			before := processCPU(b, side.pids)
			if side.group != nil {
				if err := side.group(ctx, venueOf[i:i+group], batches[i:i+group]); err != nil {
					b.Fatalf("%s: %v", side.name, err)
				}
			}
			for j := i; j < i+group && side.group == nil; j++ {
				if err := side.send(ctx, venueOf[j], batches[j].Events); err != nil {
					b.Fatalf("%s: %v", side.name, err)
				}
			}
			side.cpu += processCPU(b, side.pids) - before
		}
	}
	per := func(s *cpuSide) float64 {
		return float64(s.cpu.Microseconds()) / 1000 / float64((len(batches)-1)/group*group)
	}
	for _, s := range sides {
		b.ReportMetric(per(s), s.name+"-ms/batch")
	}
	b.ReportMetric(per(sides[0])/per(sides[2]), "ratio")
	b.ReportMetric(per(sides[1])/per(sides[2]), "ratio-rows")
	b.ReportMetric(per(sides[0])/per(sides[3]), "ratio-group")
}

// processCPU is the CPU time processes have run, from /proc/PID/schedstat.
func processCPU(b *testing.B, pids []int) time.Duration {
	var total time.Duration
	for _, pid := range pids {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/schedstat", pid))
		if err != nil {
			b.Fatal(err)
		}
		var ns int64
		if _, err := fmt.Sscan(string(data), &ns); err != nil {
			b.Fatalf("schedstat %q: %v", data, err)
		}
		total += time.Duration(ns)
	}
	return total
}
