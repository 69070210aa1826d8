// Package server is the reference upstream behind ashyq-server: a status
// registry, an idempotent event collector with per-device gap reports, venue
// occupancy, device tokens and operator credentials, the operator's
// management API, and fault injection for tests and soak runs.
//
// Everything is kept in a Store (store.go): bbolt by default, PostgreSQL for
// several replicas. Every identity below the venue is scoped by the venue:
// an event id or a device name of one venue is unrelated to the same string
// in another, so no token of one venue can change, hide or reveal another's
// data. The bbolt file, server.db in Options.DataDir, says so in its layout:
//
//	meta/                  schema -> layout version
//	registry/              iin -> status colour
//	venues/<venue>/        info (capacity, created), entries, exits,
//	                       refusals, lookups (uint64 counters)
//	venues/<venue>/log/    n -> event JSON              (receive order, for listing)
//	venues/<venue>/ids/    event id -> n, SHA-256 of the event (idempotency, conflicts)
//	venues/<venue>/devices/ device -> record: received, reused, lookups, last
//	                       seen, and the received sequence numbers as a sorted
//	                       list of ranges, so a device that sends in order
//	                       costs one range
//	creds/                 SHA-256 of a secret -> credential (never the secret)
//	cred_ids/              credential id -> SHA-256
//
// One transaction covers a whole batch: the events, the id index, the
// counters and the device records commit together or not at all, so a crash
// never leaves an event counted but not deduplicable, or the reverse.
//
// The HTTP API (v1) is described in docs/api.md; Handler serves it. The read
// helpers (Occupancy, EventCount, Device, HasEvent, Events) and SetStatus let
// tests of other packages inspect and steer a real server without HTTP.
package server
