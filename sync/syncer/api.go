// Package syncer sends the outbox upstream in the background: batches by size
// and time, retries with backoff, sets permanently rejected events aside, and
// publishes the online state the idle screen shows.
//
// CONTRACT SKELETON: the signatures below are fixed (other packages compile
// against them); the bodies are being written.
package syncer

import (
	"context"
	"log/slog"
	"time"

	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

// Options tune a syncer. Zero values mean the defaults in the comments.
type Options struct {
	Device     string        // required
	Venue      string        // required; for occupancy
	BatchSize  int           // events per request; default 500
	BatchWait  time.Duration // wait this long for more events before sending; default 200ms
	MinBackoff time.Duration // default 500ms
	MaxBackoff time.Duration // default 60s
	PollEvery  time.Duration // health/occupancy poll while idle; default 10s
	Logger     *slog.Logger
	Now        func() time.Time
}

// State is what the idle screen shows about sync.
type State struct {
	Online        bool
	Pending       int
	OldestPending time.Time
	DeadLetters   int
	LastSync      time.Time // last acknowledged batch
	LastError     string    // empty when the last attempt succeeded
	Occupancy     *wire.Occupancy
	ClockSkew     time.Duration // device clock minus upstream clock
	StorageError  string        // outbox trouble (full disk, ...) worth a notice
}

// Syncer is safe for concurrent use.
type Syncer struct{}

// New makes a syncer; call Run to start it.
func New(ob *outbox.Outbox, cl *upstream.Client, opts Options) (*Syncer, error) {
	panic("syncer: not implemented yet")
}

// Run sends until ctx is done.
func (s *Syncer) Run(ctx context.Context) error { panic("syncer: not implemented yet") }

// Kick tells the syncer an event was appended, so it sends soon.
func (s *Syncer) Kick() { panic("syncer: not implemented yet") }

// MarkOffline records that a status lookup just failed on the network, so the
// screen shows offline without waiting for the next poll.
func (s *Syncer) MarkOffline(err error) { panic("syncer: not implemented yet") }

// State returns the latest state.
func (s *Syncer) State() State { panic("syncer: not implemented yet") }

// Updates delivers state changes; a slow reader sees only the latest.
func (s *Syncer) Updates() <-chan State { panic("syncer: not implemented yet") }

// Flush sends everything pending now and returns when the outbox is empty,
// ctx is done, or a non-retryable problem stops it.
func (s *Syncer) Flush(ctx context.Context) error { panic("syncer: not implemented yet") }
