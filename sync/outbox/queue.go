package outbox

import (
	"encoding/binary"
	"fmt"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/wire"
)

// States of an id in the ids index.
const (
	statePending = 'p'
	stateSynced  = 's'
	stateDead    = 'd'
)

// indexValue is an ids entry: state, seq, and for acknowledged events the
// ack time that, with the seq, keys the synced bucket.
func indexValue(state byte, seq uint64, ackKey []byte) []byte {
	v := make([]byte, 0, 17)
	v = append(v, state)
	v = binary.BigEndian.AppendUint64(v, seq)
	return append(v, ackKey...)
}

// loadByIndex fetches the event an ids entry points to, wherever it is.
func loadByIndex(tx *bolt.Tx, v []byte) (wire.Event, error) {
	if len(v) < 9 {
		return wire.Event{}, fmt.Errorf("id index entry of %d bytes", len(v))
	}
	seq := getU64(v[1:9])
	var raw []byte
	switch v[0] {
	case statePending:
		raw = tx.Bucket(bPending).Get(u64(seq))
	case stateSynced:
		raw = tx.Bucket(bSynced).Get(append(append([]byte{}, v[9:]...), u64(seq)...))
	case stateDead:
		d, err := decodeDead(tx.Bucket(bDead).Get(u64(seq)), seq)
		return d.Event, err
	}
	if raw == nil {
		return wire.Event{}, fmt.Errorf("id index points to missing event %d (state %q)", seq, v[0])
	}
	return decodeEvent(raw, seq)
}

// Pending returns up to limit waiting events, oldest (lowest Seq) first.
// A limit of zero or less returns them all.
func (o *Outbox) Pending(limit int) ([]wire.Event, error) {
	return firstN(o, "pending", bPending, limit, decodeEvent)
}

// Ack marks events as acknowledged by the upstream. Unknown ids are ignored,
// and so are ids already acknowledged: a repeated Ack changes nothing.
func (o *Outbox) Ack(ids []string) error {
	if len(ids) == 0 {
		return o.alive("ack")
	}
	now := o.opts.Now()
	ackKey := timeKey(now)
	var acked int
	var oldest time.Time
	return o.update("ack", func(tx *bolt.Tx) error {
		acked = 0
		pending, idx, synced := tx.Bucket(bPending), tx.Bucket(bIDs), tx.Bucket(bSynced)
		synced.FillPercent = 0.95
		for _, id := range ids {
			key := idKey(id)
			v := idx.Get(key)
			if len(v) < 9 || v[0] != statePending {
				continue
			}
			seq := getU64(v[1:9])
			raw := pending.Get(u64(seq))
			if raw == nil {
				return fmt.Errorf("id %s: index points to missing pending event %d", id, seq)
			}
			if err := synced.Put(append(append([]byte{}, ackKey...), u64(seq)...), append([]byte(nil), raw...)); err != nil {
				return err
			}
			if err := pending.Delete(u64(seq)); err != nil {
				return err
			}
			if err := idx.Put(key, indexValue(stateSynced, seq, ackKey)); err != nil {
				return err
			}
			acked++
		}
		if acked == 0 {
			return nil
		}
		oldest = oldestPending(tx)
		return tx.Bucket(bMeta).Put(kLastAck, ackKey)
	}, func(c *counters) {
		if acked == 0 {
			return
		}
		c.pending -= acked
		c.synced += acked
		c.lastAck = keyTime(ackKey)
		c.oldestPending = oldest
	})
}

// DeadLetter sets permanently rejected events aside, with the reason. Ids
// that are not pending are ignored.
func (o *Outbox) DeadLetter(rejected []wire.Rejection) error {
	if len(rejected) == 0 {
		return o.alive("dead-letter")
	}
	at := timeKey(o.opts.Now())
	var moved int
	var oldest time.Time
	return o.update("dead-letter", func(tx *bolt.Tx) error {
		moved = 0
		pending, idx, dead := tx.Bucket(bPending), tx.Bucket(bIDs), tx.Bucket(bDead)
		for _, r := range rejected {
			key := idKey(r.ID)
			v := idx.Get(key)
			if len(v) < 9 || v[0] != statePending {
				continue
			}
			seq := getU64(v[1:9])
			raw := pending.Get(u64(seq))
			if raw == nil {
				return fmt.Errorf("id %s: index points to missing pending event %d", r.ID, seq)
			}
			if err := dead.Put(u64(seq), encodeDead(at, r.Error, raw)); err != nil {
				return err
			}
			if err := pending.Delete(u64(seq)); err != nil {
				return err
			}
			if err := idx.Put(key, indexValue(stateDead, seq, nil)); err != nil {
				return err
			}
			moved++
		}
		oldest = oldestPending(tx)
		return nil
	}, func(c *counters) {
		c.pending -= moved
		c.dead += moved
		c.oldestPending = oldest
	})
}

// DeadLetters lists the events set aside, oldest (lowest Seq) first. A
// limit of zero or less lists them all.
func (o *Outbox) DeadLetters(limit int) ([]DeadLetter, error) {
	return firstN(o, "dead letters", bDead, limit, decodeDead)
}

// encodeDead: rejection time (8), uvarint length + error text, stored event.
func encodeDead(at []byte, reason string, event []byte) []byte {
	b := make([]byte, 0, 8+2+len(reason)+len(event))
	b = append(b, at...)
	b = appendString(b, reason)
	return append(b, event...)
}

func decodeDead(v []byte, seq uint64) (DeadLetter, error) {
	if len(v) < 8 {
		return DeadLetter{}, fmt.Errorf("decode dead letter %d: %w", seq, errShortValue)
	}
	d := DeadLetter{At: keyTime(v[:8])}
	r := reader{b: v[8:]}
	d.Error = r.string()
	if r.err != nil {
		return d, fmt.Errorf("decode dead letter %d: %w", seq, r.err)
	}
	ev, err := decodeEvent(r.b, seq)
	d.Event = ev
	return d, err
}

// oldestPending is the scan time of the lowest pending seq.
func oldestPending(tx *bolt.Tx) time.Time {
	k, v := tx.Bucket(bPending).Cursor().First()
	if k == nil {
		return time.Time{}
	}
	ev, err := decodeEvent(v, getU64(k))
	if err != nil {
		return time.Time{}
	}
	return ev.ScannedAt
}

// view runs a read transaction unless the outbox is closed.
func (o *Outbox) view(op string, fn func(*bolt.Tx) error) (err error) {
	o.dbMu.RLock()
	defer o.dbMu.RUnlock()
	defer o.recoverDamage(op, &err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	if o.closed {
		return fmt.Errorf("%s: %w", op, ErrClosed)
	}
	if err := o.db.View(fn); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// update runs a write transaction. After fn, count applies fn's changes to
// a copy of the counters, whose totals are stored in the meta bucket in the
// same transaction; the copy replaces the counters only if it committed.
func (o *Outbox) update(op string, fn func(*bolt.Tx) error, count func(*counters)) (err error) {
	o.dbMu.RLock()
	defer o.dbMu.RUnlock()
	if o.closed {
		return fmt.Errorf("%s: %w", op, ErrClosed)
	}
	o.wmu.Lock()
	defer o.wmu.Unlock()
	defer o.recoverDamage(op, &err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	o.mu.Lock()
	c := o.c
	o.mu.Unlock()
	err = o.db.Update(func(tx *bolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		c2 := c
		count(&c2)
		if err := putCounts(tx, c2); err != nil {
			return err
		}
		c = c2
		return o.hook()
	})
	if err != nil {
		return fmt.Errorf("%s: %w", op, o.classify(err))
	}
	o.mu.Lock()
	full := o.c.full
	o.c = c
	o.c.full = full
	o.mu.Unlock()
	return nil
}

// alive reports ErrClosed for calls that have nothing to do otherwise.
func (o *Outbox) alive(op string) error {
	o.dbMu.RLock()
	defer o.dbMu.RUnlock()
	if o.closed {
		return fmt.Errorf("%s: %w", op, ErrClosed)
	}
	return nil
}

// firstN decodes up to limit records of a seq-keyed bucket, lowest seq first
// (all of them when limit <= 0).
func firstN[T any](o *Outbox, what string, bucket []byte, limit int, decode func([]byte, uint64) (T, error)) ([]T, error) {
	var out []T
	err := o.view(what, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucket).Cursor()
		for k, v := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
			rec, err := decode(v, getU64(k))
			if err != nil {
				return err
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}
