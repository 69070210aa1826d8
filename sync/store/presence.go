package store

import (
	"context"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// PresenceStore knows who is inside each venue. The head count is people,
// not events: Ingest keeps a presence record per (venue, IIN) in the same
// transaction as the events (ApplyPresence is the rule), so a second entry
// of someone inside, or an exit of someone nobody saw enter, changes the
// count by nothing, and the count never goes below zero, whichever door or
// kiosk sent what in which order; Counters.Inside is that count.
type PresenceStore interface {
	// Inside reports whether iin is inside venue.
	Inside(ctx context.Context, venue, iin string) (bool, error)
	// OpenVisits lists venue's people inside, oldest entry first.
	OpenVisits(ctx context.Context, venue string) ([]Visit, error)
}

// Visit is one person inside a venue: when they entered, by which event.
type Visit struct {
	IIN     string
	Entered time.Time
	EntryID string
}

// Presence is a (venue, IIN) record as Ingest keeps it: inside since At
// (the entry's scan time), or left at At. A "left" record outlives the exit
// so that an entry sent late by an offline kiosk, scanned before that exit,
// does not put the person back inside.
type Presence struct {
	Inside  bool      `json:"inside"`
	At      time.Time `json:"at"`
	EntryID string    `json:"entry_id,omitempty"`
}

// ApplyPresence is the one rule every store applies to an accepted event:
// it returns the new record (nil: unchanged) and the change to the head
// count. prev is nil when the venue has no record of the person.
func ApplyPresence(prev *Presence, e wire.Event) (next *Presence, delta int) {
	switch e.Kind {
	case wire.Entry, wire.Override: // an override lets the person in like an entry
		switch {
		case prev != nil && prev.Inside:
			return nil, 0 // already inside: counted once
		case prev != nil && !prev.At.Before(e.ScannedAt):
			return nil, 0 // left after this entry was scanned: a late entry
		}
		return &Presence{Inside: true, At: e.ScannedAt, EntryID: e.ID}, 1
	case wire.Exit:
		switch {
		case prev != nil && prev.Inside && !e.ScannedAt.Before(prev.At):
			return &Presence{At: e.ScannedAt}, -1
		case prev != nil && prev.Inside:
			return nil, 0 // an exit older than the entry: a late exit
		case prev != nil && !e.ScannedAt.After(prev.At):
			return nil, 0
		}
		return &Presence{At: e.ScannedAt}, 0 // an exit without entry: recorded, not counted
	}
	return nil, 0
}
