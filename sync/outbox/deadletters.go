package outbox

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Retry puts dead letters back in the queue, under their own sequence
// numbers, for the owner who fixed what the upstream refused them for. Ids
// that are not dead letters are ignored; it returns how many moved.
func (o *Outbox) Retry(ids []string) (int, error) {
	var moved int
	var oldest time.Time
	err := o.update("retry dead letters", func(tx *bolt.Tx) error {
		moved = 0
		pending, idx, dead := tx.Bucket(bPending), tx.Bucket(bIDs), tx.Bucket(bDead)
		for _, id := range ids {
			key := idKey(id)
			v := idx.Get(key)
			if len(v) < 9 || v[0] != stateDead {
				continue
			}
			seq := getU64(v[1:9])
			d, err := decodeDead(dead.Get(u64(seq)), seq)
			if err != nil {
				return err
			}
			if err := pending.Put(u64(seq), encodeEvent(d.Event)); err != nil {
				return err
			}
			if err := dead.Delete(u64(seq)); err != nil {
				return err
			}
			if err := idx.Put(key, indexValue(statePending, seq, nil)); err != nil {
				return err
			}
			moved++
		}
		oldest = oldestPending(tx)
		return nil
	}, func(c *counters) {
		c.pending += moved
		c.dead -= moved
		c.oldestPending = oldest
	})
	if err != nil {
		return 0, fmt.Errorf("retry dead letters: %w", err)
	}
	return moved, nil
}

// Forget removes dead letters for good: the owner set them aside, and the
// caller has already kept a copy (kiosk/app appends them to a file). Ids
// that are not dead letters are ignored; it returns how many went.
func (o *Outbox) Forget(ids []string) (int, error) {
	var gone int
	err := o.update("forget dead letters", func(tx *bolt.Tx) error {
		gone = 0
		idx, dead := tx.Bucket(bIDs), tx.Bucket(bDead)
		for _, id := range ids {
			key := idKey(id)
			v := idx.Get(key)
			if len(v) < 9 || v[0] != stateDead {
				continue
			}
			if err := dead.Delete(u64(getU64(v[1:9]))); err != nil {
				return err
			}
			if err := idx.Delete(key); err != nil {
				return err
			}
			gone++
		}
		return nil
	}, func(c *counters) { c.dead -= gone })
	if err != nil {
		return 0, fmt.Errorf("forget dead letters: %w", err)
	}
	return gone, nil
}
