// Package wire holds the JSON types exchanged between a kiosk and the upstream
// (API v1, documented in docs/api.md). Both sides import it, so a change here
// is a change of the protocol.
package wire

import (
	"errors"
	"fmt"
	"time"
)

// APIVersion is the path prefix of every endpoint.
const APIVersion = "/v1"

// Status is a person's health status as the registry knows it.
type Status string

// The four colours of the registry.
const (
	Red    Status = "red"    // tested positive: may not enter
	Yellow Status = "yellow" // contact of a sick person: may not enter
	Green  Status = "green"  // tested negative or vaccinated: may enter
	Blue   Status = "blue"   // no information: may enter
)

// Statuses lists every valid status, most severe first.
var Statuses = []Status{Red, Yellow, Green, Blue}

// Valid reports whether s is one of the four colours.
func (s Status) Valid() bool {
	switch s {
	case Red, Yellow, Green, Blue:
		return true
	}
	return false
}

// MayEnter reports whether a person with this status may enter a venue.
func (s Status) MayEnter() bool { return s == Green || s == Blue }

// ParseStatus parses a colour name as stored in a registry or on the wire.
func ParseStatus(v string) (Status, error) {
	s := Status(v)
	if !s.Valid() {
		return "", fmt.Errorf("unknown status %q (want red, yellow, green or blue)", v)
	}
	return s, nil
}

// Kind is what an event records.
type Kind string

// Event kinds. Occupancy is people let in (entries and overrides) minus
// exits; refusals do not count.
const (
	Entry   Kind = "entry"   // a person was let in at an entrance
	Exit    Kind = "exit"    // a person left through an exit
	Refusal Kind = "refusal" // a person was refused entry
	// Override: door staff let in a person the door refused or could not
	// check, with a staff code and a reason (Event.Reason, one of
	// OverrideReasons; Event.Staff names who). It counts in occupancy like
	// an entry, and is counted apart from entries everywhere else.
	Override Kind = "override"
)

// Valid reports whether k is a known event kind.
func (k Kind) Valid() bool { return k == Entry || k == Exit || k == Refusal || k == Override }

// Admits reports whether an event of kind k let a person in: an entry or a
// staff override. Occupancy counts both.
func (k Kind) Admits() bool { return k == Entry || k == Override }

// Source says how the kiosk obtained the status behind a verdict.
type Source string

// Status sources.
const (
	SourceOnline Source = "online" // asked the upstream at scan time
	SourcePass   Source = "pass"   // upstream unreachable; a verified signed pass (docs/pass-format.md)
	SourceCache  Source = "cache"  // upstream unreachable, no valid pass; a cached answer within its TTL
	// SourceUnchecked: no answer could be had (the upstream unreachable or
	// refusing the token, nothing cached, no valid pass): the person was
	// not checked, and the offline policy or staff decided. The event has
	// no status: an unchecked person never carries a colour.
	SourceUnchecked Source = "unchecked"
	// SourceNone is what kiosks before the unchecked verdict wrote for the
	// same case, with the status blue that nobody had checked. Upstreams
	// accept it from such kiosks and count it as unchecked; no kiosk
	// writes it any more.
	SourceNone Source = "none"
	// SourceSkipped: an exit, for which no status is looked up (everybody
	// may leave); the event's Status is empty.
	SourceSkipped Source = "skipped"
)

// Valid reports whether s is a known source.
func (s Source) Valid() bool {
	switch s {
	case SourceOnline, SourcePass, SourceCache, SourceUnchecked, SourceNone, SourceSkipped:
		return true
	}
	return false
}

// Unchecked reports whether an event from source s was decided without
// any answer about the person: unchecked, or the older none.
func (s Source) Unchecked() bool { return s == SourceUnchecked || s == SourceNone }

// Event is one entry, exit, refusal or override, as recorded by a kiosk.
// ID is a time-ordered UUIDv7 that is unique across devices; Seq is the
// device's own gap-free sequence number starting at 1, which lets the upstream
// detect lost records. ScannedAt is the original scan time on the device
// clock, kept through any number of retries.
type Event struct {
	ID     string `json:"id"`
	Device string `json:"device"`
	Seq    uint64 `json:"seq"`
	Venue  string `json:"venue"`
	Door   string `json:"door"`
	Kind   Kind   `json:"kind"`
	IIN    string `json:"iin"`
	Status Status `json:"status"`
	Source Source `json:"source"`
	Reason string `json:"reason,omitempty"`
	// Staff names who let the person in, on an override: the name the
	// kiosk's staff code carries, never the code itself.
	Staff     string    `json:"staff,omitempty"`
	ScannedAt time.Time `json:"scanned_at"`
}

// MaxStaff is the longest Event.Staff.
const MaxStaff = 64

// Validate checks that every field an upstream needs is present and sane.
// It does not check the IIN check digit: the kiosk did that before recording.
func (e Event) Validate() error {
	var errs []error
	if e.ID == "" {
		errs = append(errs, errors.New("id is empty"))
	}
	if e.Device == "" {
		errs = append(errs, errors.New("device is empty"))
	}
	if e.Seq == 0 {
		errs = append(errs, errors.New("seq must be at least 1"))
	}
	if e.Venue == "" {
		errs = append(errs, errors.New("venue is empty"))
	}
	if !e.Kind.Valid() {
		errs = append(errs, fmt.Errorf("kind %q is not entry, exit, refusal or override", e.Kind))
	}
	if len(e.IIN) != 12 {
		errs = append(errs, errors.New("iin must have 12 digits"))
	}
	errs = append(errs, e.validateSource()...)
	switch {
	case e.Kind == Override && e.Reason == "":
		errs = append(errs, errors.New("an override needs a reason"))
	case e.Kind != Override && e.Staff != "":
		errs = append(errs, fmt.Errorf("staff is for overrides only, not %q", e.Kind))
	case len(e.Staff) > MaxStaff:
		errs = append(errs, fmt.Errorf("staff is longer than %d bytes", MaxStaff))
	}
	if e.ScannedAt.IsZero() {
		errs = append(errs, errors.New("scanned_at is missing"))
	}
	return errors.Join(errs...)
}

// validateSource checks the source and the status it allows: an exit
// without lookup and an unchecked person have none, every other source a
// colour.
func (e Event) validateSource() []error {
	var errs []error
	if !e.Source.Valid() {
		errs = append(errs, fmt.Errorf("source %q is unknown", e.Source))
	}
	switch {
	case e.Source == SourceSkipped && e.Kind != Exit:
		errs = append(errs, fmt.Errorf("source skipped is for exits only, not %q", e.Kind))
	case e.Source == SourceSkipped && e.Status != "":
		errs = append(errs, fmt.Errorf("an exit without lookup has no status, not %q", e.Status))
	case e.Source == SourceUnchecked && e.Kind == Exit:
		errs = append(errs, errors.New("an exit is not checked: its source is skipped, not unchecked"))
	case e.Source == SourceUnchecked && e.Status != "":
		errs = append(errs, fmt.Errorf("an unchecked person has no status, not %q", e.Status))
	case e.Source != SourceSkipped && e.Source != SourceUnchecked && !e.Status.Valid():
		errs = append(errs, fmt.Errorf("status %q is not a colour", e.Status))
	}
	return errs
}

// StatusRequest asks for the status of one IIN. The IIN travels in the body,
// never in a URL, so it does not end up in access logs.
type StatusRequest struct {
	IIN string `json:"iin"`
	// Device optionally names the asking device of the token's venue, so
	// the upstream can count lookups per device.
	Device string `json:"device,omitempty"`
	// Proof names the holder proof of the pass being scanned, so the
	// upstream can tell whether another door already used it
	// (docs/pass-format.md, "A live code works once"). Absent for an IIN.
	Proof *ProofUse `json:"proof,omitempty"`
}

// StatusResponse is the registry's answer for one IIN.
type StatusResponse struct {
	Status    Status    `json:"status"`
	CheckedAt time.Time `json:"checked_at"`
	// Inside says whether the person is inside the asking device's venue
	// (entered through any door and not left), so a second entry is not
	// counted twice. Absent from an upstream that does not keep presence.
	Inside *bool `json:"inside,omitempty"`
	// ValidUntil is the next moment the status can change by time alone
	// (a negative test ages out, a contact's quarantine ends); zero when
	// nothing the registry holds will change it. A kiosk uses a cached
	// answer offline only until then. Absent from an older upstream.
	ValidUntil time.Time `json:"valid_until,omitzero"`
	// Reason is why the person has the status, in as little personal data
	// as a door needs. Absent from an older upstream.
	Reason *StatusReason `json:"reason,omitempty"`
	// ProofUsed is set when the request named a proof that another device
	// used first: the kiosk refuses the code. Absent otherwise, and from
	// an upstream that does not remember proofs.
	ProofUsed *ProofUsed `json:"proof_used,omitempty"`
}

// ReasonCode names the kind of fact behind a status (StatusReason.Code).
type ReasonCode string

// Reason codes. A kiosk words them in its language; an unknown code is shown
// as no reason, never as text from the wire.
const (
	BecausePositive   ReasonCode = "positive"   // red: a positive test; Until is when it ends
	BecauseContact    ReasonCode = "contact"    // yellow: a contact of a sick person; Until
	BecauseNegative   ReasonCode = "negative"   // green: a negative test collected at Since
	BecauseVaccinated ReasonCode = "vaccinated" // green: a completed vaccination; Until
	BecauseManual     ReasonCode = "manual"     // set by hand (a registry file, the demo)
	BecauseNothing    ReasonCode = "none"       // blue: no current fact
)

// StatusReason is the fact that decided a status: its kind, the test
// method for a test ("pcr" or "antigen"), when it happened (Since: the
// specimen's collection, the contact, the vaccination) and when its effect
// ends (Until). The upstream sends only what the door shows: Since for a
// negative test ("tested negative 2 days ago"), Until for the others
// ("contact, until 12 March").
type StatusReason struct {
	Code   ReasonCode `json:"code"`
	Method string     `json:"method,omitempty"`
	Since  time.Time  `json:"since,omitzero"`
	Until  time.Time  `json:"until,omitzero"`
}

// EventBatch is what a kiosk posts to /v1/events.
type EventBatch struct {
	Device string    `json:"device"`
	SentAt time.Time `json:"sent_at"`
	Events []Event   `json:"events"`
}

// BatchResult acknowledges a batch. Accepted and Duplicates are both
// acknowledged: the kiosk may forget them. Rejected events are permanently
// invalid and go to the dead-letter bucket. Any event of the batch named in
// none of the three lists was not processed and must be sent again.
type BatchResult struct {
	Accepted   []string    `json:"accepted"`
	Duplicates []string    `json:"duplicates"`
	Rejected   []Rejection `json:"rejected"`
}

// Acked returns the ids the kiosk may delete: accepted plus duplicates.
func (r BatchResult) Acked() []string {
	out := make([]string, 0, len(r.Accepted)+len(r.Duplicates))
	out = append(out, r.Accepted...)
	return append(out, r.Duplicates...)
}

// Rejection names an event the upstream will never accept, and why.
type Rejection struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

// Occupancy is a venue's head count across all its doors.
type Occupancy struct {
	Venue  string `json:"venue"`
	Inside int64  `json:"inside"`
	// Capacity is the venue's limit on people inside, kept upstream so
	// every door enforces the same; 0 is no limit.
	Capacity int       `json:"capacity,omitempty"`
	Entries  int64     `json:"entries"`
	Exits    int64     `json:"exits"`
	AsOf     time.Time `json:"as_of"`
	// RequireVenueProof: the venue accepts only passes whose proof names
	// it (docs/pass-format.md), delivered like Capacity so every door
	// enforces the same.
	RequireVenueProof bool `json:"require_venue_proof,omitempty"`
}

// SeqRange is an inclusive range of missing sequence numbers.
type SeqRange struct {
	From uint64 `json:"from"`
	To   uint64 `json:"to"`
}

// DeviceReport tells the operator what the upstream has from one device.
type DeviceReport struct {
	Device   string `json:"device"`
	Venue    string `json:"venue"`
	Received int64  `json:"received"`
	// SeqReused counts accepted events (distinct ids) that carried a
	// sequence number already received: an anomaly, never counted in Received.
	SeqReused int64      `json:"seq_reused"`
	Lookups   int64      `json:"lookups"` // status lookups that named this device
	MaxSeq    uint64     `json:"max_seq"`
	Gaps      []SeqRange `json:"gaps"`
	LastSeen  time.Time  `json:"last_seen"`
}

// EventList is one page of a venue's events, oldest first.
type EventList struct {
	Venue  string  `json:"venue"`
	Events []Event `json:"events"`
	// Next is the cursor for the following page; empty on the last page.
	Next string `json:"next,omitempty"`
	// Cursor is where a reader that follows the venue continues: after
	// this page's last event (the cursor asked for, when the page is
	// empty). Unlike Next it is there on the last page too.
	Cursor string `json:"cursor,omitempty"`
}

// Health is the unauthenticated liveness answer. Time lets a kiosk detect
// clock skew.
type Health struct {
	Status  string    `json:"status"`
	Time    time.Time `json:"time"`
	Version string    `json:"version"`
}

// ErrorBody is the JSON body of every non-2xx answer.
type ErrorBody struct {
	Error string `json:"error"`
}

// VenueLimits is what a venue's owner sets from a kiosk's owner menu (PUT
// /v1/venues/{venue}/limits), kept upstream so that every door enforces
// the same: the capacity (0 for none), and when forgotten visits are
// closed: at ClosingTime ("23:00" in TimeZone, an IANA name; "" for none)
// and after MaxStayMinutes (0 for never).
type VenueLimits struct {
	Capacity       int    `json:"capacity"`
	ClosingTime    string `json:"closing_time,omitempty"`
	MaxStayMinutes int    `json:"max_stay_minutes,omitempty"`
	TimeZone       string `json:"time_zone,omitempty"`
	// RequireVenueProof makes the venue accept only passes whose proof
	// names it; absent (nil) keeps the venue's current setting, so a
	// kiosk's owner menu that does not know it leaves it alone.
	RequireVenueProof *bool `json:"require_venue_proof,omitempty"`
}

// CheckoutResult answers POST /v1/venues/{venue}/checkout: how many visits
// were closed.
type CheckoutResult struct {
	Closed int `json:"closed"`
}
