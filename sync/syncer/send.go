package syncer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// drain sends batches back to back until the outbox has nothing pending
// (nil), ctx ends (ctx's error), or a round fails (that error, with the
// backoff already recorded).
//
// The acknowledgement of one batch (an outbox commit, with fsync) runs
// while the next batch is on the wire, so the two waits overlap; at most
// one Ack is in flight, and drain never returns before it is committed.
// The next batch skips the ids being acknowledged.
func (s *Syncer) drain(ctx context.Context) error {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	var inflight *ackJob
	settle := func() error {
		if inflight == nil {
			return nil
		}
		err := <-inflight.done
		inflight = nil
		s.refreshStats()
		return err
	}
	fail := func(err error) error {
		if serr := settle(); serr != nil && err == nil {
			err = serr
		}
		s.refreshStats()
		if ctx.Err() != nil {
			return ctx.Err() // stopping is not a failure of the upstream
		}
		s.roundFailed(err)
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			_ = settle()
			return err
		}
		evs, err := s.nextBatch(inflight)
		if err != nil {
			return fail(err)
		}
		if len(evs) == 0 {
			if inflight != nil {
				if err := settle(); err != nil {
					return fail(err)
				}
				continue // look again now that the Ack is committed
			}
			s.refreshStats()
			return nil
		}
		acked, dead, err := s.sendBatch(ctx, evs)
		if serr := settle(); serr != nil {
			return fail(serr)
		}
		if len(acked) > 0 {
			inflight = s.startAck(acked)
		}
		if err == nil && len(acked)+dead == 0 {
			err = errNoProgress
		}
		if err != nil {
			return fail(err)
		}
		s.roundSucceeded()
	}
}

// nextBatch reads the oldest pending events, skipping those whose Ack is
// still being committed.
func (s *Syncer) nextBatch(inflight *ackJob) ([]wire.Event, error) {
	limit := s.opts.BatchSize
	if inflight != nil {
		limit += len(inflight.ids)
	}
	evs, err := s.ob.Pending(limit)
	if err != nil {
		return nil, &storageError{err: err}
	}
	if inflight != nil {
		kept := evs[:0]
		for _, ev := range evs {
			if !inflight.ids[ev.ID] {
				kept = append(kept, ev)
			}
		}
		evs = kept
	}
	return evs[:min(len(evs), s.opts.BatchSize)], nil
}

// ackJob is an Ack committing in the background.
type ackJob struct {
	ids  map[string]bool
	done chan error // receives the outcome once
}

func (s *Syncer) startAck(ids []string) *ackJob {
	j := &ackJob{ids: make(map[string]bool, len(ids)), done: make(chan error, 1)}
	for _, id := range ids {
		j.ids[id] = true
	}
	s.mu.Lock()
	s.state.LastSync = s.opts.Now()
	s.mu.Unlock()
	go func() {
		if err := s.ob.Ack(ids); err != nil {
			j.done <- &storageError{err: fmt.Errorf("ack: %w", err)}
			return
		}
		j.done <- nil
	}()
	return j
}

// sendBatch posts evs, dead-letters what the answer rejects, and returns
// the acknowledged ids (for the caller to Ack, even alongside an error) and
// how many events were dead-lettered. A batch refused for its content is
// split in halves, recursively, so one malformed event costs about
// 2·log2(n) requests instead of the batch.
func (s *Syncer) sendBatch(ctx context.Context, evs []wire.Event) (acked []string, dead int, err error) {
	res, err := s.cl.SendEvents(ctx, wire.EventBatch{Device: s.opts.Device, SentAt: s.opts.Now().UTC(), Events: evs})
	if he, ok := contentRefused(err); ok {
		if len(evs) > 1 {
			mid := len(evs) / 2
			a1, d1, err := s.sendBatch(ctx, evs[:mid])
			if err != nil {
				return a1, d1, err
			}
			a2, d2, err := s.sendBatch(ctx, evs[mid:])
			return append(a1, a2...), d1 + d2, err
		}
		rej := []wire.Rejection{{ID: evs[0].ID, Error: he.Error()}}
		if err := s.deadLetter(evs, rej); err != nil {
			return nil, 0, err
		}
		return nil, 1, nil
	}
	if err != nil {
		return nil, 0, err
	}
	if err := s.deadLetter(evs, res.Rejected); err != nil {
		return res.Acked(), 0, err
	}
	return res.Acked(), len(res.Rejected), nil
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
			"reason", safetext.Clean(r.Error, 300))
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
	s.linkErr = "" // a delivered batch proves the upstream is reachable
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
	s.log.Warn("sync round failed", "error", safetext.Clean(err.Error(), 300), "retry_in", wait.Round(time.Millisecond),
		"failures", s.failures)
	s.publish()
}
