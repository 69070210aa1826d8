package backend

import (
	"context"
	"errors"
	"fmt"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Occupancy returns a venue's head count as the store holds it (people by
// their presence records, not entries minus exits). An unknown venue has
// zero of everything.
func (b *Backend) Occupancy(ctx context.Context, venue string) (wire.Occupancy, error) {
	c, err := b.st.Counters(ctx, venue)
	if err != nil {
		return wire.Occupancy{}, fmt.Errorf("read occupancy: %w", err)
	}
	v, err := b.st.Venue(ctx, venue)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return wire.Occupancy{}, fmt.Errorf("read venue: %w", err)
	}
	return wire.Occupancy{
		Venue:    venue,
		Entries:  int64(c.Entries),
		Exits:    int64(c.Exits),
		Inside:   int64(c.Inside),
		Capacity: v.Capacity,
		AsOf:     b.now().UTC(),
		// The venue's rule for passes travels with its capacity: every
		// kiosk polls this.
		RequireVenueProof: v.RequireVenueProof,
	}, nil
}

// EventCount returns how many distinct events (entries, exits and refusals)
// the store holds for a venue.
func (b *Backend) EventCount(ctx context.Context, venue string) (int, error) {
	c, err := b.st.Counters(ctx, venue)
	if err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	return int(c.Events()), nil
}

// Device returns what the store has from one device of a venue, with the
// gaps in its sequence numbers; store.ErrUnknownDevice if it never sent an
// event to that venue.
func (b *Backend) Device(ctx context.Context, venue, device string) (wire.DeviceReport, error) {
	rec, err := b.st.Device(ctx, venue, device)
	if err != nil {
		if errors.Is(err, store.ErrUnknownDevice) {
			return wire.DeviceReport{}, store.ErrUnknownDevice
		}
		return wire.DeviceReport{}, fmt.Errorf("read device: %w", err)
	}
	return rec.Report(), nil
}

// DeviceRecord returns one device's record as stored (for the console).
func (b *Backend) DeviceRecord(ctx context.Context, venue, device string) (store.DeviceRecord, error) {
	return b.st.Device(ctx, venue, device)
}

// DeviceRecords returns venue's device records ordered by name.
func (b *Backend) DeviceRecords(ctx context.Context, venue string) ([]store.DeviceRecord, error) {
	return b.st.Devices(ctx, venue)
}

// HasEvent reports whether a venue holds an event with this id.
func (b *Backend) HasEvent(ctx context.Context, venue, id string) (bool, error) {
	ok, err := b.st.HasEvent(ctx, venue, id)
	if err != nil {
		return false, fmt.Errorf("look up event: %w", err)
	}
	return ok, nil
}

// DefaultListLimit is the page size of an event listing that names none.
const DefaultListLimit = 100

// Events returns one page of a venue's events in the order they were
// received, after cursor ("" for the first page), with full IINs; see
// wire.EventList; limit < 1 is DefaultListLimit. A cursor the store never
// handed out is store.ErrBadCursor.
func (b *Backend) Events(ctx context.Context, venue, cursor string, limit int) (wire.EventList, error) {
	if limit < 1 {
		limit = DefaultListLimit
	}
	page, err := b.st.ListEvents(ctx, venue, cursor, limit)
	if err != nil {
		return wire.EventList{}, err
	}
	list := wire.EventList{Venue: venue, Events: page.Events, Cursor: page.Resume}
	if page.More {
		list.Next = page.Resume
	}
	return list, nil
}

// RecentEvents returns up to limit of venue's events, newest first.
func (b *Backend) RecentEvents(ctx context.Context, venue string, limit int) ([]wire.Event, error) {
	return b.st.RecentEvents(ctx, venue, limit)
}

// Venue returns one venue with its counters; store.ErrNotFound if none.
func (b *Backend) Venue(ctx context.Context, name string) (store.VenueSummary, error) {
	return b.st.Venue(ctx, name)
}

// Venues returns every venue ordered by name, with its counters.
func (b *Backend) Venues(ctx context.Context) ([]store.VenueSummary, error) {
	return b.st.Venues(ctx)
}
