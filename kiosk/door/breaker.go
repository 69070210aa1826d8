package door

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// Prober asks the upstream whether it answers at all, and its clock:
// upstream.Client.
type Prober interface {
	Health(ctx context.Context) (wire.Health, error)
}

// breaker stops scans from waiting on a dead uplink. Closed, a scan asks
// the upstream; a lookup that times out or fails on the network opens it,
// and while it is open scans decide at once from the pass, the cache or the
// policy. Only the background probe (Engine.Probe) closes it again, when
// the upstream answers a health check. The first scan after the uplink dies
// waits the lookup timeout; no scan after it does.
//
//	closed ──lookup times out / network error──▶ open
//	open ──probe answered──▶ closed
type breaker struct {
	mu       sync.Mutex // guards everything below
	open     bool
	openedAt time.Time
	wake     chan struct{} // closed when the breaker opens, to start the probe at once
}

func newBreaker() *breaker { return &breaker{wake: make(chan struct{})} }

// allow reports whether a scan may ask the upstream.
func (b *breaker) allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.open
}

// trip opens the breaker; it reports whether it was closed before.
func (b *breaker) trip(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.open {
		return false
	}
	b.open, b.openedAt = true, now
	close(b.wake)
	return true
}

// reset closes the breaker.
func (b *breaker) reset() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return false
	}
	b.open = false
	b.wake = make(chan struct{})
	return true
}

// state returns whether the breaker is open, since when, and a channel
// closed when it next opens (meaningful while closed).
func (b *breaker) state() (open bool, since time.Time, opened <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.open, b.openedAt, b.wake
}

// linkDown reports whether a failed lookup says the link is down rather
// than that the upstream answered with an error: it timed out, or failed
// below HTTP (refused, reset, unreachable). Those open the breaker.
func linkDown(err error) bool {
	var ne net.Error
	var op *net.OpError
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() || errors.As(err, &op)
}

// BreakerOpen reports whether scans currently skip the upstream.
func (e *Engine) BreakerOpen() bool { return !e.breaker.allow() }

// Probe runs until ctx ends. While the breaker is open it asks the
// upstream's health every ProbeEvery and closes the breaker when it
// answers; whenever the health answers it also reads the upstream clock.
// While the breaker is closed it does nothing but wait for it to open.
func (e *Engine) Probe(ctx context.Context) error {
	if e.prober == nil {
		<-ctx.Done()
		return ctx.Err()
	}
	for {
		open, _, opened := e.breaker.state()
		if !open {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-opened:
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(e.cfg.ProbeEvery):
		}
		pctx, cancel := context.WithTimeout(ctx, e.cfg.LookupTimeout)
		h, err := e.prober.Health(pctx)
		cancel()
		if err != nil {
			e.log.Debug("upstream probe failed", "err", err)
			continue
		}
		if err := e.clock.Observe(h.Time, e.cfg.Now()); err != nil {
			e.log.Warn("upstream clock reading not believed", "err", err)
		}
		if e.breaker.reset() {
			e.log.Info("upstream answers again: scans ask it again")
		}
	}
}
