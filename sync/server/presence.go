package server

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ashyq/kiosk/sync/wire"
)

// PresenceStore knows who is inside each venue. The head count is people,
// not events: Ingest keeps a presence record per (venue, IIN) in the same
// transaction as the events (applyPresence is the rule), so a second entry
// of someone inside, or an exit of someone nobody saw enter, changes the
// count by nothing, and the count never goes below zero, whichever door or
// kiosk sent what in which order; Counters.Inside is that count.
//
// Both stores are PresenceStores (presence_bolt.go and
// store_postgres_presence.go). A Store that is not one still serves: the
// head count is then entries minus exits, not below zero, the status answer
// leaves "inside" out and no visit is closed automatically.
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

// presence is a (venue, IIN) record as Ingest keeps it: inside since At
// (the entry's scan time), or left at At. A "left" record outlives the exit
// so that an entry sent late by an offline kiosk, scanned before that exit,
// does not put the person back inside.
type presence struct {
	Inside  bool      `json:"inside"`
	At      time.Time `json:"at"`
	EntryID string    `json:"entry_id,omitempty"`
}

// applyPresence is the one rule every store applies to an accepted event:
// it returns the new record (nil: unchanged) and the change to the head
// count. prev is nil when the venue has no record of the person.
func applyPresence(prev *presence, e wire.Event) (next *presence, delta int) {
	switch e.Kind {
	case wire.Entry, wire.Override: // an override lets the person in like an entry
		switch {
		case prev != nil && prev.Inside:
			return nil, 0 // already inside: counted once
		case prev != nil && !prev.At.Before(e.ScannedAt):
			return nil, 0 // left after this entry was scanned: a late entry
		}
		return &presence{Inside: true, At: e.ScannedAt, EntryID: e.ID}, 1
	case wire.Exit:
		switch {
		case prev != nil && prev.Inside && !e.ScannedAt.Before(prev.At):
			return &presence{At: e.ScannedAt}, -1
		case prev != nil && prev.Inside:
			return nil, 0 // an exit older than the entry: a late exit
		case prev != nil && !e.ScannedAt.After(prev.At):
			return nil, 0
		}
		return &presence{At: e.ScannedAt}, 0 // an exit without entry: recorded, not counted
	}
	return nil, 0
}

// errNoPresence: the store keeps no presence, so nobody can be checked out.
var errNoPresence = errors.New("this store does not keep who is inside")

// UpstreamDevice is the device name of the exits the upstream creates for
// visits nobody checked out of.
const UpstreamDevice = "upstream"

// autoExit is the exit the upstream records to close d. Its id and seq
// are derived from the venue and the entry it closes, so however many
// replicas close the same visit, the venue gets one event: the second is a
// duplicate of the first. (The seq of the upstream's own pseudo-device is
// a hash, not a counter: it has no gaps to report.)
func autoExit(venue string, d dueVisit) wire.Event {
	id := uuid.NewHash(sha256.New(), uuid.NameSpaceOID, []byte(venue+"\x00"+d.EntryID), 8)
	return wire.Event{
		ID: id.String(), Device: UpstreamDevice, Seq: binary.BigEndian.Uint64(id[:8])>>12 | 1,
		Venue: venue, Door: "auto", Kind: wire.Exit, IIN: d.IIN, Source: wire.SourceSkipped,
		Reason: d.reason, ScannedAt: d.at.UTC(),
	}
}

// dueVisit is a visit to close, when and by which rule.
type dueVisit struct {
	Visit
	reason string    // wire.ReasonClosingTime or wire.ReasonMaxStay
	at     time.Time // the exit's time: the closing time, or entry + max stay
}

// dueVisits are the visits of venue v to close at now: every visit that
// began before the last closing time, and those longer than the maximum
// stay.
func dueVisits(v Venue, visits []Visit, now time.Time) []dueVisit {
	var out []dueVisit
	closing, hasClosing := lastClosing(v, now)
	for _, vis := range visits {
		switch {
		case hasClosing && vis.Entered.Before(closing):
			out = append(out, dueVisit{vis, wire.ReasonClosingTime, closing})
		case v.MaxStay > 0 && now.Sub(vis.Entered) >= v.MaxStay:
			out = append(out, dueVisit{vis, wire.ReasonMaxStay, vis.Entered.Add(v.MaxStay)})
		}
	}
	return out
}

// lastClosing is the most recent closing time at or before now in the
// venue's time zone.
func lastClosing(v Venue, now time.Time) (time.Time, bool) {
	if v.ClosingTime == "" {
		return time.Time{}, false
	}
	loc := time.UTC
	if v.TimeZone != "" {
		if l, err := time.LoadLocation(v.TimeZone); err == nil {
			loc = l
		}
	}
	hm, err := time.Parse("15:04", v.ClosingTime)
	if err != nil {
		return time.Time{}, false
	}
	n := now.In(loc)
	c := time.Date(n.Year(), n.Month(), n.Day(), hm.Hour(), hm.Minute(), 0, 0, loc)
	if c.After(n) {
		c = c.AddDate(0, 0, -1)
	}
	return c, true
}

// CloseForgotten closes the due visits of every venue (see dueVisits) as
// automatic exits, through Ingest like any event, so the count, the
// presence and the listings agree. Safe to run on every replica at once:
// an automatic exit's id is fixed by the visit it closes. It returns how
// many exits it recorded.
func (s *Server) CloseForgotten(ctx context.Context) (int, error) {
	ps, ok := s.st.(PresenceStore)
	if !ok {
		return 0, nil
	}
	venues, err := s.st.Venues(ctx)
	if err != nil {
		return 0, fmt.Errorf("close forgotten visits: %w", err)
	}
	now, closed := s.now(), 0
	for _, v := range venues {
		if v.ClosingTime == "" && v.MaxStay == 0 {
			continue
		}
		visits, err := ps.OpenVisits(ctx, v.Name)
		if err != nil {
			return closed, fmt.Errorf("close forgotten visits of %s: %w", v.Name, err)
		}
		due := dueVisits(v.Venue, visits, now)
		if len(due) == 0 {
			continue
		}
		events := make([]wire.Event, 0, len(due))
		for _, d := range due {
			events = append(events, autoExit(v.Name, d))
		}
		res, err := s.st.Ingest(ctx, v.Name, events, now)
		if err != nil {
			return closed, fmt.Errorf("close forgotten visits of %s: %w", v.Name, err)
		}
		closed += len(res.Accepted)
		s.log.Info("forgotten visits closed", "venue", v.Name, "closed", len(res.Accepted), "duplicates", len(res.Duplicates))
	}
	return closed, nil
}

// checkoutAll closes every open visit of venue at now.
func (s *Server) checkoutAll(ctx context.Context, venue string, now time.Time) (int, error) {
	ps, ok := s.st.(PresenceStore)
	if !ok {
		return 0, errNoPresence
	}
	visits, err := ps.OpenVisits(ctx, venue)
	if err != nil {
		return 0, fmt.Errorf("check out %s: %w", venue, err)
	}
	if len(visits) == 0 {
		return 0, nil
	}
	events := make([]wire.Event, 0, len(visits))
	for _, v := range visits {
		events = append(events, autoExit(venue, dueVisit{v, wire.ReasonCheckout, now}))
	}
	res, err := s.st.Ingest(ctx, venue, events, now)
	if err != nil {
		return 0, fmt.Errorf("check out %s: %w", venue, err)
	}
	s.log.Info("everybody checked out", "venue", venue, "closed", len(res.Accepted))
	return len(res.Accepted), nil
}

// runAutoClose closes forgotten visits every interval until ctx ends.
func (s *Server) runAutoClose(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.CloseForgotten(ctx); err != nil {
				s.log.Error("auto-close failed", "err", err)
			}
		}
	}
}

// insideOf is the head count by the store's presence records, or entries
// minus exits (not below zero) from a store that keeps none.
func (s *Server) insideOf(c Counters) int64 {
	if _, ok := s.st.(PresenceStore); ok {
		return int64(c.Inside)
	}
	return max(int64(c.Entries)-int64(c.Exits), 0)
}

// isInside is the store's word on whether iin is inside venue; nil when
// the store keeps no presence.
func (s *Server) isInside(ctx context.Context, venue, iin string) (*bool, error) {
	ps, ok := s.st.(PresenceStore)
	if !ok {
		return nil, nil
	}
	in, err := ps.Inside(ctx, venue, iin)
	if err != nil {
		return nil, err
	}
	return &in, nil
}
