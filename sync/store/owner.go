package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// OwnerStore is what an owner's page reads and changes beyond the venue
// itself (issue 25): the doors (what the owner set for each kiosk, what each
// kiosk last reported), the one-time codes that enrol a new kiosk, the
// venue's counts per hour, and its events by the time they were scanned.
type OwnerStore interface {
	// PutDoorMode sets the mode the owner chose for a venue's device ("" to
	// leave it to the kiosk), creating the door if new.
	PutDoorMode(ctx context.Context, venue, device string, set DoorMode) error
	// PutDoorReports keeps what kiosks last reported (a replica collects
	// them in memory and writes them now and then, as lookups are), creating
	// the doors that are new.
	PutDoorReports(ctx context.Context, reports []DoorReport) error
	// Door returns one door of a venue; ErrNotFound if the venue has no
	// door of that device.
	Door(ctx context.Context, venue, device string) (Door, error)
	// Doors returns a venue's doors ordered by device, at most limit.
	Doors(ctx context.Context, venue string, limit int) ([]Door, error)

	// PutDeviceEnrolment stores a new enrolment code; ErrExists if its hash
	// is taken.
	PutDeviceEnrolment(ctx context.Context, e DeviceEnrolment) error
	// RedeemDeviceEnrolment uses the code with this hash once, at now: in
	// one transaction it marks the code used by client, stores the new
	// device credential (given the code's venue, and its Label when it has
	// none) and sets the door's mode to the code's. ErrNotFound for no such code,
	// ErrEnrolmentUsed or ErrEnrolmentExpired (nothing changes then).
	RedeemDeviceEnrolment(ctx context.Context, hash [sha256.Size]byte, now time.Time, client string, cred Credential) (DeviceEnrolment, error)
	// DeviceEnrolments returns a venue's codes created after since, newest
	// first, at most limit.
	DeviceEnrolments(ctx context.Context, venue string, since time.Time, limit int) ([]DeviceEnrolment, error)

	// HourCounts returns a venue's counts per hour (UTC hours) for the
	// hours that begin in [from, to), oldest first; hours without an event
	// are left out. Ingest keeps them in the batch's transaction, by the
	// events' scan time.
	HourCounts(ctx context.Context, venue string, from, to time.Time) ([]HourCount, error)
	// EventsBetween returns up to limit of a venue's events scanned in
	// [from, to), by scan time (then receive order), after cursor (""
	// for the first page; a cursor is only good for the same venue).
	// Events that arrive later with an earlier scan time go before a
	// cursor already handed out: a reader of a period that is still going
	// on may miss them (an inspector's period is over).
	EventsBetween(ctx context.Context, venue string, from, to time.Time, cursor string, limit int) (EventPage, error)
}

// Door modes an owner may set (DoorMode.Mode); "" leaves the mode to the
// kiosk's own configuration.
const (
	ModeEntrance = "entrance"
	ModeExit     = "exit"
)

// Offline policies an owner may set for a venue (Venue.OfflinePolicy); ""
// leaves it to each kiosk's configuration. See docs/owner.md.
var OfflinePolicies = []string{"ask", "refuse", "admit"}

// DoorMode is what an owner set for a door, and who and when.
type DoorMode struct {
	Mode  string    `json:"mode"` // "", ModeEntrance or ModeExit
	SetBy string    `json:"set_by,omitempty"`
	SetAt time.Time `json:"set_at,omitzero"`
}

// Door is one of a venue's kiosks as its owner sees it: what the owner
// set, and what the kiosk last said about itself.
type Door struct {
	Venue  string      `json:"venue"`
	Device string      `json:"device"`
	Set    DoorMode    `json:"set"`
	Report *DoorReport `json:"report,omitempty"` // nil: it never reported
}

// DoorReport is what a kiosk tells the upstream about itself with every
// settings check (POST /v1/checkin), as last received.
type DoorReport struct {
	Venue  string    `json:"venue"`
	Device string    `json:"device"`
	At     time.Time `json:"at"`   // when the upstream received it
	Door   string    `json:"door"` // the kiosk's door name
	// Mode and Policy are what the kiosk works with now (after the
	// precedence of its own settings and the upstream's).
	Mode     string `json:"mode"`
	Policy   string `json:"policy,omitempty"`
	Capacity int    `json:"capacity,omitempty"` // the limit the door enforces now
	// Pending records wait in the kiosk's outbox, the oldest scanned at
	// OldestPending.
	Pending       int       `json:"pending"`
	OldestPending time.Time `json:"oldest_pending,omitzero"`
	// OfflineSince is when the kiosk last lost the upstream, if its latest
	// outage has not ended by its own account (a lookup failing while the
	// settings check gets through); zero when online.
	OfflineSince time.Time `json:"offline_since,omitzero"`
	Version      string    `json:"version,omitempty"`
}

// DeviceEnrolment is a one-time code that enrols a new kiosk at a venue's
// door: whoever shows it first to the upstream gets a device token of the
// venue. Only the SHA-256 of the code is stored.
type DeviceEnrolment struct {
	Hash      [sha256.Size]byte `json:"hash"`
	ID        string            `json:"id"` // public, for listings: the first bytes of the hash
	Venue     string            `json:"venue"`
	Device    string            `json:"device"` // the new kiosk's device id
	Door      string            `json:"door"`
	Mode      string            `json:"mode"`
	CreatedBy string            `json:"created_by"`
	Created   time.Time         `json:"created"`
	Expires   time.Time         `json:"expires"`
	Used      time.Time         `json:"used,omitzero"`
	UsedBy    string            `json:"used_by,omitempty"` // the client that redeemed it
	// Credential is the id of the device token it was exchanged for.
	Credential string `json:"credential,omitempty"`
}

// Label is the label of the device token a code is exchanged for.
func (e DeviceEnrolment) Label() string {
	return "kiosk " + e.Device + " at door " + e.Door + ", enrolled with code " + e.ID
}

// Judge says whether the code can be redeemed at now: nil, or
// ErrEnrolmentUsed, or ErrEnrolmentExpired. Both stores use it.
func (e DeviceEnrolment) Judge(now time.Time) error {
	switch {
	case !e.Used.IsZero():
		return ErrEnrolmentUsed
	case !now.Before(e.Expires):
		return ErrEnrolmentExpired
	}
	return nil
}

// Enrolment errors.
var (
	ErrEnrolmentUsed    = errors.New("this enrolment code was used already")
	ErrEnrolmentExpired = errors.New("this enrolment code has expired")
)

// HourCount is a venue's events in one hour, by kind. Unchecked counts the
// events of people nobody could check, of any kind (a subset of the
// others, as in Counters).
type HourCount struct {
	Hour                     time.Time `json:"hour"` // UTC, on the hour
	Entries, Exits, Refusals uint64
	Overrides, Unchecked     uint64
}

// Add counts one event in its hour.
func (h *HourCount) Add(e wire.Event) {
	switch e.Kind {
	case wire.Entry:
		h.Entries++
	case wire.Exit:
		h.Exits++
	case wire.Refusal:
		h.Refusals++
	case wire.Override:
		h.Overrides++
	}
	if e.Source.Unchecked() {
		h.Unchecked++
	}
}

// Plus adds o's counts to h's.
func (h *HourCount) Plus(o HourCount) {
	h.Entries += o.Entries
	h.Exits += o.Exits
	h.Refusals += o.Refusals
	h.Overrides += o.Overrides
	h.Unchecked += o.Unchecked
}

// EventHour is the UTC hour an event is counted in.
func EventHour(e wire.Event) time.Time { return e.ScannedAt.UTC().Truncate(time.Hour) }

// TimeCursor is a cursor of EventsBetween: the last event's scan time (Unix
// nanoseconds) and receive number.
type TimeCursor struct {
	At int64
	N  uint64
}

// String is the cursor as handed out.
func (c TimeCursor) String() string {
	return strconv.FormatInt(c.At, 10) + "." + strconv.FormatUint(c.N, 10)
}

// ParseTimeCursor reads a cursor of EventsBetween ("" is the start, the
// zero cursor with ok false).
func ParseTimeCursor(s string) (c TimeCursor, ok bool, err error) {
	if s == "" {
		return TimeCursor{}, false, nil
	}
	at, n, found := strings.Cut(s, ".")
	if !found {
		return TimeCursor{}, false, ErrBadCursor
	}
	c.At, err = strconv.ParseInt(at, 10, 64)
	if err != nil {
		return TimeCursor{}, false, ErrBadCursor
	}
	c.N, err = strconv.ParseUint(n, 10, 64)
	if err != nil {
		return TimeCursor{}, false, ErrBadCursor
	}
	return c, true, nil
}
