package outbox_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/wire"
)

// BenchmarkAppend measures durable (fsynced) Appends from 1, 8 and 64
// concurrent callers: throughput and per-Append latency percentiles.
func BenchmarkAppend(b *testing.B) {
	for _, conc := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("conc=%d", conc), func(b *testing.B) {
			o, _ := openTemp(b, outbox.Options{})
			lat := make([][]time.Duration, conc)
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for w := range conc {
				n := b.N / conc
				if w < b.N%conc {
					n++
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					lat[w] = make([]time.Duration, 0, n)
					for i := range n {
						t0 := time.Now()
						if _, err := o.Append(context.Background(), testEvent(i)); err != nil {
							b.Error(err)
							return
						}
						lat[w] = append(lat[w], time.Since(t0))
					}
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			all := slices.Concat(lat...)
			slices.Sort(all)
			b.ReportMetric(float64(len(all))/elapsed.Seconds(), "appends/s")
			b.ReportMetric(float64(percentile(all, 0.50)), "p50-ns")
			b.ReportMetric(float64(percentile(all, 0.99)), "p99-ns")
		})
	}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// BenchmarkFileSize100k appends 100,000 events through Append (64 callers)
// and reports the file size. Run with -benchtime=1x.
func BenchmarkFileSize100k(b *testing.B) {
	const events, conc = 100_000, 64
	for range b.N {
		o, path := openTemp(b, outbox.Options{})
		var wg sync.WaitGroup
		for w := range conc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < events; i += conc {
					if _, err := o.Append(context.Background(), testEvent(i)); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		if err := o.Close(); err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(fi.Size()), "file-bytes")
		b.ReportMetric(float64(fi.Size())/events, "bytes/event")
		// The file includes bbolt's growth step (up to 16 MiB preallocated);
		// the pages up to the high-water mark are what the events occupy.
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		db.View(func(tx *bolt.Tx) error {
			b.ReportMetric(float64(tx.Size())/events, "data-bytes/event")
			return nil
		})
		db.Close()
	}
}

// BenchmarkDrain100k drains 100,000 pending events the way the syncer
// does: Pending(500) then Ack of that page, until empty.
func BenchmarkDrain100k(b *testing.B) {
	const events, page = 100_000, 500
	var total time.Duration
	for range b.N {
		b.StopTimer()
		o, _ := openTemp(b, outbox.Options{})
		evs := make([]wire.Event, events)
		for i := range evs {
			evs[i] = testEvent(i)
		}
		if err := outbox.BulkAppend(o, evs); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		drained := 0
		for {
			p, err := o.Pending(page)
			if err != nil {
				b.Fatal(err)
			}
			if len(p) == 0 {
				break
			}
			if err := o.Ack(ids(p)); err != nil {
				b.Fatal(err)
			}
			drained += len(p)
		}
		total += time.Since(start)
		if drained != events {
			b.Fatalf("drained %d of %d", drained, events)
		}
		o.Close()
	}
	b.ReportMetric(float64(events*b.N)/total.Seconds(), "events/s")
}

// BenchmarkOpen100k measures Open of an outbox holding 100,000 pending
// events: below fullCheckBytes this includes reading every page.
func BenchmarkOpen100k(b *testing.B) {
	o, path := openTemp(b, outbox.Options{})
	evs := make([]wire.Event, 100_000)
	for i := range evs {
		evs[i] = testEvent(i)
	}
	if err := outbox.BulkAppend(o, evs); err != nil {
		b.Fatal(err)
	}
	o.Close()
	b.ResetTimer()
	for range b.N {
		o, err := outbox.Open(path, outbox.Options{})
		if err != nil {
			b.Fatal(err)
		}
		o.Close()
	}
	fi, _ := os.Stat(path)
	b.ReportMetric(float64(fi.Size()), "file-bytes")
}
