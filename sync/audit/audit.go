// Package audit is the upstream's append-only trail of who did what to whose
// data: every health fact received (which feeder, when), every change of a
// person's colour, every full IIN an operator read, and — written by other
// features through the same interface — operators' actions, security events
// and owners' changes.
//
// An Entry is written once and never changed: stores offer Append and List,
// and PruneBefore for retention only (entries older than the retention go,
// oldest first; nothing else is ever removed). A store numbers entries in
// commit order from 1 (Seq), so a reader pages with Query.After and never
// misses one. Entries that belong to a change are written in the change's
// transaction (a fact and the colour change it causes commit with their
// entries, or none of them does); the rest go through Writer.
//
// Entries hold the full IIN, because "who read my data" must be answerable;
// every listing masks it (Entry.Masked) unless an operator asks for it in
// full, and that reading is itself an IINRead entry.
package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Kind says what an entry records: "area.event", lowercase. Features add
// their own kinds in their own area; the registry's are below.
type Kind string

// The registry's kinds.
const (
	FactReceived  Kind = "fact.received"  // a new fact: Subject its key, Actor the feeder
	FactCorrected Kind = "fact.corrected" // a fact's key came with new content, which replaced the old
	StatusChanged Kind = "status.changed" // a person's colour changed: Detail "green -> red (fact KEY)" or "(expired)"
	IINRead       Kind = "iin.read"       // an operator saw a full IIN: Subject what they read
)

// Actors that are not credentials.
const (
	ActorSystem = "system" // the server itself (an expiry noticed at a lookup)
	ActorCLI    = "cli"    // a command run on the server's machine (registry import, a registry file)
)

// Field limits.
const (
	MaxKindBytes    = 64
	MaxActorBytes   = 128
	MaxSubjectRunes = 120 // longer text is cut, with an ellipsis
	MaxDetailRunes  = 240
	// DefaultRetention is how long entries are kept (docs/registry.md).
	DefaultRetention = 3 * 365 * 24 * time.Hour
	// MaxPage bounds one List answer.
	MaxPage = 1000
)

// Entry is one line of the trail.
type Entry struct {
	Seq     uint64    `json:"seq"` // given by the store, from 1, in commit order
	At      time.Time `json:"at"`
	Kind    Kind      `json:"kind"`
	Actor   string    `json:"actor"`             // a credential id (o-…, f-…, d-…), ActorCLI or ActorSystem
	Subject string    `json:"subject,omitempty"` // what it concerns: a fact key, a credential id, an endpoint
	IIN     string    `json:"iin,omitempty"`     // whose data: full in the store, masked in listings
	Detail  string    `json:"detail,omitempty"`  // a short sentence; never an IIN (Validate redacts)
}

// Validate checks an entry before it is stored, and cleans its free text:
// control characters escaped, any valid IIN outside the IIN field masked.
func (e *Entry) Validate() error {
	var errs []error
	if e.At.IsZero() {
		errs = append(errs, errors.New("audit entry has no time"))
	}
	if e.Kind == "" || len(e.Kind) > MaxKindBytes || !strings.Contains(string(e.Kind), ".") {
		errs = append(errs, fmt.Errorf("audit kind %q: want area.event, at most %d bytes", e.Kind, MaxKindBytes))
	}
	if e.Actor == "" || len(e.Actor) > MaxActorBytes {
		errs = append(errs, fmt.Errorf("audit actor %q: want a credential id, cli or system", safetext.Clean(e.Actor, 40)))
	}
	if e.IIN != "" {
		if err := iin.Validate(e.IIN); err != nil {
			errs = append(errs, err)
		}
	}
	e.At = e.At.UTC()
	e.Subject = safetext.Clean(e.Subject, MaxSubjectRunes)
	e.Detail = safetext.Clean(e.Detail, MaxDetailRunes)
	return errors.Join(errs...)
}

// Masked is the entry as a listing shows it: the IIN masked.
func (e Entry) Masked() Entry {
	if e.IIN != "" {
		e.IIN = iin.Mask(e.IIN)
	}
	return e
}

// Query selects entries: after a sequence number, of one person, of kinds
// with a prefix ("fact." for every fact kind), at most Limit (MaxPage).
type Query struct {
	After  uint64
	IIN    string
	Kind   string // a kind or a prefix ending in "."
	Limit  int
	Newest bool // newest first (the console); otherwise oldest first, after After
	// Before, with Newest, starts below this sequence number: the next
	// page of a newest-first listing (0: from the newest).
	Before uint64
}

// Matches reports whether e passes the query's filters (not After, Limit).
func (q Query) Matches(e Entry) bool {
	if q.IIN != "" && e.IIN != q.IIN {
		return false
	}
	if q.Kind != "" {
		if strings.HasSuffix(q.Kind, ".") {
			return strings.HasPrefix(string(e.Kind), q.Kind)
		}
		return string(e.Kind) == q.Kind
	}
	return true
}

// PageLimit is the query's limit within 1..MaxPage (default 100).
func (q Query) PageLimit() int {
	switch {
	case q.Limit <= 0:
		return 100
	case q.Limit > MaxPage:
		return MaxPage
	}
	return q.Limit
}

// Writer appends entries that belong to no other change, in one commit.
type Writer interface {
	AppendAudit(ctx context.Context, entries ...Entry) error
}

// Reader lists entries; more says whether another page follows.
type Reader interface {
	ListAudit(ctx context.Context, q Query) (entries []Entry, more bool, err error)
}

// Pruner removes entries older than a time, oldest first, for retention,
// and returns how many went.
type Pruner interface {
	PruneAudit(ctx context.Context, before time.Time) (int, error)
}

// Store is a trail: what every store implements.
type Store interface {
	Writer
	Reader
	Pruner
}
