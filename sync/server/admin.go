package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
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

// CredentialInfo is a credential as listings show it: never the secret, nor
// its hash.
type CredentialInfo struct {
	ID      string         `json:"id"`
	Kind    CredentialKind `json:"kind"`
	Venue   string         `json:"venue,omitempty"`
	Label   string         `json:"label,omitempty"`
	Created time.Time      `json:"created"`
	Revoked time.Time      `json:"revoked,omitzero"`
}

// Info is the credential without its hash.
func (c Credential) Info() CredentialInfo {
	return CredentialInfo{ID: c.ID, Kind: c.Kind, Venue: c.Venue, Label: c.Label, Created: c.Created, Revoked: c.Revoked}
}

// NewTokenRequest asks for a device token of a venue.
type NewTokenRequest struct {
	Venue string `json:"venue"`
	Label string `json:"label,omitempty"`
}

// NewTokenResponse carries a new secret: the only time it is shown.
type NewTokenResponse struct {
	CredentialInfo
	Token string `json:"token"`
}

// VenueRequest sets what an operator keeps for a venue.
type VenueRequest struct {
	Capacity int `json:"capacity"`
}

// adminRoutes registers the admin endpoints and returns their patterns.
func (s *Server) adminRoutes(mux *http.ServeMux) []string {
	mux.Handle(patAdminVenues, s.authed(operators, s.handleAdminVenues))
	mux.Handle(patAdminPutVenue, s.authed(operators, s.handleAdminPutVenue))
	mux.Handle(patAdminTokens, s.authed(operators, s.handleAdminTokens))
	mux.Handle(patAdminAddToken, s.authed(operators, s.handleAdminAddToken))
	mux.Handle(patAdminRevoke, s.authed(operators, s.handleAdminRevoke))
	return []string{patAdminVenues, patAdminTokens, patAdminRevoke}
}

func (s *Server) handleAdminVenues(w http.ResponseWriter, r *http.Request) {
	vs, err := s.st.Venues(r.Context())
	if err != nil {
		s.internalError(w, r, "list venues", err)
		return
	}
	writeJSON(w, http.StatusOK, vs)
}

func (s *Server) handleAdminPutVenue(w http.ResponseWriter, r *http.Request) {
	var req VenueRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	v := Venue{Name: r.PathValue("venue"), Capacity: req.Capacity, Created: s.now().UTC()}
	if err := checkVenue(v); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := s.st.PutVenue(r.Context(), v); err != nil {
		s.internalError(w, r, "put venue", err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// checkVenue validates what an operator sets for a venue.
func checkVenue(v Venue) error {
	if err := checkVenueName(v.Name); err != nil {
		return err
	}
	if v.Capacity < 0 || v.Capacity > 1_000_000 {
		return fmt.Errorf("capacity %d is not between 0 (none) and 1000000", v.Capacity)
	}
	return nil
}

func (s *Server) handleAdminTokens(w http.ResponseWriter, r *http.Request) {
	cs, err := s.st.Credentials(r.Context(), KindDevice)
	if err != nil {
		s.internalError(w, r, "list tokens", err)
		return
	}
	out := make([]CredentialInfo, len(cs))
	for i, c := range cs {
		out[i] = c.Info()
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleAdminAddToken(w http.ResponseWriter, r *http.Request) {
	var req NewTokenRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	secret, c, err := AddCredential(r.Context(), s.st, KindDevice, req.Venue, req.Label, s.now())
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, NewTokenResponse{CredentialInfo: c.Info(), Token: secret})
}

func (s *Server) handleAdminRevoke(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !strings.HasPrefix(id, string(KindDevice[0])+"-") {
		writeError(w, http.StatusNotFound, "no device token has this id (operators are revoked on the store itself)")
		return
	}
	err := s.st.RevokeCredential(r.Context(), id, s.now().UTC())
	if errors.Is(err, ErrNotFound) {
		writeError(w, http.StatusNotFound, "no credential has this id")
		return
	}
	if err != nil {
		s.internalError(w, r, "revoke", err)
		return
	}
	s.auth.forget(id)
	writeJSON(w, http.StatusOK, map[string]string{"revoked": id})
}

// AddCredential makes a new secret of kind, stores its hash (creating the
// venue of a device token if it is new) and returns the secret.
func AddCredential(ctx context.Context, st Store, kind CredentialKind, venue, label string, now time.Time) (string, Credential, error) {
	secret, c, err := NewSecret(kind, venue, label, now)
	if err != nil {
		return "", Credential{}, err
	}
	if kind == KindDevice {
		_, err := st.Venue(ctx, venue)
		if errors.Is(err, ErrNotFound) {
			err = st.PutVenue(ctx, Venue{Name: venue, Created: now.UTC()})
		}
		if err != nil {
			return "", Credential{}, fmt.Errorf("create venue: %w", err)
		}
	}
	if err := st.PutCredential(ctx, c); err != nil {
		return "", Credential{}, fmt.Errorf("store credential: %w", err)
	}
	return secret, c, nil
}
