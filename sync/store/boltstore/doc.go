// Package boltstore is the store.Store in one bbolt file, server.db in the
// server's data directory: the default, for one process. Its layout:
//
//	meta/                  schema -> layout version
//	registry/              iin -> status colour
//	venues/<venue>/        info (capacity, created), entries, exits,
//	                       refusals, inside, lookups (uint64 counters)
//	venues/<venue>/log/    n -> event JSON              (receive order, for listing)
//	venues/<venue>/ids/    event id -> n, SHA-256 of the event (idempotency, conflicts)
//	venues/<venue>/devices/ device -> record: received, reused, lookups, last
//	                       seen, and the received sequence numbers as a sorted
//	                       list of ranges, so a device that sends in order
//	                       costs one range
//	venues/<venue>/presence/ iin -> inside or left, since when (store.Presence)
//	creds/                 SHA-256 of a secret -> credential (never the secret)
//	cred_ids/              credential id -> SHA-256
//	sessions/              SHA-256 of a session id -> store.Session JSON
//	                       (sessions.go; never the id itself)
//	issuer_keys/, passes/, pass_by_iin/, denylist/   the pass issuer (passes.go)
//	proofs/                proof id -> its first use (store.ProofUse JSON), a
//	                       copy of the memory in RAM written every second
//	                       (proofs.go)
//
// One transaction covers a whole batch: the events, the id index, the
// counters, the presence records and the device records commit together or
// not at all, so a crash never leaves an event counted but not deduplicable,
// or the reverse. An older layout is migrated in place when the file is
// opened (migrate.go).
package boltstore
