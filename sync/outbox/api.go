package outbox

import (
	"errors"
	"io"
	"log/slog"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/wire"
)

// Errors callers match with errors.Is.
var (
	// ErrFull: the outbox reached Options.MaxBytes or the disk is full. Nothing
	// already stored is lost; the new event was not recorded.
	ErrFull = errors.New("outbox full")
	// ErrLocked: another process holds the outbox file.
	ErrLocked = errors.New("outbox locked by another process")
	// ErrClosed: the outbox was closed.
	ErrClosed = errors.New("outbox closed")
)

// Options tune an outbox. Zero values mean the defaults in the comments.
type Options struct {
	// MaxBytes limits the bytes the outbox's data occupies in its file;
	// default 512 MiB. The file itself can exceed it by the free pages left
	// behind by acknowledged events (and bbolt's growth step) until Maintain
	// compacts it.
	MaxBytes    int64
	Retention   time.Duration // keep acknowledged events this long; default 7 days
	CacheTTL    time.Duration // status cache answers younger than this; default 24h
	CacheMax    int           // status cache entries at most; default 100000
	LockTimeout time.Duration // wait for another process's lock; default 2s
	Logger      *slog.Logger  // default: discard
	// Now is the clock for ack times, retention and the cache TTL; default
	// time.Now. Scan times come from the events themselves.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 512 << 20
	}
	if o.Retention <= 0 {
		o.Retention = 7 * 24 * time.Hour
	}
	if o.CacheTTL <= 0 {
		o.CacheTTL = 24 * time.Hour
	}
	if o.CacheMax <= 0 {
		o.CacheMax = 100000
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = 2 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Recovery describes a corrupt file that Open moved aside.
type Recovery struct {
	MovedTo string // where the old file now is
	Cause   error
}

// Stats is a snapshot for the idle screen and the syncer.
type Stats struct {
	Pending       int       // events waiting for the upstream
	OldestPending time.Time // scan time of the oldest waiting event; zero if none
	DeadLetters   int       // events the upstream rejected permanently
	Synced        int       // acknowledged events kept for the retention
	LastAck       time.Time // when the upstream last acknowledged something
	LastSeq       uint64    // the device sequence number last assigned
	FileBytes     int64
	Full          bool // the last Append failed with ErrFull
}

// DeadLetter is an event the upstream refused, kept for the operator.
type DeadLetter struct {
	Event wire.Event
	Error string
	At    time.Time
}

// Outbox is safe for concurrent use. Open one per file; a second process
// gets ErrLocked.
type Outbox struct {
	path      string
	opts      Options
	log       *slog.Logger
	recovered *Recovery
	lease     *seqLease

	appendCh   chan *appendReq
	quit       chan struct{} // closed by Close: the writer stops, waiting Appends give up
	writerDone chan struct{}
	closeOnce  sync.Once

	// dbMu guards db and closed: every operation holds it shared, compaction
	// and Close hold it exclusively while they swap or close the file.
	dbMu   sync.RWMutex
	db     *bolt.DB
	closed bool

	// wmu serialises write transactions together with the counter updates
	// that follow their commits, so counters change in commit order.
	wmu sync.Mutex
	// beforeCommit, when set (tests only), runs at the end of every write
	// transaction; an error aborts the transaction as a failed write would.
	beforeCommit func() error
	// compactMinBytes is the file size below which Maintain never compacts.
	compactMinBytes int64

	// mu guards everything declared below.
	mu sync.Mutex
	c  counters
}

// counters mirror the file so Stats needs no transaction.
type counters struct {
	pending       int
	oldestPending time.Time
	dead          int
	synced        int
	cached        int
	lastAck       time.Time
	lastSeq       uint64
	full          bool
}

// Recovered is non-nil when Open found a corrupt file and moved it aside.
func (o *Outbox) Recovered() *Recovery { return o.recovered }

// Path is the outbox file's path.
func (o *Outbox) Path() string { return o.path }
