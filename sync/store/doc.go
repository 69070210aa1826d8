// Package store defines what the upstream keeps and the vocabulary every
// implementation shares: the Store interface and its parts (registry,
// events, devices, venues, credentials, passes, presence), the records they
// hold (Venue, Credential, DeviceRecord, Counters, IssuerKey, PassRecord,
// SeqSet ...), the rule that turns entries and exits into presence, and the
// store errors. It holds no storage itself: boltstore (one bbolt file, the
// default) and pgstore (PostgreSQL, shared by several replicas) implement it,
// and storetest is the one conformance suite both must pass.
//
// Every identity below the venue is scoped by the venue: an event id or a
// device name of one venue is unrelated to the same string in another, so
// no token of one venue can change, hide or reveal another's data.
package store
