package api

import (
	"errors"
	"net/http"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/wire"
)

// maxLimitsBytes bounds a limits request body.
const maxLimitsBytes = 1 << 10

// handleLimits sets a venue's capacity, closing time and maximum stay, from
// the venue's own device (its owner menu, behind the owner's PIN) or an
// operator. The venue keeps its other settings.
func (a *API) handleLimits(w http.ResponseWriter, r *http.Request) {
	venue, ok := ownVenue(w, r)
	if !ok {
		return
	}
	var req wire.VenueLimits
	if !decodeBody(w, r, maxLimitsBytes, &req) {
		return
	}
	err := a.b.SetLimits(r.Context(), venue, req)
	var inv *backend.InvalidError
	if errors.As(err, &inv) {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err != nil {
		a.internalError(w, r, "set limits", err)
		return
	}
	writeJSON(w, http.StatusOK, req)
}

// handleCheckout closes every open visit of the venue now, as automatic
// exits marked wire.ReasonCheckout: the owner's "check everybody out".
func (a *API) handleCheckout(w http.ResponseWriter, r *http.Request) {
	venue, ok := ownVenue(w, r)
	if !ok {
		return
	}
	n, err := a.b.CheckoutAll(r.Context(), venue)
	if err != nil {
		a.internalError(w, r, "check out", err)
		return
	}
	writeJSON(w, http.StatusOK, wire.CheckoutResult{Closed: n})
}
