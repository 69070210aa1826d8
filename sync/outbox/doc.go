// Package outbox is the kiosk's durable record of entries, exits and
// refusals, kept in a bbolt file until the upstream acknowledges them, plus a
// bounded cache of status answers for offline use.
//
// The promise is the one the venue owner is fined on: every event the kiosk
// showed a verdict for reaches the upstream exactly once. The outbox gives
// the "at least once" half: Append returns only after the event, its id index
// entry and the new sequence number were committed together and fsynced, and
// an event leaves the pending state only when the upstream acknowledged it.
// The upstream gives the "at most once" half by deduplicating on the event's
// UUIDv7 id; the gap-free device sequence number lets it see any loss.
//
// An event moves through these states (the bucket that holds it in brackets):
//
//	Append ──> pending [pending] ──Ack──> acked [synced] ──Maintain, after Retention──> purged
//	               │
//	               └──DeadLetter (upstream rejected it for good)──> dead letter [dead]
//
// Buckets of the file:
//
//	pending  seq (8 bytes big-endian)           -> event
//	ids      id (16 raw bytes if a UUID)        -> state + seq (+ ack time when acked)
//	synced   ack time (8) + seq (8)             -> event
//	dead     seq (8)                            -> rejection time + error + event
//	cache    iin                                -> answer time (8) + status
//	cachet   answer time (8) + iin              -> (empty): eviction order
//	meta     schema version, last seq, last ack time, bucket sizes
//
// Sequence numbers survive a corrupt file: next to the outbox lives a small
// sidecar file (<name>.seq) holding a reservation, a number at least as high
// as any seq ever assigned. It is raised, with fsync, before a commit would
// pass it, in steps of seqLeaseStep, so it costs one extra fsync per
// seqLeaseStep events rather than one per commit. When Open has to start a
// fresh file (the old one was corrupt and moved aside, or deleted), numbering
// resumes after the reservation: seqs are never reused, and the gap the
// upstream reports covers the events lost with the old file plus at most
// seqLeaseStep numbers that were reserved but never assigned. Reporting too
// large a gap is the safe direction; reusing a seq would hide a loss.
//
// Concurrent Appends are grouped into one commit by a single writer goroutine
// (group commit): while one commit is being fsynced the next requests queue,
// and the writer takes all of them into the following transaction. The seq
// is read from and written to the meta bucket inside that transaction, so a
// failed commit uses no numbers. (bbolt's own db.Batch was not used: it may
// re-run a function after a failure, which makes exact numbering fiddly.)
//
// Space: Append refuses with ErrFull when the pages in use reach
// Options.MaxBytes, or when the disk or quota is full (ENOSPC, EDQUOT).
// Nothing stored is touched; Appends succeed again once acknowledged events
// are purged by Maintain, which also compacts a large, mostly empty file.
//
// Damage: Open checks the file (meta pages, buckets, schema, and for files
// up to fullCheckBytes every page and every stored event, plus bbolt's own
// consistency check), turning bbolt panics and memory faults on damaged
// pages into errors. A damaged file is renamed <name>.corrupt-<UTC time>,
// never deleted, an error is logged, and a fresh outbox starts; Recovered
// says what happened. Damage in a large file that the bounded check did not
// read surfaces later as ErrDamaged from the operation that hit it (bbolt's
// panic is recovered, nothing changes) and leaves a <name>.damaged marker
// that makes the next Open read every page.
package outbox
