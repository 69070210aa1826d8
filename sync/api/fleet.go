package api

import (
	"net/http"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// noteContact records the device named in the request's DeviceHeader when the
// request carries a valid device token. The health check calls it with the
// token checked here, because /v1/health itself needs none.
func (a *API) noteContact(r *http.Request) {
	device := r.Header.Get(wire.DeviceHeader)
	if device == "" {
		return
	}
	venue := tokenVenue(r)
	if venue == "" {
		// Throttled like any authentication: random tokens sent to the
		// open health check must not each cost a store query.
		c, err := a.b.AuthenticateFrom(r.Context(), info(r).client, backend.Bearer(r.Header.Get("Authorization")))
		if err != nil || c.Kind != store.KindDevice {
			return
		}
		venue = c.Venue
	}
	a.b.NoteContact(venue, device)
}

func (a *API) handleDevices(w http.ResponseWriter, r *http.Request) {
	venue, ok := ownVenue(w, r)
	if !ok {
		return
	}
	list, err := a.b.DeviceList(r.Context(), venue)
	if err != nil {
		a.internalError(w, r, "device list", err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}
