package outbox

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/ashyq/kiosk/sync/wire"
)

// maxBatch bounds how many Appends share one commit (and the queue length).
const maxBatch = 1024

// appendReq is one Append waiting for the writer.
type appendReq struct {
	ev    wire.Event
	until time.Time    // the online status's valid-until, for the cache
	state atomic.Int32 // reqWaiting, then reqTaken by the writer or reqAbandoned by the caller
	done  chan appendResult
}

const (
	reqWaiting int32 = iota
	reqTaken
	reqAbandoned
)

type appendResult struct {
	ev  wire.Event
	err error
}

// Append records ev durably (fsync) before it returns. It assigns ev.ID (a
// UUIDv7) when empty and always assigns ev.Seq, and returns the stored event.
// Concurrent Appends share one commit.
//
// Appending an id the outbox already holds (pending, acknowledged within the
// retention, or dead-lettered) stores nothing and returns the stored event,
// so a caller retrying after an ambiguous failure cannot count a visit twice.
// ctx is honoured until the event joins a commit; from then on Append waits
// for that commit, so an error always means the event was not stored.
//
// An event whose Source is wire.SourceOnline also caches its Status for its
// IIN, answered at its ScannedAt, in the same commit (as PutStatus would):
// a scan with an online lookup costs one fsync, not two.
func (o *Outbox) Append(ctx context.Context, ev wire.Event) (wire.Event, error) {
	return o.AppendUntil(ctx, ev, time.Time{})
}

// AppendUntil is Append for an event whose online status the upstream said
// is valid only until until (wire.StatusResponse.ValidUntil; zero: no
// limit): the cached answer is used no longer than that, nor than CacheTTL.
func (o *Outbox) AppendUntil(ctx context.Context, ev wire.Event, until time.Time) (wire.Event, error) {
	if err := ctx.Err(); err != nil {
		return wire.Event{}, fmt.Errorf("append: %w", err)
	}
	if ev.ID == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return wire.Event{}, fmt.Errorf("append: new id: %w", err)
		}
		ev.ID = id.String()
	}
	req := &appendReq{ev: ev, until: until, done: make(chan appendResult, 1)}
	select {
	case o.appendCh <- req:
	case <-ctx.Done():
		return wire.Event{}, fmt.Errorf("append: %w", ctx.Err())
	case <-o.quit:
		return wire.Event{}, fmt.Errorf("append: %w", ErrClosed)
	}
	var giveUp error
	select {
	case res := <-req.done:
		return res.ev, res.err
	case <-ctx.Done():
		giveUp = ctx.Err()
	case <-o.quit:
		giveUp = ErrClosed
	}
	if req.state.CompareAndSwap(reqWaiting, reqAbandoned) {
		return wire.Event{}, fmt.Errorf("append: %w", giveUp)
	}
	res := <-req.done // already in a commit: its outcome is the answer
	return res.ev, res.err
}

// writer is the single goroutine that commits Appends. It takes every
// request queued while the previous commit was being fsynced into the next
// transaction: the group commit.
func (o *Outbox) writer() {
	defer close(o.writerDone)
	batch := make([]*appendReq, 0, maxBatch)
	for {
		batch = batch[:0]
		select {
		case <-o.quit:
			return
		case r := <-o.appendCh:
			batch = append(batch, r)
		}
	drain:
		for len(batch) < maxBatch {
			select {
			case r := <-o.appendCh:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		taken := batch[:0]
		for _, r := range batch {
			if r.state.CompareAndSwap(reqWaiting, reqTaken) {
				taken = append(taken, r)
			}
		}
		if len(taken) == 0 {
			continue
		}
		evs := make([]wire.Event, len(taken))
		untils := make([]time.Time, len(taken))
		for i, r := range taken {
			evs[i], untils[i] = r.ev, r.until
		}
		stored, err := o.commitAppends(evs, untils)
		for i, r := range taken {
			if err != nil {
				r.done <- appendResult{err: err}
			} else {
				r.done <- appendResult{ev: stored[i]}
			}
		}
	}
}

// commitAppends stores evs in one transaction: each event, its id index
// entry, the status cached from an online event and the new last seq commit
// together or not at all. untils[i] (or none, when untils is short) is the
// valid-until of evs[i]'s online status.
func (o *Outbox) commitAppends(evs []wire.Event, untils []time.Time) (_ []wire.Event, err error) {
	o.dbMu.RLock()
	defer o.dbMu.RUnlock()
	if o.closed {
		return nil, fmt.Errorf("append: %w", ErrClosed)
	}
	o.wmu.Lock()
	defer o.wmu.Unlock()
	defer o.recoverDamage("append", &err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))

	o.mu.Lock()
	before := o.c // stable: wmu is held
	o.mu.Unlock()
	lastSeq := before.lastSeq
	if err := o.lease.ensure(lastSeq + uint64(len(evs))); err != nil {
		err = o.classify(err)
		o.mu.Lock()
		o.c.full = errors.Is(err, ErrFull)
		o.mu.Unlock()
		return nil, fmt.Errorf("append: %w", err)
	}

	stored := make([]wire.Event, len(evs))
	var added, cached int
	err = o.db.Update(func(tx *bolt.Tx) error {
		if used := usedBytes(o.db, tx); used >= o.opts.MaxBytes {
			return fmt.Errorf("%w: %d bytes in use, limit %d; acknowledged events are purged by maintenance", ErrFull, used, o.opts.MaxBytes)
		}
		added, cached = 0, before.cached
		pending, ids, meta := tx.Bucket(bPending), tx.Bucket(bIDs), tx.Bucket(bMeta)
		pending.FillPercent, ids.FillPercent = 0.95, 0.9 // keys arrive in order
		seq := getU64(meta.Get(kLastSeq))
		for i, ev := range evs {
			key := idKey(ev.ID)
			if v := ids.Get(key); v != nil {
				old, err := loadByIndex(tx, v)
				if err != nil {
					return fmt.Errorf("id %s already stored: %w", ev.ID, err)
				}
				stored[i] = old
				continue
			}
			seq++
			ev.Seq = seq
			if err := pending.Put(u64(seq), encodeEvent(ev)); err != nil {
				return err
			}
			if err := ids.Put(key, indexValue(statePending, seq, nil)); err != nil {
				return err
			}
			stored[i] = ev
			added++
			if ev.Source == wire.SourceOnline && ev.IIN != "" && ev.Status.Valid() {
				var until time.Time
				if i < len(untils) {
					until = untils[i]
				}
				delta, err := putStatus(tx, cached, o.opts.CacheMax, ev.IIN, ev.Status, ev.ScannedAt, until)
				if err != nil {
					return err
				}
				cached += delta
			}
		}
		if err := meta.Put(kLastSeq, u64(seq)); err != nil {
			return err
		}
		c := before
		c.pending += added
		c.cached = cached
		if err := putCounts(tx, c); err != nil {
			return err
		}
		return o.hook()
	})
	o.mu.Lock()
	defer o.mu.Unlock()
	if err != nil {
		err = o.classify(err)
		o.c.full = errors.Is(err, ErrFull)
		return nil, fmt.Errorf("append: %w", err)
	}
	o.c.full = false
	if added > 0 && o.c.pending == 0 {
		o.c.oldestPending = firstNew(stored, lastSeq)
	}
	o.c.pending += added
	o.c.lastSeq += uint64(added)
	o.c.cached = cached
	return stored, nil
}

// firstNew is the scan time of the lowest new seq of a commit.
func firstNew(stored []wire.Event, lastSeq uint64) (t time.Time) {
	for _, ev := range stored {
		if ev.Seq == lastSeq+1 {
			return ev.ScannedAt
		}
	}
	return t
}

// hook runs the test fault injector, if any. Called with wmu held.
func (o *Outbox) hook() error {
	if o.beforeCommit != nil {
		return o.beforeCommit()
	}
	return nil
}

// classify maps a full disk or quota to ErrFull, keeping the cause.
func (o *Outbox) classify(err error) error {
	if errors.Is(err, ErrFull) {
		return err
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, bolterrors.ErrMaxSizeReached) {
		return fmt.Errorf("%w: %w", ErrFull, err)
	}
	return err
}

// usedBytes is the part of the file holding live data: the pages up to the
// high-water mark minus those on the freelist.
func usedBytes(db *bolt.DB, tx *bolt.Tx) int64 {
	st := db.Stats()
	free := int64(st.FreePageN+st.PendingPageN) * int64(db.Info().PageSize)
	return tx.Size() - free
}
