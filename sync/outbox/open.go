package outbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/ashyq/kiosk/sync/atomicfile"
)

// Bucket names and meta keys; see the package comment for the layout.
var (
	bPending = []byte("pending")
	bIDs     = []byte("ids")
	bSynced  = []byte("synced")
	bDead    = []byte("dead")
	bCache   = []byte("cache")
	bCacheT  = []byte("cachet")
	bMeta    = []byte("meta")

	allBuckets = [][]byte{bPending, bIDs, bSynced, bDead, bCache, bCacheT, bMeta}

	kSchema  = []byte("schema")
	kLastSeq = []byte("last_seq")
	kLastAck = []byte("last_ack")
	// Bucket sizes, kept in the same transactions that change them, so Open
	// need not walk a large file to count.
	kPendingN = []byte("n_pending")
	kSyncedN  = []byte("n_synced")
	kDeadN    = []byte("n_dead")
	kCachedN  = []byte("n_cached")
)

// putCounts stores the bucket sizes in the meta bucket.
func putCounts(tx *bolt.Tx, c counters) error {
	meta := tx.Bucket(bMeta)
	for _, kv := range []struct {
		k []byte
		n int
	}{{kPendingN, c.pending}, {kSyncedN, c.synced}, {kDeadN, c.dead}, {kCachedN, c.cached}} {
		if kv.n < 0 {
			return fmt.Errorf("count %s would be %d", kv.k, kv.n)
		}
		if err := meta.Put(kv.k, u64(uint64(kv.n))); err != nil {
			return err
		}
	}
	return nil
}

// loadCounts reads what putCounts stored; a count missing from the meta
// bucket is counted from the bucket itself.
func loadCounts(tx *bolt.Tx) counters {
	meta := tx.Bucket(bMeta)
	count := func(k, bucket []byte) int {
		if v := meta.Get(k); len(v) == 8 {
			return int(getU64(v))
		}
		return tx.Bucket(bucket).Stats().KeyN
	}
	return counters{
		pending:       count(kPendingN, bPending),
		synced:        count(kSyncedN, bSynced),
		dead:          count(kDeadN, bDead),
		cached:        count(kCachedN, bCache),
		lastSeq:       getU64(meta.Get(kLastSeq)),
		lastAck:       keyTime(meta.Get(kLastAck)),
		oldestPending: oldestPending(tx),
	}
}

// schemaVersion is the layout this code reads and writes.
const schemaVersion = 1

// fullCheckBytes bounds the open-time check: files up to this size have
// every page read and every event decoded; larger ones only their meta, the
// buckets and the ends of the queues, so a big backlog does not delay the
// kiosk's start by seconds.
// A variable only so tests can lower it.
var fullCheckBytes int64 = 64 << 20

// Open opens or creates the outbox at path. A file that fails its check is
// moved aside as <path>.corrupt-<UTC time> and a fresh outbox is started
// (see Recovered). If another process holds the file, Open gives up after
// Options.LockTimeout with an error wrapping ErrLocked.
func Open(path string, opts Options) (*Outbox, error) {
	opts = opts.withDefaults()
	o := &Outbox{
		path:            path,
		opts:            opts,
		log:             opts.Logger,
		compactMinBytes: 8 << 20,
		appendCh:        make(chan *appendReq, maxBatch),
		quit:            make(chan struct{}),
		writerDone:      make(chan struct{}),
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open outbox: %w", err)
	}
	lease, err := loadSeqLease(path + ".seq")
	if err != nil {
		o.log.Warn("outbox seq reservation unreadable; continuing from the outbox's own last seq", "err", err)
	}
	o.lease = lease

	full := damageReported(path)
	cause, err := o.load(full)
	if err != nil {
		return nil, err
	}
	if cause != nil {
		moved, err := moveAside(path, opts.Now())
		if err != nil {
			return nil, fmt.Errorf("open outbox: %s is corrupt (%v) and could not be moved aside: %w", path, cause, err)
		}
		o.log.Error("outbox file corrupt: moved aside, starting a fresh outbox",
			"path", path, "moved_to", moved, "cause", cause)
		o.recovered = &Recovery{MovedTo: moved, Cause: cause}
		if cause, err = o.load(false); err != nil {
			return nil, err
		}
		if cause != nil {
			return nil, fmt.Errorf("open outbox %s: fresh file fails its check: %w", path, cause)
		}
	}
	if full || o.recovered != nil {
		if err := clearDamageMarker(path); err != nil {
			o.log.Warn("outbox: cannot remove the damage marker", "err", err)
		}
	}
	// A compaction copy left by a crash; the original is intact. Removed
	// only now that this process holds the lock, so it is nobody's work.
	if err := os.Remove(path + ".compact"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		o.log.Warn("outbox: cannot remove an old compaction copy", "path", path+".compact", "err", err)
	}
	go o.writer()
	return o, nil
}

// load opens and checks the file and loads the counters. cause != nil means
// the file is damaged (and is closed again); err is any other failure.
func (o *Outbox) load(full bool) (cause, err error) {
	db, cause, err := openChecked(o.path, o.opts, full)
	if err != nil || cause != nil {
		return cause, err
	}
	o.db = db
	if err := o.initialize(); err != nil {
		db.Close()
		o.db = nil
		if errors.Is(err, ErrDamaged) {
			return err, nil
		}
		return nil, fmt.Errorf("open outbox %s: %w", o.path, err)
	}
	return nil, nil
}

// boltOptions are the options of every bbolt file of the outbox. Sync stays
// on: Append's promise is an fsynced record.
func boltOptions(opts Options) *bolt.Options {
	return &bolt.Options{Timeout: opts.LockTimeout, FreelistType: bolt.FreelistMapType}
}

// openChecked opens path with bbolt and checks it. It returns cause != nil
// (and no db) when the file is damaged, err for everything else: a lock held
// elsewhere, a permission problem, a newer schema.
func openChecked(path string, opts Options, full bool) (db *bolt.DB, cause, err error) {
	db, err = safeBoltOpen(path, opts)
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, nil, fmt.Errorf("open outbox %s: %w (waited %s)", path, ErrLocked, opts.LockTimeout)
	case err != nil && isOSError(err):
		return nil, nil, fmt.Errorf("open outbox %s: %w", path, samePathCause(err, path))
	case err != nil:
		return nil, err, nil
	}
	if err := checkFile(db, path, full); err != nil {
		db.Close()
		var newer *newerSchemaError
		if errors.As(err, &newer) {
			return nil, nil, fmt.Errorf("open outbox %s: %w", path, err)
		}
		return nil, err, nil
	}
	return db, nil, nil
}

// safeBoltOpen turns a panic or a memory fault inside bbolt (it panics on
// some damaged pages, and a truncated file faults on access) into an error.
// After such a panic the half-opened file descriptor is leaked; this happens
// once, before the file is moved aside.
func safeBoltOpen(path string, opts Options) (db *bolt.DB, err error) {
	defer func() {
		if p := recover(); p != nil {
			db, err = nil, fmt.Errorf("bbolt panicked reading the file: %v", p)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return bolt.Open(path, 0o600, boltOptions(opts))
}

// isOSError tells an operating-system failure (permissions, missing
// directory, I/O) from bbolt rejecting the file's contents.
func isOSError(err error) bool {
	var pe *fs.PathError
	var errno syscall.Errno
	return errors.As(err, &pe) || errors.As(err, &errno)
}

// samePathCause drops an *fs.PathError's own "open PATH:" when PATH is the
// one the caller names already, so the message says the path once.
func samePathCause(err error, path string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == path && pe == err {
		return pe.Err
	}
	return err
}

// newerSchemaError: the file was written by a newer program. It is not
// corrupt and must not be moved aside.
type newerSchemaError struct{ version uint64 }

func (e *newerSchemaError) Error() string {
	return fmt.Sprintf("schema version %d is newer than this program's %d", e.version, schemaVersion)
}

// checkFile verifies the file is an intact outbox, reading every page when
// the file is small enough (fullCheckBytes) or full is set.
func checkFile(db *bolt.DB, path string, full bool) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("reading a damaged page: %v", p)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	return db.View(func(tx *bolt.Tx) error {
		if tx.Size() > fi.Size() {
			return fmt.Errorf("file truncated: data reaches %d bytes but the file has %d", tx.Size(), fi.Size())
		}
		if tx.Bucket(bMeta) == nil {
			empty := true
			_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
			if empty {
				return nil // created but not yet initialised (or a crash right after)
			}
			return errors.New("not an outbox: meta bucket missing")
		}
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				return fmt.Errorf("bucket %q missing", name)
			}
		}
		meta := tx.Bucket(bMeta)
		v := meta.Get(kSchema)
		if len(v) != 8 {
			return errors.New("meta: schema version missing")
		}
		if ver := getU64(v); ver > schemaVersion {
			return &newerSchemaError{ver}
		} else if ver == 0 {
			return errors.New("meta: schema version 0")
		}
		lastSeq := getU64(meta.Get(kLastSeq))
		for _, name := range [][]byte{bPending, bDead} {
			if k, _ := tx.Bucket(name).Cursor().Last(); k != nil && getU64(k) > lastSeq {
				return fmt.Errorf("bucket %q holds seq %d beyond the last assigned %d", name, getU64(k), lastSeq)
			}
		}
		if k, v := tx.Bucket(bPending).Cursor().First(); k != nil {
			if _, err := decodeEvent(v, getU64(k)); err != nil {
				return err
			}
		}
		if fi.Size() > fullCheckBytes && !full {
			return nil
		}
		return fullCheck(tx)
	})
}

// fullCheck reads every key and value, decodes every stored event, checks
// that the indexes agree with the queues, and runs bbolt's own page check.
func fullCheck(tx *bolt.Tx) error {
	n := map[string]int{}
	for _, name := range allBuckets {
		c := tx.Bucket(name).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			n[string(name)]++
			var err error
			switch string(name) {
			case string(bPending):
				_, err = decodeEvent(v, getU64(k))
			case string(bSynced):
				_, err = decodeEvent(v, getU64(k[8:]))
			case string(bDead):
				_, err = decodeDead(v, getU64(k))
			}
			if err != nil {
				return err
			}
		}
	}
	if q := n["pending"] + n["synced"] + n["dead"]; n["ids"] != q {
		return fmt.Errorf("id index has %d entries for %d events", n["ids"], q)
	}
	c := loadCounts(tx)
	if c.pending != n["pending"] || c.synced != n["synced"] || c.dead != n["dead"] || c.cached != n["cache"] {
		return fmt.Errorf("meta counts (pending %d, synced %d, dead %d, cached %d) disagree with the buckets (%d, %d, %d, %d)",
			c.pending, c.synced, c.dead, c.cached, n["pending"], n["synced"], n["dead"], n["cache"])
	}
	if n["cache"] != n["cachet"] {
		return fmt.Errorf("cache has %d entries but its time index %d", n["cache"], n["cachet"])
	}
	var errs []error
	for err := range tx.Check() {
		if len(errs) < 5 {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// moveAside renames a corrupt file to <path>.corrupt-<UTC time>; it never
// deletes anything.
func moveAside(path string, now time.Time) (string, error) {
	base := path + ".corrupt-" + now.UTC().Format("20060102T150405Z")
	dst := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
			break
		}
		dst = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(path, dst); err != nil {
		return "", err
	}
	return dst, atomicfile.SyncDir(filepath.Dir(path))
}

// initialize creates missing buckets, starts numbering after the sidecar's
// reservation when the file is new, and loads the in-memory counters.
func (o *Outbox) initialize() (err error) {
	defer o.recoverDamage("open", &err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	err = o.db.Update(func(tx *bolt.Tx) error {
		created := tx.Bucket(bMeta) == nil
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %q: %w", name, err)
			}
		}
		if !created {
			return nil
		}
		meta := tx.Bucket(bMeta)
		if err := meta.Put(kSchema, u64(schemaVersion)); err != nil {
			return err
		}
		// A new file on a device that already numbered events (the old file
		// was corrupt or deleted): never reuse a number the upstream may have.
		if o.lease.high > 0 {
			o.log.Warn("new outbox file: continuing seq after the reservation", "next_seq", o.lease.high+1)
		}
		return meta.Put(kLastSeq, u64(o.lease.high))
	})
	if err != nil {
		return fmt.Errorf("initialise: %w", err)
	}
	err = o.db.View(func(tx *bolt.Tx) error {
		o.c = loadCounts(tx)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load counters: %w", err)
	}
	if o.lease.high < o.c.lastSeq {
		// The sidecar is missing, damaged or behind (first start, or it was
		// deleted): rebuild it from the outbox.
		return o.lease.ensure(o.c.lastSeq + 1)
	}
	return nil
}
