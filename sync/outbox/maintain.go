package outbox

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/atomicfile"
)

// purgeChunk bounds one purge transaction, so Appends waiting behind
// Maintain wait for at most one chunk.
const purgeChunk = 5000

// Maintain purges acknowledged events older than the retention and expired
// cache entries, and compacts the file when it has grown and emptied: over
// compactMinBytes (8 MiB) with less than a quarter of it in use. Appends and
// Acks wait while the compacted copy replaces the file.
func (o *Outbox) Maintain(ctx context.Context) error {
	now := o.opts.Now()
	cutoff := now.Add(-o.opts.Retention)
	for {
		n, err := o.purgeSynced(cutoff)
		if err != nil {
			return fmt.Errorf("maintain: %w", err)
		}
		if n < purgeChunk {
			break
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("maintain: %w", err)
		}
	}
	expired := now.Add(-o.opts.CacheTTL)
	for {
		var n int
		err := o.update("purge cache", func(tx *bolt.Tx) error {
			var err error
			n, err = evict(tx.Bucket(bCache), tx.Bucket(bCacheT), func(at time.Time, deleted int) bool {
				return deleted < purgeChunk && at.Before(expired)
			})
			return err
		}, func(c *counters) { c.cached -= n })
		if err != nil {
			return fmt.Errorf("maintain: %w", err)
		}
		if n < purgeChunk {
			break
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("maintain: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("maintain: %w", err)
	}
	if err := o.compactIfSparse(); err != nil {
		return fmt.Errorf("maintain: %w", err)
	}
	return nil
}

// purgeSynced deletes up to purgeChunk acknowledged events acknowledged
// before cutoff, with their id index entries.
func (o *Outbox) purgeSynced(cutoff time.Time) (int, error) {
	var n int
	err := o.update("purge acknowledged", func(tx *bolt.Tx) error {
		n = 0
		idx := tx.Bucket(bIDs)
		c := tx.Bucket(bSynced).Cursor()
		for k, v := c.First(); len(k) == 16 && n < purgeChunk && keyTime(k[:8]).Before(cutoff); k, v = c.First() {
			ev, err := decodeEvent(v, getU64(k[8:]))
			if err != nil {
				return err
			}
			if err := c.Delete(); err != nil {
				return err
			}
			if err := idx.Delete(idKey(ev.ID)); err != nil {
				return err
			}
			n++
		}
		return nil
	}, func(c *counters) { c.synced -= n })
	return n, err
}

// compactIfSparse rewrites the file when it is big and mostly free pages.
// The copy is built in <path>.compact in the same directory (so the rename
// is atomic), synced, renamed over the file, and the directory synced. A
// crash at any point leaves either the old file or the complete copy under
// path; Open removes a leftover copy.
func (o *Outbox) compactIfSparse() error {
	o.dbMu.Lock()
	defer o.dbMu.Unlock()
	if o.closed {
		return fmt.Errorf("compact: %w", ErrClosed)
	}
	fi, err := os.Stat(o.path)
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	var used int64
	if err := o.db.View(func(tx *bolt.Tx) error { used = usedBytes(o.db, tx); return nil }); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	if fi.Size() <= o.compactMinBytes || used*4 >= fi.Size() {
		return nil
	}
	tmp := o.path + ".compact"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("compact: %w", err)
	}
	dst, err := bolt.Open(tmp, 0o600, boltOptions(o.opts))
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	abandon := func(err error) error {
		dst.Close()
		os.Remove(tmp)
		return fmt.Errorf("compact: %w", err)
	}
	if err := bolt.Compact(dst, o.db, 16<<20); err != nil {
		return abandon(err)
	}
	if err := dst.Sync(); err != nil {
		return abandon(err)
	}
	if err := o.db.Close(); err != nil {
		return abandon(o.reopenAfter(err))
	}
	if err := os.Rename(tmp, o.path); err != nil {
		return abandon(o.reopenAfter(err))
	}
	if err := atomicfile.SyncDir(filepath.Dir(o.path)); err != nil {
		o.log.Warn("outbox compaction: directory sync failed", "err", err)
	}
	// The copy is already open and locked; keep using it.
	o.db = dst
	after, _ := os.Stat(o.path)
	if after != nil {
		o.log.Info("outbox compacted", "path", o.path, "bytes_before", fi.Size(), "bytes_after", after.Size())
	}
	return nil
}

// reopenAfter reopens the original file after a failed compaction step, so
// the outbox keeps working; it returns cause joined with any reopen error.
func (o *Outbox) reopenAfter(cause error) error {
	db, err := bolt.Open(o.path, 0o600, boltOptions(o.opts))
	if err != nil {
		o.closed = true // nothing to serve from; later calls get ErrClosed
		return errors.Join(cause, fmt.Errorf("reopen after failed compaction: %w", err))
	}
	o.db = db
	return cause
}

// Stats returns a snapshot. It costs a stat of the file and no transaction,
// so the idle screen can call it every second.
func (o *Outbox) Stats() (Stats, error) {
	o.dbMu.RLock()
	defer o.dbMu.RUnlock()
	if o.closed {
		return Stats{}, fmt.Errorf("stats: %w", ErrClosed)
	}
	var size int64
	if fi, err := os.Stat(o.path); err == nil {
		size = fi.Size()
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return Stats{
		Pending:       o.c.pending,
		OldestPending: o.c.oldestPending,
		DeadLetters:   o.c.dead,
		Synced:        o.c.synced,
		LastAck:       o.c.lastAck,
		LastSeq:       o.c.lastSeq,
		FileBytes:     size,
		Full:          o.c.full,
	}, nil
}

// Close stops the writer (Appends still waiting get ErrClosed; one already
// in a commit gets that commit's outcome) and closes the file. Calling it
// again does nothing.
func (o *Outbox) Close() error {
	err := ErrClosed
	o.closeOnce.Do(func() {
		close(o.quit)
		<-o.writerDone
		o.dbMu.Lock()
		defer o.dbMu.Unlock()
		o.closed = true
		err = o.db.Close()
		if err != nil {
			err = fmt.Errorf("close outbox: %w", err)
		}
	})
	if errors.Is(err, ErrClosed) {
		return nil
	}
	return err
}
