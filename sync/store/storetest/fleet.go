package storetest

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Fleet is a national-scale store for benchmarks (the owner's pages, the
// console): Venues venues with Devices devices among them and Events events
// in all, written through the store's own Ingest, as kiosks would have
// sent them. Venue 0 is a busy one: Busy of the events, spread over
// BusyDays days up to End; the others share the rest over the 30 days up
// to End. Visitors come in and leave (a few refused, a few let in by staff
// while nobody could check them), so presence and the counters are real.
type Fleet struct {
	Venues, Devices, Events int
	Busy, BusyDays          int
	End                     time.Time
	// Workers ingest venues in parallel (PostgreSQL uses them; bbolt
	// commits them together); default 16.
	Workers int
}

// FleetVenue names venue i of a fleet; FleetDevice its device j.
func FleetVenue(i int) string     { return fmt.Sprintf("venue-%05d", i) }
func FleetDevice(i, j int) string { return fmt.Sprintf("v%05d-kiosk-%02d", i, j) }

// fleetPeople is how many different visitors a fleet's venues share.
const fleetPeople = 50_000

var fleetIINs = sync.OnceValue(func() []string {
	out := make([]string, 0, fleetPeople)
	for n := 0; len(out) < fleetPeople; n++ {
		d := []byte(fmt.Sprintf("%02d%02d%02d3%04d", 60+n%40, 1+n/40%12, 1+n/480%28, n%10000))
		if c, err := iin.CheckDigit(d); err == nil {
			out = append(out, string(d)+strconv.Itoa(c))
		}
	}
	return out
})

// SeedFleet writes the fleet into st; progress (if set) is told how many
// events are in so far, now and then.
func SeedFleet(ctx context.Context, st store.Store, f Fleet, progress func(done int64)) error {
	if f.Workers <= 0 {
		f.Workers = 16
	}
	if f.BusyDays <= 0 {
		f.BusyDays = 30
	}
	perDevice := max(f.Devices/f.Venues, 1)
	rest := f.Events - f.Busy
	jobs := make(chan int)
	var done atomic.Int64
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range f.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range jobs {
				n, days := rest/max(f.Venues-1, 1), 30
				if v == 0 {
					n, days = f.Busy, f.BusyDays
				} else if v <= rest%max(f.Venues-1, 1) {
					n++
				}
				if err := seedVenue(ctx, st, v, perDevice, n, days, f.End, &done, progress); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for v := range f.Venues {
		mu.Lock()
		failed := firstErr != nil
		mu.Unlock()
		if failed || ctx.Err() != nil {
			break
		}
		jobs <- v
	}
	close(jobs)
	wg.Wait()
	return firstErr
}

// seedVenue writes venue v's n events over days days up to end, device by
// device in batches of a few thousand, in scan order.
func seedVenue(ctx context.Context, st store.Store, v, devices, n, days int, end time.Time, done *atomic.Int64, progress func(int64)) error {
	venue := FleetVenue(v)
	people := fleetIINs()
	start := end.Add(-time.Duration(days) * 24 * time.Hour)
	step := end.Sub(start) / time.Duration(max(n, 1))
	const batch = 4000
	evs := make([]wire.Event, 0, batch)
	seqs := make([]uint64, devices)
	inside := map[string]bool{}
	flush := func() error {
		if len(evs) == 0 {
			return nil
		}
		if _, err := st.Ingest(ctx, venue, evs, evs[len(evs)-1].ScannedAt.Add(time.Second)); err != nil {
			return fmt.Errorf("seed %s: %w", venue, err)
		}
		if d := done.Add(int64(len(evs))); progress != nil && d/200_000 != (d-int64(len(evs)))/200_000 {
			progress(d)
		}
		evs = evs[:0]
		return nil
	}
	if devices == 0 {
		devices = 1
	}
	for i := range n {
		dev := i % devices
		seqs[dev]++
		person := people[(v*7919+i/2)%len(people)]
		e := wire.Event{ID: "e" + strconv.FormatInt(int64(i), 36), Device: FleetDevice(v, dev), Seq: seqs[dev], Venue: venue,
			Door: "main", IIN: person, ScannedAt: start.Add(time.Duration(i) * step)}
		switch {
		case inside[person]:
			e.Kind, e.Source = wire.Exit, wire.SourceSkipped
			delete(inside, person)
		case i%50 == 7:
			e.Kind, e.Status, e.Source, e.Reason = wire.Refusal, wire.Yellow, wire.SourceOnline, wire.ReasonStatus
		case i%200 == 11:
			e.Kind, e.Source, e.Reason, e.Staff = wire.Override, wire.SourceUnchecked, wire.OverrideIDChecked, "staff"
			inside[person] = true
		default:
			e.Kind, e.Status, e.Source = wire.Entry, wire.Green, wire.SourceOnline
			inside[person] = true
		}
		evs = append(evs, e)
		// One device's batch goes whole: a batch of one venue holds
		// several devices' events, as a replica's group commit would.
		if len(evs) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
