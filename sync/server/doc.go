// Package server is the reference upstream behind ashyq-server: a status
// registry, an idempotent event collector with per-device gap reports, venue
// occupancy, and fault injection for tests and soak runs.
//
// Everything lives in one bbolt file, server.db, in Options.DataDir:
//
//	registry/            iin -> status colour
//	ids/                 event id -> venue 0x00 seq   (idempotency index)
//	venues/<venue>/      entries, exits, refusals (uint64 counters)
//	venues/<venue>/log/  seq -> event JSON            (receipt order, for listing)
//	devices/             device -> record: venue, received, max seq, last seen,
//	                     and the received sequence numbers as a sorted list of
//	                     ranges, so a device that sends in order costs one range
//
// One bbolt transaction covers a whole batch: the events, the id index, the
// counters and the device records commit together or not at all, so a crash
// never leaves an event counted but not deduplicable, or the reverse.
//
// The HTTP API (v1) is described in docs/api.md; Handler serves it. The read
// helpers (Occupancy, EventCount, Device, HasEvent, Events) and SetStatus let
// tests of other packages inspect and steer a real server without HTTP.
package server
