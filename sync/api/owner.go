package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// The kiosks' side of the owner's pages (issue 25): a kiosk checks in for
// its settings, a new kiosk trades an enrolment code for its token; and the
// operator's management of owners' credentials and enrolment codes.
const (
	patCheckIn          = "POST /v1/checkin"
	patEnrol            = "POST /v1/enrol"
	patAdminOwners      = "GET /v1/admin/owners"
	patAdminAddOwner    = "POST /v1/admin/owners"
	patAdminRevokeOwner = "DELETE /v1/admin/owners/{id}"
	patAdminKioskCode   = "POST /v1/admin/venues/{venue}/kiosk-codes"

	maxCheckInBody = 4 << 10
	maxEnrolBody   = 1 << 10
)

// NewOwnerRequest asks for an owner's credential of a venue.
type NewOwnerRequest struct {
	Venue string `json:"venue"`
	Label string `json:"label,omitempty"`
}

// KioskCodeRequest asks for a code that enrols a kiosk at a door.
type KioskCodeRequest struct {
	Door string `json:"door"`
	Mode string `json:"mode"`
	// TTL is how long the code lives ("2h"); empty: the default.
	TTL string `json:"ttl,omitempty"`
}

// KioskCodeResponse is a new code: the only time it is shown.
type KioskCodeResponse struct {
	ID      string    `json:"id"`
	Venue   string    `json:"venue"`
	Device  string    `json:"device"`
	Door    string    `json:"door"`
	Mode    string    `json:"mode"`
	Expires time.Time `json:"expires"`
	Code    string    `json:"code"` // grouped, as people type it
}

// EnrolRefusal is the body of a refused enrolment: the reason in one word
// (unknown, used, expired, malformed) and in a sentence.
type EnrolRefusal struct {
	Error  string `json:"error"`
	Reason string `json:"reason"`
}

func (a *API) ownerRoutes(mux *http.ServeMux) []string {
	mux.Handle(patCheckIn, a.authed(devices, a.handleCheckIn))
	mux.HandleFunc(patEnrol, a.handleEnrol)
	mux.Handle(patAdminOwners, a.authed(operators, a.handleAdminOwners))
	mux.Handle(patAdminAddOwner, a.authed(operators, a.handleAdminAddOwner))
	mux.Handle(patAdminRevokeOwner, a.authed(operators, a.handleAdminRevokeOwner))
	mux.Handle(patAdminKioskCode, a.authed(operators, a.handleAdminKioskCode))
	return []string{patCheckIn, patEnrol, patAdminOwners, patAdminRevokeOwner, patAdminKioskCode}
}

func (a *API) handleCheckIn(w http.ResponseWriter, r *http.Request) {
	var req wire.CheckIn
	if !decodeBody(w, r, maxCheckInBody, &req) {
		return
	}
	info(r).device = req.Device
	set, err := a.b.CheckIn(r.Context(), tokenVenue(r), req)
	var inv *backend.InvalidError
	if errors.As(err, &inv) {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err != nil {
		a.internalError(w, r, "check in", err)
		return
	}
	writeJSON(w, http.StatusOK, set)
}

func (a *API) handleEnrol(w http.ResponseWriter, r *http.Request) {
	var req wire.KioskEnrolRequest
	if !decodeBody(w, r, maxEnrolBody, &req) {
		return
	}
	res, err := a.b.RedeemKioskCode(r.Context(), info(r).client, req)
	var thr *backend.ThrottledError
	var ref *backend.EnrolRefusedError
	switch {
	case errors.As(err, &thr):
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(thr.RetryAfter)))
		writeError(w, http.StatusTooManyRequests, thr.Error())
	case errors.As(err, &ref) && ref.Reason == backend.EnrolMalformed:
		writeJSON(w, http.StatusBadRequest, EnrolRefusal{Error: ref.Error(), Reason: ref.Reason})
	case errors.As(err, &ref):
		writeJSON(w, http.StatusForbidden, EnrolRefusal{Error: ref.Error(), Reason: ref.Reason})
	case err != nil:
		a.internalError(w, r, "enrol", err)
	default:
		info(r).device, info(r).venue = res.Device, res.Venue
		writeJSON(w, http.StatusCreated, res)
	}
}

func (a *API) handleAdminOwners(w http.ResponseWriter, r *http.Request) {
	out, err := a.b.Credentials(r.Context(), store.KindOwner)
	if err != nil {
		a.internalError(w, r, "list owners", err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) handleAdminAddOwner(w http.ResponseWriter, r *http.Request) {
	var req NewOwnerRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	secret, c, err := a.b.AddCredential(r.Context(), store.KindOwner, req.Venue, req.Label)
	var inv *backend.InvalidError
	if errors.As(err, &inv) {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err != nil {
		a.internalError(w, r, "add owner", err)
		return
	}
	writeJSON(w, http.StatusCreated, NewTokenResponse{CredentialInfo: c.Info(), Token: secret})
}

func (a *API) handleAdminRevokeOwner(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !strings.HasPrefix(id, store.IDPrefix(store.KindOwner)) {
		writeError(w, http.StatusNotFound, "no owner's credential has this id (they start with "+store.IDPrefix(store.KindOwner)+")")
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

func (a *API) handleAdminKioskCode(w http.ResponseWriter, r *http.Request) {
	var req KioskCodeRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	var ttl time.Duration
	if req.TTL != "" {
		var err error
		if ttl, err = time.ParseDuration(req.TTL); err != nil {
			writeError(w, http.StatusBadRequest, "ttl: write it like \"2h\" or \"30m\"")
			return
		}
	}
	code, e, err := a.b.NewKioskCode(r.Context(), info(r).credential, r.PathValue("venue"), req.Door, req.Mode, ttl)
	var inv *backend.InvalidError
	switch {
	case errors.As(err, &inv):
		writeError(w, http.StatusBadRequest, err.Error())
		return
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "no such venue")
		return
	case err != nil && code == "":
		a.internalError(w, r, "make enrolment code", err)
		return
	}
	writeJSON(w, http.StatusCreated, KioskCodeResponse{ID: e.ID, Venue: e.Venue, Device: e.Device, Door: e.Door, Mode: e.Mode,
		Expires: e.Expires, Code: wire.GroupKioskCode(code)})
}
