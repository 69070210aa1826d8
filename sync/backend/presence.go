package backend

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

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
	store.Visit
	reason string    // wire.ReasonClosingTime or wire.ReasonMaxStay
	at     time.Time // the exit's time: the closing time, or entry + max stay
}

// dueVisits are the visits of venue v to close at now: every visit that
// began before the last closing time, and those longer than the maximum
// stay.
func dueVisits(v store.Venue, visits []store.Visit, now time.Time) []dueVisit {
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
func lastClosing(v store.Venue, now time.Time) (time.Time, bool) {
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
func (b *Backend) CloseForgotten(ctx context.Context) (int, error) {
	venues, err := b.st.Venues(ctx)
	if err != nil {
		return 0, fmt.Errorf("close forgotten visits: %w", err)
	}
	now, closed := b.now(), 0
	for _, v := range venues {
		if v.ClosingTime == "" && v.MaxStay == 0 {
			continue
		}
		visits, err := b.st.OpenVisits(ctx, v.Name)
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
		res, err := b.st.Ingest(ctx, v.Name, events, now)
		if err != nil {
			return closed, fmt.Errorf("close forgotten visits of %s: %w", v.Name, err)
		}
		closed += len(res.Accepted)
		b.log.Info("forgotten visits closed", "venue", v.Name, "closed", len(res.Accepted), "duplicates", len(res.Duplicates))
	}
	return closed, nil
}

// CheckoutAll closes every open visit of venue now, as automatic exits
// marked wire.ReasonCheckout (the owner's "check everybody out"), and
// returns how many it closed.
func (b *Backend) CheckoutAll(ctx context.Context, venue string) (int, error) {
	now := b.now()
	visits, err := b.st.OpenVisits(ctx, venue)
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
	res, err := b.st.Ingest(ctx, venue, events, now)
	if err != nil {
		return 0, fmt.Errorf("check out %s: %w", venue, err)
	}
	b.log.Info("everybody checked out", "venue", venue, "closed", len(res.Accepted))
	return len(res.Accepted), nil
}

// RunAutoClose closes forgotten visits every interval until ctx ends.
func (b *Backend) RunAutoClose(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := b.CloseForgotten(ctx); err != nil {
				b.log.Error("auto-close failed", "err", err)
			}
		}
	}
}

// Inside reports whether iin is inside venue, by the store's presence
// records.
func (b *Backend) Inside(ctx context.Context, venue, iin string) (bool, error) {
	return b.st.Inside(ctx, venue, iin)
}
