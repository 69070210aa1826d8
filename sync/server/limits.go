package server

import (
	"errors"
	"fmt"
	"net/http"
	"time"
	_ "time/tzdata" // a venue's time zone must load on a server without /usr/share/zoneinfo

	"github.com/ashyq/kiosk/sync/wire"
)

// maxLimitsBytes bounds a limits request body.
const maxLimitsBytes = 1 << 10

// handleLimits sets a venue's capacity, closing time and maximum stay, from
// the venue's own device (its owner menu, behind the owner's PIN) or an
// operator. The venue keeps its other settings.
func (s *Server) handleLimits(w http.ResponseWriter, r *http.Request) {
	venue, ok := ownVenue(w, r)
	if !ok {
		return
	}
	var req wire.VenueLimits
	if !decodeBody(w, r, maxLimitsBytes, &req) {
		return
	}
	if err := validateLimits(req); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	v, err := s.st.Venue(r.Context(), venue)
	if err != nil && !errors.Is(err, ErrNotFound) {
		s.internalError(w, r, "read venue", err)
		return
	}
	v.Name = venue
	if v.Created.IsZero() {
		v.Created = s.now().UTC()
	}
	v.Capacity, v.ClosingTime, v.TimeZone = req.Capacity, req.ClosingTime, req.TimeZone
	v.MaxStay = time.Duration(req.MaxStayMinutes) * time.Minute
	if err := s.st.PutVenue(r.Context(), v.Venue); err != nil {
		s.internalError(w, r, "put venue", err)
		return
	}
	writeJSON(w, http.StatusOK, req)
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

// handleCheckout closes every open visit of the venue now, as automatic
// exits marked wire.ReasonCheckout: the owner's "check everybody out".
func (s *Server) handleCheckout(w http.ResponseWriter, r *http.Request) {
	venue, ok := ownVenue(w, r)
	if !ok {
		return
	}
	n, err := s.checkoutAll(r.Context(), venue, s.now())
	if errors.Is(err, errNoPresence) {
		writeError(w, http.StatusNotImplemented, err.Error())
		return
	}
	if err != nil {
		s.internalError(w, r, "check out", err)
		return
	}
	writeJSON(w, http.StatusOK, wire.CheckoutResult{Closed: n})
}
