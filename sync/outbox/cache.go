package outbox

import (
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/wire"
)

// PutStatus caches a status answer for an IIN, at being when the registry
// gave it. An answer older than the one already cached is ignored. When the
// cache holds more than CacheMax entries the oldest answers are evicted.
func (o *Outbox) PutStatus(iin string, s wire.Status, at time.Time) error {
	if iin == "" {
		return errors.New("put status: empty iin")
	}
	if !s.Valid() {
		return fmt.Errorf("put status: %q is not a status", s)
	}
	var delta int
	return o.update("put status", func(tx *bolt.Tx) (err error) {
		o.mu.Lock()
		cached := o.c.cached // stable: wmu is held
		o.mu.Unlock()
		delta, err = putStatus(tx, cached, o.opts.CacheMax, iin, s, at, time.Time{})
		return err
	}, func(c *counters) { c.cached += delta })
}

// putStatus caches s for iin at time at, valid until until (zero: no
// limit), inside tx, where the cache held cached entries before, evicting
// the oldest answers beyond cacheMax, and returns the change in the number
// of entries. An answer older than the one already cached changes nothing.
//
// A cache value is the answer time (8 bytes), then either the status (the
// first layout) or cacheUntil, the valid-until (8 bytes) and the status.
func putStatus(tx *bolt.Tx, cached, cacheMax int, iin string, s wire.Status, at, until time.Time) (delta int, err error) {
	cache, byTime := tx.Bucket(bCache), tx.Bucket(bCacheT)
	key := []byte(iin)
	if old := cache.Get(key); len(old) >= 8 {
		if keyTime(old[:8]).After(at) {
			return 0, nil
		}
		if err := byTime.Delete(append(append([]byte{}, old[:8]...), key...)); err != nil {
			return 0, err
		}
	} else {
		delta = 1
	}
	tk := timeKey(at)
	uk := make([]byte, 8) // zero: no valid-until (a zero Time has no Unix nanoseconds)
	if !until.IsZero() {
		uk = timeKey(until)
	}
	val := append(append(append([]byte{}, tk...), cacheUntil), uk...)
	if err := cache.Put(key, append(val, s...)); err != nil {
		return 0, err
	}
	if err := byTime.Put(append(tk, key...), nil); err != nil {
		return 0, err
	}
	over := cached + delta - cacheMax
	if over <= 0 {
		return delta, nil
	}
	n, err := evict(cache, byTime, func(_ time.Time, deleted int) bool { return deleted < over })
	return delta - n, err
}

// evict deletes cache entries oldest first while more(answer time,
// deleted so far) holds, and returns how many it deleted.
func evict(cache, byTime *bolt.Bucket, more func(at time.Time, deleted int) bool) (int, error) {
	deleted := 0
	c := byTime.Cursor()
	for k, _ := c.First(); len(k) >= 8 && more(keyTime(k[:8]), deleted); k, _ = c.First() {
		iin := append([]byte{}, k[8:]...)
		if err := c.Delete(); err != nil {
			return deleted, err
		}
		if err := cache.Delete(iin); err != nil {
			return deleted, err
		}
		deleted++
	}
	return deleted, nil
}

// cacheUntil marks a cache value that holds a valid-until: no status
// starts with it.
const cacheUntil = 0x01

// CachedStatus returns a cached answer younger than CacheTTL and still
// within the valid-until the upstream gave with it: a negative test that
// expired while the kiosk was offline is not green from the cache.
func (o *Outbox) CachedStatus(iin string) (s wire.Status, at time.Time, ok bool, err error) {
	err = o.view("cached status", func(tx *bolt.Tx) error {
		v := tx.Bucket(bCache).Get([]byte(iin))
		if len(v) < 8 {
			return nil
		}
		at = keyTime(v[:8])
		var until time.Time
		if len(v) >= 17 && v[8] == cacheUntil {
			until, v = keyTime(v[9:17]), v[17:]
		} else {
			v = v[8:]
		}
		s = wire.Status(v)
		now := o.opts.Now()
		ok = now.Sub(at) < o.opts.CacheTTL && (until.IsZero() || now.Before(until))
		return nil
	})
	if !ok {
		return "", time.Time{}, false, err
	}
	return s, at, true, err
}
