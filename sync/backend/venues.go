package backend

import (
	"context"
	"errors"
	"fmt"
	"time"
	_ "time/tzdata" // a venue's time zone must load on a server without /usr/share/zoneinfo

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// InvalidError is a request the backend refuses for what it asks, not for a
// failure: the caller's mistake, with a message safe to show.
type InvalidError struct{ Err error }

func (e *InvalidError) Error() string { return e.Err.Error() }
func (e *InvalidError) Unwrap() error { return e.Err }

func invalid(err error) error { return &InvalidError{Err: err} }

// SetLimits sets a venue's capacity, closing time, time zone and maximum
// stay; the venue keeps its other settings (and is created if new). Values
// out of range are an *InvalidError.
func (b *Backend) SetLimits(ctx context.Context, venue string, l wire.VenueLimits) error {
	if err := validateLimits(l); err != nil {
		return invalid(err)
	}
	v, err := b.st.Venue(ctx, venue)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("read venue: %w", err)
	}
	v.Name = venue
	if v.Created.IsZero() {
		v.Created = b.now().UTC()
	}
	v.Capacity, v.ClosingTime, v.TimeZone = l.Capacity, l.ClosingTime, l.TimeZone
	v.MaxStay = time.Duration(l.MaxStayMinutes) * time.Minute
	if l.RequireVenueProof != nil { // absent: a kiosk that does not know it leaves it alone
		v.RequireVenueProof = *l.RequireVenueProof
	}
	if err := b.st.PutVenue(ctx, v.Venue); err != nil {
		return fmt.Errorf("put venue: %w", err)
	}
	return nil
}

func validateLimits(l wire.VenueLimits) error {
	var errs []error
	if l.Capacity < 0 || l.Capacity > 1_000_000 {
		errs = append(errs, fmt.Errorf("capacity %d is not between 0 (none) and 1000000", l.Capacity))
	}
	if l.ClosingTime != "" {
		if _, err := time.Parse("15:04", l.ClosingTime); err != nil || len(l.ClosingTime) != 5 {
			errs = append(errs, fmt.Errorf("closing_time %q is not HH:MM", truncate(l.ClosingTime, 16)))
		}
	}
	if l.MaxStayMinutes < 0 || l.MaxStayMinutes > 7*24*60 {
		errs = append(errs, fmt.Errorf("max_stay_minutes %d is not between 0 (never) and 10080", l.MaxStayMinutes))
	}
	if l.TimeZone != "" {
		if _, err := time.LoadLocation(l.TimeZone); err != nil || len(l.TimeZone) > 64 {
			errs = append(errs, fmt.Errorf("time_zone %q is not a known IANA zone", truncate(l.TimeZone, 64)))
		}
	}
	return errors.Join(errs...)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// VenueSettings are what an operator sets for a venue; a nil field keeps
// the venue's current value (a new venue's is zero).
type VenueSettings struct {
	Capacity *int
	// RequireVenueProof: take only passes whose holder proof names the
	// venue (docs/pass-format.md).
	RequireVenueProof *bool
}

// PutVenue sets what an operator keeps for a venue, creating it if new;
// the venue keeps what the settings do not name (its closing time, its
// other settings). A bad name or capacity is an *InvalidError. It returns
// the venue as stored.
func (b *Backend) PutVenue(ctx context.Context, name string, s VenueSettings) (store.Venue, error) {
	cur, err := b.st.Venue(ctx, name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return store.Venue{}, fmt.Errorf("read venue: %w", err)
	}
	v := cur.Venue
	v.Name = name
	if v.Created.IsZero() {
		v.Created = b.now().UTC()
	}
	if s.Capacity != nil {
		v.Capacity = *s.Capacity
	}
	if s.RequireVenueProof != nil {
		v.RequireVenueProof = *s.RequireVenueProof
	}
	if err := CheckVenue(v); err != nil {
		return v, invalid(err)
	}
	return v, b.st.PutVenue(ctx, v)
}

// CheckVenue validates what an operator sets for a venue.
func CheckVenue(v store.Venue) error {
	if err := CheckVenueName(v.Name); err != nil {
		return err
	}
	if v.Capacity < 0 || v.Capacity > 1_000_000 {
		return fmt.Errorf("capacity %d is not between 0 (none) and 1000000", v.Capacity)
	}
	return nil
}

// ensureVenue creates v unless a venue of its name exists (two demo
// replicas on one database agree; an operator's change of capacity stays).
func (b *Backend) ensureVenue(ctx context.Context, v store.Venue) error {
	_, err := b.st.Venue(ctx, v.Name)
	if errors.Is(err, store.ErrNotFound) {
		err = b.st.PutVenue(ctx, v)
	}
	return err
}
