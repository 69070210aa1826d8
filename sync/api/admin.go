package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store"
)

// The operator's management API under /v1/admin/, behind an operator
// credential. `ashyq-server tokens|venues --server URL` use it, so a running
// server (whose bbolt file no other process can open) changes without a
// restart; with PostgreSQL the same commands may also write the database
// directly.
const (
	patAdminVenues   = "GET /v1/admin/venues"
	patAdminPutVenue = "PUT /v1/admin/venues/{venue}"
	patAdminTokens   = "GET /v1/admin/tokens"
	patAdminAddToken = "POST /v1/admin/tokens"
	patAdminRevoke   = "DELETE /v1/admin/tokens/{id}"

	maxAdminBody = 4 << 10
)

// NewTokenRequest asks for a device token of a venue.
type NewTokenRequest struct {
	Venue string `json:"venue"`
	Label string `json:"label,omitempty"`
}

// NewTokenResponse carries a new secret: the only time it is shown.
type NewTokenResponse struct {
	store.CredentialInfo
	Token string `json:"token"`
}

// VenueRequest sets what an operator keeps for a venue; an absent field
// keeps the venue's current value.
type VenueRequest struct {
	Capacity *int `json:"capacity,omitempty"`
	// RequireVenueProof: take only passes whose holder proof names the
	// venue (docs/pass-format.md).
	RequireVenueProof *bool `json:"require_venue_proof,omitempty"`
}

// adminRoutes registers the admin endpoints and returns their patterns.
func (a *API) adminRoutes(mux *http.ServeMux) []string {
	mux.Handle(patAdminVenues, a.authed(operators, a.handleAdminVenues))
	mux.Handle(patAdminPutVenue, a.authed(operators, a.handleAdminPutVenue))
	mux.Handle(patAdminTokens, a.authed(operators, a.handleAdminTokens))
	mux.Handle(patAdminAddToken, a.authed(operators, a.handleAdminAddToken))
	mux.Handle(patAdminRevoke, a.authed(operators, a.handleAdminRevoke))
	return []string{patAdminVenues, patAdminTokens, patAdminRevoke}
}

func (a *API) handleAdminVenues(w http.ResponseWriter, r *http.Request) {
	vs, err := a.b.Venues(r.Context())
	if err != nil {
		a.internalError(w, r, "list venues", err)
		return
	}
	writeJSON(w, http.StatusOK, vs)
}

func (a *API) handleAdminPutVenue(w http.ResponseWriter, r *http.Request) {
	var req VenueRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	v, err := a.b.PutVenue(r.Context(), r.PathValue("venue"),
		backend.VenueSettings{Capacity: req.Capacity, RequireVenueProof: req.RequireVenueProof})
	var inv *backend.InvalidError
	if errors.As(err, &inv) {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err != nil {
		a.internalError(w, r, "put venue", err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (a *API) handleAdminTokens(w http.ResponseWriter, r *http.Request) {
	out, err := a.b.Credentials(r.Context(), store.KindDevice)
	if err != nil {
		a.internalError(w, r, "list tokens", err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) handleAdminAddToken(w http.ResponseWriter, r *http.Request) {
	var req NewTokenRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	secret, c, err := a.b.AddCredential(r.Context(), store.KindDevice, req.Venue, req.Label)
	var inv *backend.InvalidError
	if errors.As(err, &inv) {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err != nil {
		a.internalError(w, r, "add token", err) // never the store's own words
		return
	}
	writeJSON(w, http.StatusCreated, NewTokenResponse{CredentialInfo: c.Info(), Token: secret})
}

func (a *API) handleAdminRevoke(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !strings.HasPrefix(id, string(store.KindDevice[0])+"-") {
		writeError(w, http.StatusNotFound, "no device token has this id (operators are revoked on the store itself)")
		return
	}
	err := a.b.RevokeCredential(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "no credential has this id")
		return
	}
	if err != nil {
		a.internalError(w, r, "revoke", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"revoked": id})
}
