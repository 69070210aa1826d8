package outbox

import (
	"github.com/google/uuid"

	"github.com/ashyq/kiosk/sync/wire"
)

// SetBeforeCommit installs a fault injector that runs at the end of every
// write transaction; a non-nil error aborts the transaction.
func SetBeforeCommit(o *Outbox, f func() error) {
	o.wmu.Lock()
	o.beforeCommit = f
	o.wmu.Unlock()
}

// SetCompactMinBytes lowers the size above which Maintain compacts.
func SetCompactMinBytes(o *Outbox, n int64) {
	o.dbMu.Lock()
	o.compactMinBytes = n
	o.dbMu.Unlock()
}

// BulkAppend stores evs in commits of up to maxBatch events, bypassing the
// writer goroutine, to fill an outbox quickly for benchmarks.
func BulkAppend(o *Outbox, evs []wire.Event) error {
	for i := range evs {
		if evs[i].ID == "" {
			evs[i].ID = uuid.Must(uuid.NewV7()).String()
		}
	}
	for len(evs) > 0 {
		n := min(len(evs), maxBatch)
		if _, err := o.commitAppends(evs[:n], nil); err != nil {
			return err
		}
		evs = evs[n:]
	}
	return nil
}

// SeqLeaseStep is how many seqs one sidecar write reserves.
const SeqLeaseStep = seqLeaseStep

// SetFullCheckBytes changes the file size up to which Open reads every
// page, and returns a function that restores it.
func SetFullCheckBytes(n int64) (restore func()) {
	old := fullCheckBytes
	fullCheckBytes = n
	return func() { fullCheckBytes = old }
}
