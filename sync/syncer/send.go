package syncer

import (
	"context"
	"errors"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// drain sends batches back to back until the outbox has nothing pending
// (nil), ctx ends (ctx's error), or a round fails (that error, with the
// backoff already recorded).
func (s *Syncer) drain(ctx context.Context) error {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		evs, err := s.ob.Pending(s.opts.BatchSize)
		if err != nil {
			err = &storageError{err: err}
			s.roundFailed(err)
			return err
		}
		if len(evs) == 0 {
			s.refreshStats()
			return nil
		}
		done, err := s.sendBatch(ctx, evs)
		s.refreshStats()
		if err == nil && done == 0 {
			err = errNoProgress
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err() // stopping is not a failure of the upstream
			}
			s.roundFailed(err)
			return err
		}
		s.roundSucceeded()
	}
}

// sendBatch posts evs and settles every event the answer names. It returns
// how many events left the pending queue (acknowledged or dead-lettered).
// A batch refused for its content is split in halves, recursively, so one
// malformed event costs about 2·log2(n) requests instead of the batch.
func (s *Syncer) sendBatch(ctx context.Context, evs []wire.Event) (int, error) {
	res, err := s.cl.SendEvents(ctx, wire.EventBatch{Device: s.opts.Device, SentAt: s.opts.Now().UTC(), Events: evs})
	if he, ok := contentRefused(err); ok {
		if len(evs) > 1 {
			mid := len(evs) / 2
			n, err := s.sendBatch(ctx, evs[:mid])
			if err != nil {
				return n, err
			}
			m, err := s.sendBatch(ctx, evs[mid:])
			return n + m, err
		}
		rej := []wire.Rejection{{ID: evs[0].ID, Error: he.Error()}}
		if err := s.deadLetter(evs, rej); err != nil {
			return 0, err
		}
		return 1, nil
	}
	if err != nil {
		return 0, err
	}
	if acked := res.Acked(); len(acked) > 0 {
		if err := s.ob.Ack(acked); err != nil {
			return 0, &storageError{err: err}
		}
		s.mu.Lock()
		s.state.LastSync = s.opts.Now()
		s.mu.Unlock()
	}
	if err := s.deadLetter(evs, res.Rejected); err != nil {
		return len(res.Acked()), err
	}
	return len(res.Acked()) + len(res.Rejected), nil
}

// deadLetter sets rejected events aside and logs each by id and seq, never
// by content.
func (s *Syncer) deadLetter(batch []wire.Event, rejected []wire.Rejection) error {
	if len(rejected) == 0 {
		return nil
	}
	bySeq := make(map[string]wire.Event, len(batch))
	for _, ev := range batch {
		bySeq[ev.ID] = ev
	}
	for i := range rejected {
		if rejected[i].Error == "" {
			rejected[i].Error = "rejected by the upstream without a reason"
		}
	}
	if err := s.ob.DeadLetter(rejected); err != nil {
		return &storageError{err: err}
	}
	for _, r := range rejected {
		ev := bySeq[r.ID]
		s.log.Warn("event dead-lettered", "id", r.ID, "seq", ev.Seq, "kind", string(ev.Kind),
			"reason", safeText(r.Error))
	}
	return nil
}

// roundSucceeded clears the failure streak and the backoff.
func (s *Syncer) roundSucceeded() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = 0
	s.retryAt = time.Time{}
	s.netBackoff = false
	s.sendErr = ""
	s.storeErr = ""
	s.state.StorageError = ""
	s.setOnline(true, nil)
	s.publish()
}

// roundFailed records the failure, picks the wait before the next round,
// and updates what the screen shows.
func (s *Syncer) roundFailed(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures++
	wait := backoff(err, s.failures, s.opts.MinBackoff, s.opts.MaxBackoff)
	s.retryAt = time.Now().Add(wait)
	s.sendErr = describe(err)
	var se *storageError
	switch {
	case errors.As(err, &se):
		s.storeErr = s.sendErr
		s.state.StorageError = s.storeErr
		s.netBackoff = false
	case offline(err):
		s.setOnline(false, err)
		// A wait for a dead network may end as soon as a health check
		// gets through; a wait the server imposed (5xx) may not.
		s.netBackoff = networkFailure(err)
	default:
		s.setOnline(true, nil) // a 4xx or a 2xx proves the upstream is there
		s.netBackoff = false
	}
	s.log.Warn("sync round failed", "error", safeText(err.Error()), "retry_in", wait.Round(time.Millisecond),
		"failures", s.failures)
	s.publish()
}
