package syncer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ashyq/kiosk/sync/upstream"
)

// pollTimeout bounds one health or occupancy check, so a hung upstream does
// not stall the loop past a few poll intervals.
const pollTimeout = 10 * time.Second

// Run sends until ctx is done, then returns nil. Only one Run may be active
// at a time.
//
// The loop sleeps until one of three things happens: a Kick (the first Kick
// arms a BatchWait timer so a burst of scans goes out as one batch), the
// poll ticker (refresh counters, check health and occupancy, and pick up
// anything pending), or the send timer firing. The send timer never fires
// before the backoff ends.
func (s *Syncer) Run(ctx context.Context) error {
	if !s.running.CompareAndSwap(false, true) {
		return errors.New("syncer: run: already running")
	}
	defer s.running.Store(false)

	ticker := time.NewTicker(s.opts.PollEvery)
	defer ticker.Stop()
	wake := time.NewTimer(time.Hour)
	wake.Stop()
	defer wake.Stop()
	var wakeAt time.Time // zero: no send scheduled

	// schedule arms the send timer for at, or for the end of the backoff if
	// that is later; an earlier schedule already armed stays.
	schedule := func(at time.Time) {
		if r := s.retryTime(); at.Before(r) {
			at = r
		}
		if !wakeAt.IsZero() && !at.Before(wakeAt) {
			return
		}
		wakeAt = at
		wake.Reset(time.Until(at))
	}

	s.refreshStats()
	s.poll(ctx)
	schedule(time.Now()) // whatever a previous run left behind
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.kick:
			schedule(time.Now().Add(s.opts.BatchWait))
		case <-ticker.C:
			s.refreshStats()
			s.poll(ctx)
			if s.State().Pending > 0 {
				schedule(time.Now())
			}
		case <-wake.C:
			wakeAt = time.Time{}
			if r := s.retryTime(); time.Now().Before(r) {
				schedule(r) // the backoff was extended meanwhile (by Flush)
				continue
			}
			if err := s.drain(ctx); err != nil {
				if ctx.Err() == nil {
					schedule(s.retryTime())
				}
				continue
			}
			s.pollOccupancy(ctx) // our own entries just changed it
		}
	}
}

// retryTime is when the backoff ends; zero when there is none.
func (s *Syncer) retryTime() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.retryAt
}

// Flush sends everything pending now and returns when the outbox is empty,
// ctx is done, or a non-retryable problem stops it.
//
// It honours the backoff like Run does; retryable failures are waited out
// until ctx ends. A refused token (ErrTokenRefused), another request-level
// 4xx, or an outbox failure ends it at once: waiting would not help, and
// nothing is lost, because the events stay pending.
func (s *Syncer) Flush(ctx context.Context) error {
	for {
		if err := sleepUntil(ctx, s.retryTime()); err != nil {
			return s.flushErr(err)
		}
		err := s.drain(ctx)
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return s.flushErr(ctx.Err())
		case upstream.IsAuth(err):
			return s.flushErr(fmt.Errorf("%w: %w", ErrTokenRefused, err))
		case !transient(err):
			return s.flushErr(err)
		}
	}
}

func (s *Syncer) flushErr(err error) error {
	s.refreshStats()
	return fmt.Errorf("flush: %w (%d events still pending)", err, s.State().Pending)
}

// sleepUntil waits until t or until ctx ends, whichever is first.
func sleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// poll checks health (and with it the clock skew), then occupancy when the
// upstream is up and no backoff is running.
func (s *Syncer) poll(ctx context.Context) {
	pctx, cancel := context.WithTimeout(ctx, pollTimeout)
	defer cancel()
	t0 := s.opts.Now()
	h, err := s.cl.Health(pctx)
	t1 := s.opts.Now()
	if err != nil {
		if ctx.Err() == nil {
			s.linkFailed(err)
		}
		return
	}
	s.mu.Lock()
	// The server read its clock somewhere in the round trip; the middle
	// is the best guess of when.
	s.state.ClockSkew = t0.Add(t1.Sub(t0) / 2).Sub(h.Time)
	s.linkErr = ""
	s.setOnline(true, nil)
	if s.netBackoff {
		// The network is back: do not sit out the rest of the wait.
		s.retryAt = time.Time{}
		s.netBackoff = false
	}
	s.publish()
	s.mu.Unlock()
	s.pollOccupancy(ctx)
}

// pollOccupancy reads the venue-wide head count unless a backoff asks for
// quiet.
func (s *Syncer) pollOccupancy(ctx context.Context) {
	if time.Now().Before(s.retryTime()) {
		return
	}
	pctx, cancel := context.WithTimeout(ctx, pollTimeout)
	defer cancel()
	occ, err := s.cl.Occupancy(pctx, s.opts.Venue)
	if err != nil {
		if ctx.Err() == nil {
			s.linkFailed(err)
		}
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.Occupancy = &occ
	s.linkErr = ""
	s.setOnline(true, nil)
	s.publish()
}

// linkFailed records a failed health or occupancy check.
func (s *Syncer) linkFailed(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.linkErr = describe(err)
	if offline(err) {
		s.setOnline(false, err)
	} else {
		s.setOnline(true, nil)
	}
	s.publish()
}
