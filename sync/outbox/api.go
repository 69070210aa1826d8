// Package outbox is the kiosk's durable record of entries, exits and
// refusals, kept in a bbolt file until the upstream acknowledges them, plus a
// bounded cache of status answers for offline use.
//
// CONTRACT SKELETON: the signatures below are fixed (other packages compile
// against them); the bodies are being written.
package outbox

import (
	"context"
	"errors"
	"log/slog"
	"time"

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
	MaxBytes    int64         // file size limit; default 512 MiB
	Retention   time.Duration // keep acknowledged events this long; default 7 days
	CacheTTL    time.Duration // status cache answers younger than this; default 24h
	CacheMax    int           // status cache entries at most; default 100000
	LockTimeout time.Duration // wait for another process's lock; default 2s
	Logger      *slog.Logger  // default: discard
	Now         func() time.Time
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

// Outbox is safe for concurrent use.
type Outbox struct{}

// Open opens or creates the outbox at path.
func Open(path string, opts Options) (*Outbox, error) { panic("outbox: not implemented yet") }

// Recovered is non-nil when Open found a corrupt file and moved it aside.
func (o *Outbox) Recovered() *Recovery { panic("outbox: not implemented yet") }

// Append records ev durably (fsync) before it returns. It assigns ev.ID (a
// UUIDv7) when empty and always assigns ev.Seq, and returns the stored event.
// Concurrent Appends share one commit.
func (o *Outbox) Append(ctx context.Context, ev wire.Event) (wire.Event, error) {
	panic("outbox: not implemented yet")
}

// Pending returns up to limit waiting events, oldest (lowest Seq) first.
func (o *Outbox) Pending(limit int) ([]wire.Event, error) { panic("outbox: not implemented yet") }

// Ack marks events as acknowledged by the upstream. Unknown ids are ignored.
func (o *Outbox) Ack(ids []string) error { panic("outbox: not implemented yet") }

// DeadLetter sets permanently rejected events aside, with the reason.
func (o *Outbox) DeadLetter(rejected []wire.Rejection) error { panic("outbox: not implemented yet") }

// DeadLetters lists the events set aside, oldest first.
func (o *Outbox) DeadLetters(limit int) ([]DeadLetter, error) { panic("outbox: not implemented yet") }

// DeadLetter is an event the upstream refused, kept for the operator.
type DeadLetter struct {
	Event wire.Event
	Error string
	At    time.Time
}

// Stats returns a snapshot.
func (o *Outbox) Stats() (Stats, error) { panic("outbox: not implemented yet") }

// PutStatus caches a status answer for an IIN.
func (o *Outbox) PutStatus(iin string, s wire.Status, at time.Time) error {
	panic("outbox: not implemented yet")
}

// CachedStatus returns a cached answer younger than CacheTTL.
func (o *Outbox) CachedStatus(iin string) (s wire.Status, at time.Time, ok bool, err error) {
	panic("outbox: not implemented yet")
}

// Maintain purges acknowledged events older than the retention and expired
// cache entries, and compacts the file when it has grown and emptied.
func (o *Outbox) Maintain(ctx context.Context) error { panic("outbox: not implemented yet") }

// Close closes the file.
func (o *Outbox) Close() error { panic("outbox: not implemented yet") }
