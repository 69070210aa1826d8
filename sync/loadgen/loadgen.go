// Package loadgen simulates a fleet of kiosks against an upstream, for load
// runs, failover tests and benchmarks: many devices across many venues, each
// sending realistic batches with its own gap-free sequence, looking statuses
// up, and retrying exactly as a kiosk does (the same batch again, until it is
// acknowledged). Every run is bounded in events and in time, and only talks
// to the URL it is given.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Config is one run.
type Config struct {
	URL      string
	Tokens   []Token // devices are spread over them; lookups use them all
	Devices  int     // simulated kiosks
	Events   int     // events to send in all (the run ends when all are acknowledged)
	Batch    int     // events per batch
	Lookups  float64 // status lookups per event (0.5: every other visitor)
	Workers  int     // concurrent requests
	Duration time.Duration
	Seed     uint64
	Client   *http.Client // nil: one tuned for many connections to one host
	// Send, when set, takes every batch instead of the URL's upstream: a
	// store called directly, or a reference client, driven by the same
	// devices, batches and workers. Lookups need the URL (Send: 0).
	Send func(ctx context.Context, venue string, b wire.EventBatch) (wire.BatchResult, error)
}

// Token is a device token and its venue.
type Token struct{ Token, Venue string }

// Result is what a run measured.
type Result struct {
	Sent, Accepted, Duplicates, Rejected int // events
	Batches, Lookups                     int
	Retries                              int           // requests that failed and were sent again
	Elapsed                              time.Duration // the whole run
	EventsElapsed                        time.Duration // until the last batch was acknowledged
	Ingest, Lookup                       Latency
	Complete                             bool // every event acknowledged before the deadline
	Devices                              []DeviceSeq
}

// DeviceSeq is how far one simulated device got: it sent seq 1..Last.
type DeviceSeq struct {
	Venue, Device string
	Last          uint64
}

// Latency holds percentiles of one kind of request.
type Latency struct {
	N                  int
	P50, P90, P99, Max time.Duration
}

// EventsPerSecond is acknowledged events per second of the run.
func (r Result) EventsPerSecond() float64 {
	el := r.EventsElapsed
	if el == 0 {
		el = r.Elapsed
	}
	return float64(r.Accepted+r.Duplicates) / el.Seconds()
}

// LookupsPerSecond is status lookups per second of the run.
func (r Result) LookupsPerSecond() float64 { return float64(r.Lookups) / r.Elapsed.Seconds() }

func (r Result) String() string {
	return fmt.Sprintf("events %d acknowledged (%d accepted, %d duplicates, %d rejected) of %d in %.2fs: %.0f events/s, %d batches, %d retries\n"+
		"lookups %d: %.0f/s\n"+
		"ingest latency  p50 %v  p90 %v  p99 %v  max %v  (%d requests)\n"+
		"lookup latency  p50 %v  p90 %v  p99 %v  max %v  (%d requests)\n"+
		"complete: %v",
		r.Accepted+r.Duplicates, r.Accepted, r.Duplicates, r.Rejected, r.Sent, r.Elapsed.Seconds(), r.EventsPerSecond(), r.Batches, r.Retries,
		r.Lookups, r.LookupsPerSecond(),
		r.Ingest.P50, r.Ingest.P90, r.Ingest.P99, r.Ingest.Max, r.Ingest.N,
		r.Lookup.P50, r.Lookup.P90, r.Lookup.P99, r.Lookup.Max, r.Lookup.N, r.Complete)
}

// device is one simulated kiosk. A worker holds it while sending its batch,
// so a device's batches go one at a time, like a kiosk's.
type device struct {
	name    string
	index   int
	venue   string
	client  *upstream.Client
	nextSeq uint64
	pending []wire.Event // the batch being sent, kept until acknowledged
}

// The IINs the simulated visitors show at lookups (valid check digits; some
// are in the demo registry, the rest are blue).
var visitors = []string{"900101300017", "950630400059", "850523400026", "771203300035", "010202500042", "061211600012"}

// visitorsPerDoor is how many people pass one simulated door: each door has
// its own, who enter and leave by it, as at a venue's one entrance.
const visitorsPerDoor = 500

// visitor is person k of door d's visitors: an IIN with a valid check digit
// born on one of 25,000 days (from 1950) with a serial from the door.
func visitor(d, k int) string {
	for serial := d; ; serial += 7919 {
		day := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, k*50+serial%50)
		century := 3 // born in the 1900s; +1 for a woman
		if day.Year() >= 2000 {
			century = 5
		}
		digits := []byte(fmt.Sprintf("%s%d%04d", day.Format("060102"), century+(serial/50)%2, serial%10000))
		if c, err := iin.CheckDigit(digits); err == nil {
			return string(digits) + strconv.Itoa(c)
		}
	}
}

// Run sends cfg.Events events and returns what it measured. It stops early
// at cfg.Duration or when ctx ends; Result.Complete says whether every event
// was acknowledged.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if err := cfg.check(); err != nil {
		return Result{}, err
	}
	if cfg.Client == nil {
		cfg.Client = fleetClient(cfg.Workers)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	// One client per token; lookups spread over all of them, so a run
	// given more tokens than devices measures lookups past one token's
	// rate limit.
	clients := map[string]*upstream.Client{}
	var lookupClients []*upstream.Client
	for _, tok := range cfg.Tokens {
		if _, ok := clients[tok.Token]; ok || cfg.Send != nil {
			continue
		}
		cl, err := upstream.New(cfg.URL, tok.Token, cfg.Client)
		if err != nil {
			return Result{}, fmt.Errorf("loadgen: %w", err)
		}
		clients[tok.Token] = cl
		lookupClients = append(lookupClients, cl)
	}
	devs := make([]*device, cfg.Devices)
	for i := range devs {
		tok := cfg.Tokens[i%len(cfg.Tokens)]
		cl := clients[tok.Token]
		devs[i] = &device{name: fmt.Sprintf("load-%05d", i), index: i, venue: tok.Venue, client: cl, nextSeq: 1}
	}
	var (
		budget  atomic.Int64 // events not yet put into a batch
		busy    atomic.Int64 // devices with a batch not yet acknowledged
		mu      sync.Mutex   // mu guards res and the latency samples.
		res     Result
		ingestL []time.Duration
		lookupL []time.Duration
		queue   = make(chan *device, len(devs))
		runErr  error
	)
	budget.Store(int64(cfg.Events))
	for _, d := range devs {
		queue <- d
	}
	// take reserves up to one batch of the events still to send.
	take := func() int {
		for {
			left := budget.Load()
			if left <= 0 {
				return 0
			}
			n := min(left, int64(cfg.Batch))
			if budget.CompareAndSwap(left, left-n) {
				return int(n)
			}
		}
	}
	finished := make(chan struct{}) // closed when every batch is acknowledged
	var finishOnce sync.Once
	var eventsEnd time.Time
	start := time.Now()
	finish := func() {
		finishOnce.Do(func() {
			mu.Lock()
			eventsEnd = time.Now()
			mu.Unlock()
			close(finished)
		})
	}
	var wg sync.WaitGroup
	for w := range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(cfg.Seed, uint64(w)))
			for {
				var d *device
				select {
				case d = <-queue:
				case <-ctx.Done():
					return
				case <-finished:
					return
				}
				if len(d.pending) == 0 {
					n := take()
					if n == 0 {
						// Nothing left to record: this device rests.
						if busy.Load() == 0 {
							finish()
						}
						continue
					}
					busy.Add(1)
					d.pending = d.makeBatch(n, rng)
					mu.Lock()
					res.Sent += n
					mu.Unlock()
				}
				t0 := time.Now()
				br, err := d.send(ctx, cfg.Send, wire.EventBatch{Device: d.name, SentAt: time.Now().UTC(), Events: d.pending})
				el := time.Since(t0)
				mu.Lock()
				if err != nil {
					res.Retries++
				} else {
					res.Batches++
					res.Accepted += len(br.Accepted)
					res.Duplicates += len(br.Duplicates)
					res.Rejected += len(br.Rejected)
					ingestL = append(ingestL, el)
					d.pending = unacked(d.pending, br)
				}
				mu.Unlock()
				switch {
				case err != nil && ctx.Err() != nil:
					return
				case err != nil && !upstream.Retryable(err):
					mu.Lock()
					runErr = fmt.Errorf("loadgen: device %s: %w", d.name, err)
					mu.Unlock()
					cancel()
					return
				case err != nil:
					backoff(ctx, rng)
				case len(d.pending) == 0:
					if busy.Add(-1) == 0 && budget.Load() <= 0 {
						finish()
					}
				}
				queue <- d
			}
		}()
	}
	// Lookups run beside the batches, as scans and uploads do at a door:
	// lookupWorkers of them, Events*Lookups in all, ending with the run.
	var lookupBudget atomic.Int64
	lookupBudget.Store(int64(float64(cfg.Events) * cfg.Lookups))
	for w := range lookupWorkers(cfg) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(cfg.Seed, 1<<32+uint64(w)))
			for lookupBudget.Add(-1) >= 0 && ctx.Err() == nil {
				cl := lookupClients[rng.IntN(len(lookupClients))]
				t0 := time.Now()
				_, err := cl.Status(ctx, visitors[rng.IntN(len(visitors))])
				el := time.Since(t0)
				mu.Lock()
				if err == nil {
					res.Lookups++
					lookupL = append(lookupL, el)
				} else {
					res.Retries++
				}
				mu.Unlock()
				if err != nil {
					backoff(ctx, rng)
				}
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	if !eventsEnd.IsZero() {
		res.EventsElapsed = eventsEnd.Sub(start)
	}
	res.Ingest, res.Lookup = percentiles(ingestL), percentiles(lookupL)
	res.Complete = budget.Load() <= 0 && busy.Load() == 0
	for _, d := range devs {
		if d.nextSeq > 1 {
			res.Devices = append(res.Devices, DeviceSeq{Venue: d.venue, Device: d.name, Last: d.nextSeq - 1})
		}
	}
	return res, runErr
}

func (cfg *Config) check() error {
	switch {
	case cfg.URL == "" && cfg.Send == nil:
		return errors.New("loadgen: no upstream URL")
	case cfg.Send != nil && cfg.Lookups != 0:
		return errors.New("loadgen: lookups need the upstream's URL, not Send")
	case len(cfg.Tokens) == 0:
		return errors.New("loadgen: no device token")
	case cfg.Devices < 1 || cfg.Devices > 1_000_000:
		return errors.New("loadgen: devices must be 1 to 1000000")
	case cfg.Events < 1 || cfg.Events > 100_000_000:
		return errors.New("loadgen: events must be 1 to 100000000")
	case cfg.Batch < 1 || cfg.Batch > 5000:
		return errors.New("loadgen: batch must be 1 to 5000")
	case cfg.Workers < 1 || cfg.Workers > 4096:
		return errors.New("loadgen: workers must be 1 to 4096")
	case cfg.Lookups < 0 || cfg.Lookups > 10:
		return errors.New("loadgen: lookups per event must be 0 to 10")
	case cfg.Duration <= 0 || cfg.Duration > 24*time.Hour:
		return errors.New("loadgen: duration must be above 0 and at most 24h")
	}
	return nil
}

// send sends a batch to the upstream, or to to when it is set.
func (d *device) send(ctx context.Context, to func(context.Context, string, wire.EventBatch) (wire.BatchResult, error), b wire.EventBatch) (wire.BatchResult, error) {
	if to != nil {
		return to(ctx, d.venue, b)
	}
	return d.client.SendEvents(ctx, b)
}

// makeBatch records n moments at a door, every kind a kiosk sends: checked
// entries and refusals, exits (some without a lookup), staff overrides and
// people let in unchecked while nothing could answer.
func (d *device) makeBatch(n int, rng *rand.Rand) []wire.Event {
	out := make([]wire.Event, n)
	now := time.Now().UTC()
	for i := range out {
		e := wire.Event{
			ID: uuid.Must(uuid.NewV7()).String(), Device: d.name, Seq: d.nextSeq, Venue: d.venue, Door: "main",
			Kind: wire.Entry, IIN: visitor(d.index, rng.IntN(visitorsPerDoor)), Status: wire.Green, Source: wire.SourceOnline,
			ScannedAt: now,
		}
		switch r := rng.IntN(20); {
		case r < 6:
			e.Kind = wire.Exit
		case r < 8:
			e.Kind, e.Status, e.Source = wire.Exit, "", wire.SourceSkipped
		case r < 10:
			e.Kind, e.Status = wire.Refusal, wire.Red
		case r == 10:
			e.Kind, e.Status, e.Reason, e.Staff = wire.Override, wire.Red, wire.OverrideManager, "staff-1"
		case r == 11:
			e.Status, e.Source = "", wire.SourceUnchecked
		}
		out[i] = e
		d.nextSeq++
	}
	return out
}

// lookupWorkers is how many goroutines look statuses up: a quarter of the
// batch workers, at least one when there are lookups to do.
func lookupWorkers(cfg Config) int {
	if cfg.Lookups == 0 {
		return 0
	}
	return max(1, cfg.Workers/4)
}

// unacked is what of a batch must be sent again: neither accepted, nor a
// duplicate, nor rejected for good.
func unacked(batch []wire.Event, r wire.BatchResult) []wire.Event {
	done := map[string]bool{}
	for _, id := range r.Acked() {
		done[id] = true
	}
	for _, rj := range r.Rejected {
		done[rj.ID] = true
	}
	var out []wire.Event
	for _, e := range batch {
		if !done[e.ID] {
			out = append(out, e)
		}
	}
	return out
}

func backoff(ctx context.Context, rng *rand.Rand) {
	t := time.NewTimer(time.Duration(20+rng.IntN(80)) * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func percentiles(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	slices.Sort(ds)
	at := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	return Latency{N: len(ds), P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: ds[len(ds)-1]}
}

// fleetClient keeps enough idle connections for every worker, so the run
// measures the upstream rather than TCP handshakes.
func fleetClient(workers int) *http.Client {
	hc := upstream.DefaultHTTPClient()
	if tr, ok := hc.Transport.(*http.Transport); ok {
		tr.MaxIdleConns = workers * 2
		tr.MaxIdleConnsPerHost = workers * 2
		tr.MaxConnsPerHost = 0
	}
	return hc
}
