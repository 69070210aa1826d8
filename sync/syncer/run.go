package syncer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ashyq/kiosk/sync/upstream"
)

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
		if r := s.send.retryTime(); at.Before(r) {
			at = r
		}
		if !wakeAt.IsZero() && !at.Before(wakeAt) {
			return
		}
		wakeAt = at
		wake.Reset(time.Until(at))
	}

	s.send.refreshStats()
	s.poll(ctx)
	schedule(time.Now()) // whatever a previous run left behind
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.kick:
			schedule(time.Now().Add(s.opts.BatchWait))
			if s.checkInSoon.Load() {
				s.checkIn(ctx)
			}
		case <-ticker.C:
			s.send.refreshStats()
			s.poll(ctx)
			if s.State().Pending > 0 {
				schedule(time.Now())
			}
		case <-wake.C:
			wakeAt = time.Time{}
			if r := s.send.retryTime(); time.Now().Before(r) {
				schedule(r) // the backoff was extended meanwhile (by Flush)
				continue
			}
			if err := s.send.drain(ctx); err != nil {
				if ctx.Err() == nil {
					schedule(s.send.retryTime())
				}
				continue
			}
			s.pollOccupancy(ctx) // our own entries just changed it
		}
	}
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
		if err := sleepUntil(ctx, s.send.retryTime()); err != nil {
			return s.flushErr(err)
		}
		err := s.send.drain(ctx)
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
	s.send.refreshStats()
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
	if !s.link.health(ctx) {
		return
	}
	s.send.networkBack()
	s.pollOccupancy(ctx)
	s.checkIn(ctx)
}

// checkIn reports the kiosk's state and takes its settings, every
// CheckInEvery. A failure changes no link state (an older upstream has no
// check-in; the occupancy poll says whether the link works) and is logged
// when it differs from the last one.
func (s *Syncer) checkIn(ctx context.Context) {
	if s.opts.CheckIn == nil || time.Now().Before(s.send.retryTime()) {
		return
	}
	now := s.opts.Now()
	soon := s.checkInSoon.Swap(false)
	if !soon && !s.lastCheckIn.IsZero() && now.Sub(s.lastCheckIn) < s.opts.CheckInEvery {
		return
	}
	s.lastCheckIn = now
	in := s.opts.CheckIn()
	in.Device = s.opts.Device
	pctx, cancel := context.WithTimeout(ctx, pollTimeout)
	defer cancel()
	got, err := s.link.cl.CheckIn(pctx, in)
	if err != nil {
		if msg := err.Error(); msg != s.checkInErr && ctx.Err() == nil {
			s.checkInErr = msg
			s.opts.Logger.Warn("settings check-in failed; the kiosk keeps the settings it has", "err", err)
		}
		return
	}
	if s.checkInErr != "" {
		s.opts.Logger.Info("settings check-in works again")
		s.checkInErr = ""
	}
	if s.opts.OnSettings != nil {
		s.opts.OnSettings(in, got)
	}
}

// CheckInNow makes the next poll check in even if the last check-in was
// recent (the owner changed the mode in the kiosk's menu), and wakes the
// loop.
func (s *Syncer) CheckInNow() {
	s.checkInSoon.Store(true)
	s.Kick()
}

// pollOccupancy reads the venue-wide head count unless a backoff asks for
// quiet.
func (s *Syncer) pollOccupancy(ctx context.Context) {
	if time.Now().Before(s.send.retryTime()) {
		return
	}
	s.link.pollOccupancy(ctx)
}
