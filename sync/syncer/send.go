package syncer

import (
	"context"
	"fmt"

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
func (s *sender) drain(ctx context.Context) error {
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
func (s *sender) nextBatch(inflight *ackJob) ([]wire.Event, error) {
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

func (s *sender) startAck(ids []string) *ackJob {
	j := &ackJob{ids: make(map[string]bool, len(ids)), done: make(chan error, 1)}
	for _, id := range ids {
		j.ids[id] = true
	}
	s.mu.Lock()
	s.lastSync = s.opts.Now()
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
func (s *sender) sendBatch(ctx context.Context, evs []wire.Event) (acked []string, dead int, err error) {
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
func (s *sender) deadLetter(batch []wire.Event, rejected []wire.Rejection) error {
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
