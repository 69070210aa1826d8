package backend

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/store"
)

const (
	// reportFlushEvery is how often a replica writes the kiosks' latest
	// check-in reports.
	reportFlushEvery = 5 * time.Second
	// maxReports bounds the reports held between two flushes (every kiosk
	// of a large fleet checks in about twice a minute); past it new
	// devices' reports wait for the next check-in.
	maxReports = 200_000
)

// reporter keeps the latest check-in report of each kiosk in memory and
// writes them all in one transaction every reportFlushEvery: a check-in
// costs no write of its own, and a crash loses at most the last few
// seconds' reports, which the next check-ins replace anyway.
type reporter struct {
	st   store.OwnerStore
	log  *slog.Logger
	stop chan struct{}
	done chan struct{}

	mu      sync.Mutex // mu guards latest.
	latest  map[[2]string]store.DoorReport
	dropped int
}

func newReporter(st store.OwnerStore, log *slog.Logger) *reporter {
	r := &reporter{st: st, log: log, stop: make(chan struct{}), done: make(chan struct{}), latest: map[[2]string]store.DoorReport{}}
	go r.run()
	return r
}

func (r *reporter) note(rep store.DoorReport) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := [2]string{rep.Venue, rep.Device}
	if _, ok := r.latest[k]; !ok && len(r.latest) >= maxReports {
		r.dropped++
		return
	}
	r.latest[k] = rep
}

func (r *reporter) run() {
	defer close(r.done)
	t := time.NewTicker(reportFlushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			r.flush()
		case <-r.stop:
			r.flush()
			return
		}
	}
}

// flush writes the reports so far; on failure they are kept for the next
// try unless a newer one came meanwhile.
func (r *reporter) flush() {
	r.mu.Lock()
	if r.dropped > 0 {
		r.log.Warn("kiosk check-in reports not kept: too many kiosks between two writes", "dropped", r.dropped)
		r.dropped = 0
	}
	if len(r.latest) == 0 {
		r.mu.Unlock()
		return
	}
	batch := make([]store.DoorReport, 0, len(r.latest))
	for _, rep := range r.latest {
		batch = append(batch, rep)
	}
	clear(r.latest)
	r.mu.Unlock()
	if err := r.st.PutDoorReports(context.Background(), batch); err != nil {
		r.log.Warn("store kiosk check-in reports", "error", err.Error())
		r.mu.Lock()
		for _, rep := range batch {
			k := [2]string{rep.Venue, rep.Device}
			if _, newer := r.latest[k]; !newer && len(r.latest) < maxReports {
				r.latest[k] = rep
			}
		}
		r.mu.Unlock()
	}
}

func (r *reporter) close() {
	close(r.stop)
	<-r.done
}
