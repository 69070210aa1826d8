package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"strconv"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// ListPageBytes bounds a listing page in bytes of stored event JSON, besides
// its count limit: events stored before the field limits could be megabytes
// each.
const ListPageBytes = 1 << 20

// Store is everything the server keeps. Two implementations exist: bbolt, one
// file in one process (boltstore, the default), and PostgreSQL, shared by
// several replicas (pgstore). Every method is safe for concurrent
// use, and every identity below the venue (an event id, a device name) is
// scoped by its venue: no method takes one without the venue it belongs to.
//
// Store is made of small interfaces so that a feature adds one (keys and
// passes, a deny list, capacity rules) without reshaping the others: add the
// sub-interface here, implement it in both stores, and the conformance suite
// (storetest, run against both) holds them to the same behaviour.
type Store interface {
	RegistryStore
	EventStore
	DeviceStore
	VenueStore
	CredentialStore
	PassStore
	PresenceStore
	WalletStore
	ProofStore
	FactStore
	AuditStore
	OwnerStore
	SessionStore
	// Ping reports whether the store can serve now (PostgreSQL answers a
	// query; a bbolt file is open): a replica's readiness.
	Ping(ctx context.Context) error
	Close() error
}

// PassStore holds the pass issuer's keys, the passes it issued and the deny
// list. RegistryStore.PutStatuses revokes a person's passes (reason
// wire.DenyStatusChanged) in the transaction that changes their status: a
// pass never outlives the status it carries.
type PassStore interface {
	// EnsureIssuerKey makes a current issuer key if there is none: the
	// fixed demo key when demo is set, else a random one.
	EnsureIssuerKey(ctx context.Context, now time.Time, demo bool) error
	// RotateIssuerKeys makes a new current key; every key without an end
	// gets one at now + grace. It returns the new key id.
	RotateIssuerKeys(ctx context.Context, now time.Time, grace time.Duration) (string, error)
	// CurrentIssuerKey returns the key new passes are signed with.
	CurrentIssuerKey(ctx context.Context, now time.Time) (IssuerKey, error)
	// IssuerKeys returns the keys a kiosk should know at now, oldest first.
	IssuerKeys(ctx context.Context, now time.Time) ([]IssuerKey, error)
	// RecordPass stores an issued pass, unless the person's registry status
	// is no longer rec.Status (stale: sign again).
	RecordPass(ctx context.Context, id string, rec PassRecord) (stale bool, err error)
	// RevokePass puts a pass on the deny list; ErrUnknownPass if it was
	// never issued. Revoking twice changes nothing.
	RevokePass(ctx context.Context, id, reason string, now time.Time) error
	// DenyList returns up to limit entries after sequence number after,
	// oldest first, and whether more follow.
	DenyList(ctx context.Context, after uint64, limit int) ([]wire.DenyEntry, bool, error)
	// RecentDenied returns up to limit deny-list entries, newest first, and
	// whether older ones exist (for the console). Entries are numbered from
	// 1 and never removed, so the newest one's Seq is the list's length.
	RecentDenied(ctx context.Context, limit int) ([]wire.DenyEntry, bool, error)
}

// RegistryStore is the status registry: IIN -> colour.
type RegistryStore interface {
	// PutStatuses upserts registry entries in one transaction.
	PutStatuses(ctx context.Context, m map[string]wire.Status) error
	// Status returns the colour of a valid IIN; blue when the registry does
	// not know it.
	Status(ctx context.Context, iin string) (wire.Status, error)
}

// EventStore holds the events of every venue, idempotent by (venue, id).
type EventStore interface {
	// Ingest stores the validated events of one batch of venue in one
	// transaction: the events, their id index, the venue's counters and the
	// device records commit together or not at all. An id already stored
	// with the same content is a duplicate; with other content, a conflict
	// (rejected, the first version kept). The venue is created if new.
	Ingest(ctx context.Context, venue string, events []wire.Event, now time.Time) (IngestResult, error)
	// Counters returns a venue's counters; zero for an unknown venue.
	Counters(ctx context.Context, venue string) (Counters, error)
	// HasEvent reports whether venue holds an event with this id.
	HasEvent(ctx context.Context, venue, id string) (bool, error)
	// ListEvents returns up to limit events of venue in receive order after
	// cursor ("" for the start). A page also stops before its events' stored
	// JSON passes ListPageBytes (it always holds at least one event). A
	// cursor the store did not hand out is ErrBadCursor. No event committed later may ever appear before a cursor
	// already handed out: that is what lets a reader page, and follow the
	// newest events, without skipping any.
	ListEvents(ctx context.Context, venue, cursor string, limit int) (EventPage, error)
	// RecentEvents returns up to limit of venue's events, newest received
	// first (for the console).
	RecentEvents(ctx context.Context, venue string, limit int) ([]wire.Event, error)
}

// DeviceStore holds what each venue's devices sent.
type DeviceStore interface {
	// Device returns one device of venue; ErrUnknownDevice when venue has
	// no such device (whether or not another venue has one of that name).
	Device(ctx context.Context, venue, device string) (DeviceRecord, error)
	// Devices returns venue's devices ordered by name.
	Devices(ctx context.Context, venue string) ([]DeviceRecord, error)
	// SilentDevices returns up to limit devices of every venue last seen
	// before the given time, the longest silent first (the console's
	// silence alarms), and at most MaxSilentPerVenue of any one venue (its
	// longest silent), so one venue's thousands of devices (made up, or
	// all switched off) cannot hide another venue's silent kiosk.
	SilentDevices(ctx context.Context, before time.Time, limit int) ([]DeviceRecord, error)
	// EachDevice calls fn with every device of every venue, ordered by
	// venue then device name, and stops at fn's first error, which it
	// returns. It is the console's one walk of the fleet (backend's fleet
	// view), not for a request: a store may hold one read transaction
	// open for the whole walk.
	EachDevice(ctx context.Context, fn func(DeviceRecord) error) error
	// AddLookups adds status-lookup counts (counted in memory by a replica
	// and flushed now and then, so a lookup costs no write) to venues and
	// their devices. A device its venue has no record of gets one (no
	// event received, LastSeen now), so a kiosk that has only looked people
	// up is visible per device, while the venue has fewer than
	// MaxDevicesFromLookups devices; past that its lookups count for the
	// venue only, so made-up names cannot grow a venue without end.
	AddLookups(ctx context.Context, counts []LookupCount) error
}

// VenueStore holds the venues and what an operator set for them.
type VenueStore interface {
	// PutVenue creates a venue or updates what an operator sets for it; an
	// existing venue keeps its Created time.
	PutVenue(ctx context.Context, v Venue) error
	// Venue returns one venue with its counters; ErrNotFound if it does
	// not exist.
	Venue(ctx context.Context, name string) (VenueSummary, error)
	// Venues returns every venue ordered by name, with its counters.
	Venues(ctx context.Context) ([]VenueSummary, error)
}

// CredentialStore holds device tokens and operator credentials, by the
// SHA-256 of the secret: the store never sees a secret itself.
type CredentialStore interface {
	// PutCredential adds a credential; ErrExists if its hash or id is taken.
	PutCredential(ctx context.Context, c Credential) error
	// CredentialByHash returns the live (not revoked) credential with this
	// secret hash; ErrNotFound if none.
	CredentialByHash(ctx context.Context, hash [sha256.Size]byte) (Credential, error)
	// RevokeCredential marks a credential revoked and ends its sessions
	// (SessionStore) in the same transaction; ErrNotFound if no
	// credential has this id.
	RevokeCredential(ctx context.Context, id string, at time.Time) error
	// Credentials returns every credential of a kind, revoked ones too,
	// ordered by creation.
	Credentials(ctx context.Context, kind CredentialKind) ([]Credential, error)
}

// SessionStore holds web sessions (the operator's console, the owners'
// pages), shared by every replica. A session is stored under the SHA-256 of
// its id, never the id itself, so a copy of the database opens no session.
type SessionStore interface {
	// PutSession stores a new session; ErrExists if its hash is taken.
	PutSession(ctx context.Context, s Session) error
	// Session returns the session with this id hash, expired or not;
	// ErrNotFound if there is none.
	Session(ctx context.Context, hash [sha256.Size]byte) (Session, error)
	// TouchSession sets a session's LastSeen; ErrNotFound if it is gone.
	TouchSession(ctx context.Context, hash [sha256.Size]byte, at time.Time) error
	// DeleteSession ends one session; ending one that is gone is no error.
	DeleteSession(ctx context.Context, hash [sha256.Size]byte) error
	// Sessions lists the live sessions of a credential (every credential
	// for ""), newest first, at most limit.
	Sessions(ctx context.Context, credential string, now time.Time, limit int) ([]Session, error)
	// DeleteExpiredSessions removes the sessions expired at now and says
	// how many.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}

// Session is a web session: who logged in with which credential, and until
// when it lasts.
type Session struct {
	Hash [sha256.Size]byte `json:"hash"` // SHA-256 of the session id
	// Credential is the public id of the credential that logged in, and
	// CredentialHash its secret's hash: every request re-checks that the
	// credential is still live.
	Credential     string            `json:"credential"`
	CredentialHash [sha256.Size]byte `json:"credential_hash"`
	Kind           CredentialKind    `json:"kind"`
	Venue          string            `json:"venue,omitempty"` // the credential's venue, for a venue-bound kind
	Created        time.Time         `json:"created"`
	Expires        time.Time         `json:"expires"`          // absolute end
	LastSeen       time.Time         `json:"last_seen"`        // idle end: LastSeen + the idle limit
	Client         string            `json:"client,omitempty"` // the client's address key at login
}

// Store errors.
var (
	// ErrUnknownDevice is a device its venue has no record of.
	ErrUnknownDevice = errors.New("unknown device")
	// ErrNotFound is a venue or credential that does not exist (or a
	// revoked credential).
	ErrNotFound = errors.New("not found")
	// ErrExists is a credential id or secret that is already stored.
	ErrExists = errors.New("already exists")
	// ErrBadCursor is a listing cursor that this server did not hand out.
	ErrBadCursor = errors.New("cursor is not one this server handed out")
	// ErrConflict is what happened to each id of IngestResult.Conflicts:
	// the venue already holds an event with this id and other content, and
	// keeps that first version.
	ErrConflict = errors.New("conflict: an event with this id is already stored with other content")
)

// IngestResult is what Ingest did with each event of a batch.
type IngestResult struct {
	Accepted   []string // stored now
	Duplicates []string // already stored with the same content
	Conflicts  []string // ids already stored with other content (ErrConflict)
	Reused     int      // accepted events whose seq the device had already used
}

// IngestStats are what a store that writes batches in groups (PostgreSQL)
// did with the batches it was given since it opened, for the metrics.
type IngestStats struct {
	Batches int64 // batches with events
	Groups  int64 // groups of several batches written in one transaction
	Grouped int64 // batches written in those groups
	Locked  int64 // batches that took the venue's lock first (a copy, a new venue, ...)
	// Turn is how long the store's small groups, written one at a time,
	// held their turn: when it grows as fast as the clock, batches wait
	// for each other.
	Turn time.Duration
}

// IngestStatsReporter is a store that reports IngestStats.
type IngestStatsReporter interface {
	IngestStats() IngestStats
}

// EventPage is one page of a venue's events in receive order.
type EventPage struct {
	Events []wire.Event
	// Resume is the cursor after this page's last event (the cursor asked
	// for when the page is empty): where a reader following the venue
	// continues.
	Resume string
	More   bool // more events follow already
}

// Counters are a venue's event counts by kind, and its head count: the
// people inside by their presence records (see PresenceStore), which a
// repeated entry or an exit without entry does not change.
//
// Overrides (staff let a refused person in) are counted apart from entries.
// Unchecked counts the events of people nobody could check (source
// unchecked, or an older kiosk's none), of any kind: a subset of entries,
// refusals and overrides, never added to Events twice.
type Counters struct {
	Entries, Exits, Refusals uint64
	Overrides, Unchecked     uint64
	Inside                   uint64
}

// Events is every stored event of the venue.
func (c Counters) Events() uint64 { return c.Entries + c.Exits + c.Refusals + c.Overrides }

// Add counts one event.
func (c *Counters) Add(e wire.Event) {
	switch e.Kind {
	case wire.Entry:
		c.Entries++
	case wire.Exit:
		c.Exits++
	case wire.Refusal:
		c.Refusals++
	case wire.Override:
		c.Overrides++
	}
	if e.Source.Unchecked() {
		c.Unchecked++
	}
}

// DeviceRecord is what a store keeps per (venue, device).
type DeviceRecord struct {
	Venue    string    `json:"venue"`
	Device   string    `json:"device"`
	Received int64     `json:"received"`   // distinct sequence numbers received
	Reused   int64     `json:"seq_reused"` // events with a sequence number already received
	Lookups  int64     `json:"lookups"`    // status lookups naming this device
	LastSeen time.Time `json:"last_seen"`
	Have     SeqSet    `json:"have"` // received sequence numbers
}

// NoteEvent records that an accepted event with seq arrived at now, and
// reports whether seq was new for the device.
func (r *DeviceRecord) NoteEvent(seq uint64, now time.Time) bool {
	r.LastSeen = now
	if r.Have.Add(seq) {
		r.Received++
		return true
	}
	r.Reused++
	return false
}

// Report is the record as the API shows it.
func (r DeviceRecord) Report() wire.DeviceReport {
	return wire.DeviceReport{
		Device:    r.Device,
		Venue:     r.Venue,
		Received:  r.Received,
		SeqReused: r.Reused,
		Lookups:   r.Lookups,
		MaxSeq:    r.Have.Max(),
		Gaps:      r.Have.Gaps(),
		LastSeen:  r.LastSeen,
	}
}

// MaxSilentPerVenue bounds one venue's devices in SilentDevices.
const MaxSilentPerVenue = 20

// MaxDevicesFromLookups bounds the devices a venue may have before lookups
// naming a device without a record no longer make one (AddLookups).
const MaxDevicesFromLookups = 256

// LookupCount is a number of status lookups by one device of a venue
// (Device may be empty: the kiosk did not say which device asked).
type LookupCount struct {
	Venue, Device string
	N             int64
}

// Venue is what an operator sets for a venue.
type Venue struct {
	Name     string    `json:"name"`
	Capacity int       `json:"capacity"` // 0: not set
	Created  time.Time `json:"created"`
	// ClosingTime ("23:00" in TimeZone, "" for none) and MaxStay (0 for
	// none) close forgotten visits: see backend.Backend.CloseForgotten.
	ClosingTime string        `json:"closing_time,omitempty"`
	MaxStay     time.Duration `json:"max_stay,omitempty"`
	TimeZone    string        `json:"time_zone,omitempty"` // IANA name; "" is UTC
	// RequireVenueProof: the venue takes only passes whose holder proof
	// names it (docs/pass-format.md); its kiosks learn it with the
	// occupancy.
	RequireVenueProof bool `json:"require_venue_proof,omitempty"`
	// OfflinePolicy is what the venue's kiosks do with a person nobody
	// could check (one of OfflinePolicies), set by its owner; "" leaves it
	// to each kiosk's configuration.
	OfflinePolicy string `json:"offline_policy,omitempty"`
}

// VenueSummary is a venue with its counters, for listings.
type VenueSummary struct {
	Venue
	Counters
	Lookups int64
}

// CredentialKind tells a device token from an operator credential.
type CredentialKind string

// The two kinds of credential.
const (
	KindDevice   CredentialKind = "device"   // a kiosk's token, bound to one venue
	KindOperator CredentialKind = "operator" // the upstream's operator: every venue, the console
	KindFeeder   CredentialKind = "feeder"   // a health system feeding facts: POST /v1/registry/fhir only
	// KindOwner is a venue owner's login to the owner's pages (/owner/):
	// bound to one venue, like a device token, and good for nothing else.
	KindOwner CredentialKind = "owner"
)

// IDPrefix starts the public id of every credential of a kind: its first
// letter, but "v-" (venue owner) for owners, whose letter an operator's
// "o-" already has.
func IDPrefix(kind CredentialKind) string {
	if kind == KindOwner {
		return "v-"
	}
	if kind == "" {
		return "-"
	}
	return string(kind[0]) + "-"
}

// Credential is a device token or an operator credential as stored: its
// public id, the hash of its secret, and whom it names.
type Credential struct {
	ID      string            `json:"id"` // public, for listings and revocation
	Kind    CredentialKind    `json:"kind"`
	Hash    [sha256.Size]byte `json:"hash"`
	Venue   string            `json:"venue,omitempty"` // device tokens and owners only
	Label   string            `json:"label,omitempty"` // free text for the operator: which kiosk, whose login
	Created time.Time         `json:"created"`
	Revoked time.Time         `json:"revoked,omitzero"`
}

// CredentialInfo is a credential as listings show it: never the secret, nor
// its hash.
type CredentialInfo struct {
	ID      string         `json:"id"`
	Kind    CredentialKind `json:"kind"`
	Venue   string         `json:"venue,omitempty"`
	Label   string         `json:"label,omitempty"`
	Created time.Time      `json:"created"`
	Revoked time.Time      `json:"revoked,omitzero"`
}

// Info is the credential without its hash.
func (c Credential) Info() CredentialInfo {
	return CredentialInfo{ID: c.ID, Kind: c.Kind, Venue: c.Venue, Label: c.Label, Created: c.Created, Revoked: c.Revoked}
}

// EventDigest is the fingerprint that tells a duplicate (same id, same
// content) from a conflict (same id, other content). Times are compared as
// instants, whatever zone the kiosk wrote them in.
func EventDigest(e wire.Event) [sha256.Size]byte {
	e.ScannedAt = e.ScannedAt.UTC()
	data, _ := appendEventJSON(nil, e) // on a time json.Marshal refuses, the digest of nothing, as before
	return sha256.Sum256(data)
}

// EncodeEvent is the event's JSON, as a store keeps it, and its
// EventDigest, from one encoding when the scan time is in UTC already (as
// the API's JSON decodes it): the digest is of that same JSON then.
func EncodeEvent(e wire.Event) (body []byte, digest [sha256.Size]byte, err error) {
	return AppendEvent(make([]byte, 0, EventJSONSize(e)), e)
}

// AppendEvent is EncodeEvent appending the event's JSON to dst (a batch's
// events into one buffer); the digest is of what it appended, or as
// EventDigest's. On an error dst is as it was.
func AppendEvent(dst []byte, e wire.Event) (_ []byte, digest [sha256.Size]byte, err error) {
	start := len(dst)
	out, err := appendEventJSON(dst, e)
	if err != nil {
		return dst, digest, err
	}
	if e.ScannedAt.Location() == time.UTC {
		return out, sha256.Sum256(out[start:]), nil
	}
	return out, EventDigest(e), nil
}

// ParseCursor reads a listing cursor as both stores hand it out: the receive
// number of the last event of the previous page ("" is the start).
func ParseCursor(cursor string) (uint64, error) {
	if cursor == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(cursor, 10, 64)
	if err != nil {
		return 0, ErrBadCursor
	}
	return n, nil
}
