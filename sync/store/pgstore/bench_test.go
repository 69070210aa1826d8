package pgstore

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/loadgen"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/pgstore/pgtest"
	"github.com/ashyq/kiosk/sync/wire"
)

// BenchmarkIngestRatio holds Store.Ingest to the database's own limit, side
// by side in one run on one durable PostgreSQL (fsync and synchronous commit
// on): the same simulated fleet (loadgen's devices, batches and event kinds,
// 32 at once over 16 connections) sends its events to the store and to a
// plain pgx client (pgtest.Plain: one statement per batch into the same
// schema) that inserts the events only (ratio) or writes every row the
// store keeps too (rows-ratio), each into a fresh schema, in turns (plain,
// plain rows, store, plain, ...) so that a change in the machine's load
// falls on all. It reports the rates over all turns and the ratios, for a
// busy door's 50-event batches (100 devices, 10 venues) and a quiet fleet's
// 6-event batches (10,000 devices, 1,000 venues), and the share of batches
// that took the venue's lock (see Ingest). Use -benchtime 1x; ASHYQ_BENCH_EVENTS sets the events
// per turn (20,000), ASHYQ_BENCH_TURNS the turns (3).
func BenchmarkIngestRatio(b *testing.B) {
	cluster, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		b.Fatalf("PostgreSQL: %v", err)
	}
	defer cluster.Stop()
	events, turns := 20000, 3
	if s := os.Getenv("ASHYQ_BENCH_EVENTS"); s != "" {
		fmt.Sscan(s, &events)
	}
	if s := os.Getenv("ASHYQ_BENCH_TURNS"); s != "" {
		fmt.Sscan(s, &turns)
	}
	for _, shape := range []struct{ devices, batch int }{{100, 50}, {10000, 6}} {
		b.Run(fmt.Sprintf("devices=%d/batch=%d", shape.devices, shape.batch), func(b *testing.B) {
			var plain, rows, ours ingestTotals
			for range b.N {
				for range turns {
					plain.add(ingestRun(b, cluster, shape.devices, shape.batch, events, pgtest.NewPlain))
					rows.add(ingestRun(b, cluster, shape.devices, shape.batch, events, pgtest.NewPlainRows))
					ours.add(ingestRun(b, cluster, shape.devices, shape.batch, events, nil))
				}
			}
			b.ReportMetric(ours.rate(), "events/s")
			b.ReportMetric(plain.rate(), "plain-events/s")
			b.ReportMetric(rows.rate(), "plain-rows-events/s")
			b.ReportMetric(ours.rate()/plain.rate(), "ratio")
			b.ReportMetric(ours.rate()/rows.rate(), "rows-ratio")
			b.ReportMetric(ours.p99Ms(), "p99-ms")
			b.ReportMetric(plain.p99Ms(), "plain-p99-ms")
			b.ReportMetric(float64(ours.locked)/float64(ours.batches), "locked-share")
		})
	}
}

// ingestTotals adds up the turns of one side.
type ingestTotals struct {
	events, batches, locked int64
	elapsed, p99            time.Duration // p99: the worst turn's
}

func (t *ingestTotals) add(r loadgen.Result, locked int64) {
	t.events += int64(r.Accepted + r.Duplicates)
	t.batches += int64(r.Batches)
	t.locked += locked
	t.elapsed += r.EventsElapsed
	t.p99 = max(t.p99, r.Ingest.P99)
}

func (t *ingestTotals) rate() float64  { return float64(t.events) / t.elapsed.Seconds() }
func (t *ingestTotals) p99Ms() float64 { return float64(t.p99.Microseconds()) / 1000 }

// benchConns is the connections of the store and of the plain client alike.
const benchConns = 16

// ingestRun sends events from devices in batches into a fresh schema, to
// the plain client or to the store, and checks every one was acknowledged.
// It returns the run and how many batches took the venue's lock.
func ingestRun(b *testing.B, cluster *pgtest.Cluster, devices, batch, events int,
	plain func(context.Context, string, int32) (*pgtest.Plain, error)) (loadgen.Result, int64) {
	ctx := context.Background()
	url, err := cluster.NewSchema(ctx)
	if err != nil {
		b.Fatal(err)
	}
	url += fmt.Sprintf("&pool_max_conns=%d", benchConns)
	st, err := Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	tokens := make([]loadgen.Token, max(1, devices/10))
	for i := range tokens {
		tokens[i].Venue = fmt.Sprintf("venue-%05d", i)
		if err := st.PutVenue(ctx, store.Venue{Name: tokens[i].Venue, Created: time.Now().UTC()}); err != nil {
			b.Fatal(err)
		}
	}
	send := func(ctx context.Context, venue string, eb wire.EventBatch) (wire.BatchResult, error) {
		r, err := st.Ingest(ctx, venue, eb.Events, time.Now().UTC())
		return wire.BatchResult{Accepted: r.Accepted, Duplicates: r.Duplicates}, err
	}
	if plain != nil {
		p, err := plain(ctx, url, benchConns)
		if err != nil {
			b.Fatal(err)
		}
		defer p.Close()
		send = p.Send
	}
	res, err := loadgen.Run(ctx, loadgen.Config{Send: send, Tokens: tokens, Devices: devices, Events: events,
		Batch: batch, Workers: 32, Duration: 10 * time.Minute, Seed: 5})
	if err != nil || !res.Complete || res.Accepted != events {
		b.Fatalf("run (plain client %v): %v %s", plain != nil, err, res)
	}
	return res, st.locked.Load()
}
