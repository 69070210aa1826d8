package backend

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/store"
)

const (
	// lookupFlushEvery is how often a replica writes its lookup counts.
	lookupFlushEvery = time.Second
	// maxLookupKeys bounds the devices counted between two flushes; past
	// it, lookups count for the venue only, so made-up device names
	// cannot grow the map.
	maxLookupKeys = 10000
)

// lookupCounter counts status lookups in memory and adds them to the store
// once a second, so a lookup costs no write and several replicas' counts add
// up in the store. A crash loses at most the last second's counts: they are
// a signal for the operator, not records.
type lookupCounter struct {
	st   store.DeviceStore
	log  *slog.Logger
	stop chan struct{}
	done chan struct{}

	mu     sync.Mutex // mu guards counts.
	counts map[[2]string]int64
}

func newLookupCounter(st store.DeviceStore, log *slog.Logger) *lookupCounter {
	lc := &lookupCounter{st: st, log: log, stop: make(chan struct{}), done: make(chan struct{}), counts: map[[2]string]int64{}}
	go lc.run()
	return lc
}

// add counts one lookup by device (maybe "") of venue.
func (lc *lookupCounter) add(venue, device string) {
	lc.mu.Lock()
	k := [2]string{venue, device}
	if _, ok := lc.counts[k]; !ok && len(lc.counts) >= maxLookupKeys {
		k[1] = ""
	}
	lc.counts[k]++
	lc.mu.Unlock()
}

func (lc *lookupCounter) run() {
	defer close(lc.done)
	t := time.NewTicker(lookupFlushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			lc.flush()
		case <-lc.stop:
			lc.flush()
			return
		}
	}
}

// flush writes the counts so far; on failure they are kept for the next try.
func (lc *lookupCounter) flush() {
	lc.mu.Lock()
	if len(lc.counts) == 0 {
		lc.mu.Unlock()
		return
	}
	batch := make([]store.LookupCount, 0, len(lc.counts))
	for k, n := range lc.counts {
		batch = append(batch, store.LookupCount{Venue: k[0], Device: k[1], N: n})
	}
	clear(lc.counts)
	lc.mu.Unlock()
	if err := lc.st.AddLookups(context.Background(), batch); err != nil {
		lc.log.Warn("store lookup counts", "error", err.Error())
		lc.mu.Lock()
		for _, c := range batch {
			lc.counts[[2]string{c.Venue, c.Device}] += c.N
		}
		lc.mu.Unlock()
	}
}

// close flushes and stops; the store must still be open.
func (lc *lookupCounter) close() {
	close(lc.stop)
	<-lc.done
}

// CountLookup counts one status lookup by device (maybe "") of venue; the
// counts reach the store about once a second.
func (b *Backend) CountLookup(venue, device string) { b.lookups.add(venue, device) }

// FlushLookups writes the lookup counts so far now (tests, and Close).
func (b *Backend) FlushLookups() { b.lookups.flush() }
