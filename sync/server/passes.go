package server

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Pass issuing defaults.
const (
	// DefaultPassTTL is how long an issued pass's status is trusted.
	DefaultPassTTL = 24 * time.Hour
	// DefaultGrace is how long a rotated-out key stays valid: as long as
	// the passes it signed last, so none is cut short by a rotation.
	DefaultGrace = 48 * time.Hour

	maxPassBody     = 4 << 10
	defaultDenyPage = 1000
	maxDenyPage     = 5000
)

// Pass route patterns.
const (
	patKeys   = "GET /v1/keys"
	patDeny   = "GET /v1/denylist"
	patIssue  = "POST /v1/passes"
	patRevoke = "POST /v1/passes/{id}/revoke"
	patRotate = "POST /v1/keys/rotate"
)

// passRoutes adds the pass endpoints: keys and deny list for devices,
// issuing, revoking and rotating for operators.
func (s *Server) passRoutes(mux *http.ServeMux) []string {
	mux.Handle(patKeys, s.authed(devices|operators, s.handleKeys))
	mux.Handle(patDeny, s.authed(devices|operators, s.handleDenyList))
	mux.Handle(patIssue, s.authed(operators, s.handleIssue))
	mux.Handle(patRevoke, s.authed(operators, s.handleRevoke))
	mux.Handle(patRotate, s.authed(operators, s.handleRotate))
	return []string{patKeys, patDeny, patIssue, patRevoke, patRotate}
}

func (s *Server) handleKeys(w http.ResponseWriter, r *http.Request) {
	now := s.now().UTC()
	keys, err := s.Keys(r.Context())
	if err != nil {
		s.internalError(w, r, "list keys", err)
		return
	}
	writeJSON(w, http.StatusOK, wire.KeySet{Keys: keys, Time: now})
}

func (s *Server) handleDenyList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var after uint64
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, "after must be a whole number")
			return
		}
		after = n
	}
	limit := defaultDenyPage
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, "limit must be a positive whole number")
			return
		}
		limit = min(n, maxDenyPage)
	}
	entries, more, err := s.st.DenyList(r.Context(), after, limit)
	if err != nil {
		s.internalError(w, r, "deny list", err)
		return
	}
	last := after
	if len(entries) > 0 {
		last = entries[len(entries)-1].Seq
	}
	writeJSON(w, http.StatusOK, wire.DenyList{Entries: entries, Last: last, More: more, Time: s.now().UTC()})
}

func (s *Server) handleIssue(w http.ResponseWriter, r *http.Request) {
	var req wire.PassRequest
	if !decodeBody(w, r, maxPassBody, &req) {
		return
	}
	if err := iin.Validate(req.IIN); err != nil {
		writeError(w, http.StatusBadRequest, err.Error()) // the error masks the IIN
		return
	}
	if len(req.HolderKey) != ed25519.PublicKeySize {
		writeError(w, http.StatusBadRequest, "holder_key must be a 32-byte Ed25519 public key")
		return
	}
	resp, err := s.IssuePass(r.Context(), req.IIN, ed25519.PublicKey(req.HolderKey))
	if err != nil {
		s.internalError(w, r, "issue pass", err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.RevokePass(r.Context(), id); errors.Is(err, ErrUnknownPass) {
		writeError(w, http.StatusNotFound, "no pass with this id")
		return
	} else if err != nil {
		s.internalError(w, r, "revoke pass", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"revoked": id})
}

func (s *Server) handleRotate(w http.ResponseWriter, r *http.Request) {
	grace := DefaultGrace
	if v := r.URL.Query().Get("grace"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			writeError(w, http.StatusBadRequest, "grace must be a duration such as 48h")
			return
		}
		grace = d
	}
	kid, err := s.RotateKeys(r.Context(), grace)
	if err != nil {
		s.internalError(w, r, "rotate keys", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"kid": kid})
}

// IssuePass signs a pass for iin's current registry status, for the holder
// key, with the current issuer key.
func (s *Server) IssuePass(ctx context.Context, person string, holder ed25519.PublicKey) (wire.PassResponse, error) {
	if err := iin.Validate(person); err != nil {
		return wire.PassResponse{}, fmt.Errorf("issue pass: %w", err)
	}
	// A status that changes between reading it and storing the pass makes
	// the pass stale; sign again with the new one.
	for range 3 {
		now := s.now().UTC().Truncate(time.Second)
		key, err := s.st.CurrentIssuerKey(ctx, now)
		if err != nil {
			return wire.PassResponse{}, fmt.Errorf("issue pass: %w", err)
		}
		status, err := s.st.Status(ctx, person)
		if err != nil {
			return wire.PassResponse{}, fmt.Errorf("issue pass: %w", err)
		}
		is, err := pass.NewIssuer(key.KID, key.Private())
		if err != nil {
			return wire.PassResponse{}, fmt.Errorf("issue pass: %w", err)
		}
		until := now.Add(s.passTTL)
		p, id, err := is.Issue(pass.Claims{IIN: person, Status: status, IssuedAt: now, ValidUntil: until, Holder: holder})
		if err != nil {
			return wire.PassResponse{}, err
		}
		stale, err := s.st.RecordPass(ctx, id, PassRecord{IIN: person, KID: key.KID, Status: status,
			IssuedAt: now, ValidUntil: until})
		if err != nil {
			return wire.PassResponse{}, fmt.Errorf("record pass: %w", err)
		}
		if !stale {
			s.log.Info("pass issued", "iin", iin.Mask(person), "pass", id, "kid", key.KID, "status", status)
			return wire.PassResponse{Pass: p, PassID: id, KID: key.KID, Status: status, ValidUntil: until}, nil
		}
	}
	return wire.PassResponse{}, errors.New("issue pass: the status keeps changing; try again")
}

// RevokePass puts a pass on the deny list.
func (s *Server) RevokePass(ctx context.Context, id string) error {
	if err := s.st.RevokePass(ctx, id, wire.DenyRevoked, s.now()); err != nil {
		if errors.Is(err, ErrUnknownPass) {
			return ErrUnknownPass
		}
		return fmt.Errorf("revoke pass: %w", err)
	}
	s.log.Info("pass revoked", "pass", id)
	return nil
}

// RotateKeys makes a new current issuer key; the old one stays valid for
// grace. It returns the new key id.
func (s *Server) RotateKeys(ctx context.Context, grace time.Duration) (string, error) {
	kid, err := s.st.RotateIssuerKeys(ctx, s.now(), grace)
	if err != nil {
		return "", fmt.Errorf("rotate keys: %w", err)
	}
	s.log.Info("issuer key rotated", "kid", kid, "grace", grace)
	return kid, nil
}

// Keys lists the published issuer keys (as GET /v1/keys).
func (s *Server) Keys(ctx context.Context) ([]wire.IssuerKey, error) {
	keys, err := s.st.IssuerKeys(ctx, s.now())
	if err != nil {
		return nil, err
	}
	out := make([]wire.IssuerKey, len(keys))
	for i, k := range keys {
		out[i] = k.Public()
	}
	return out, nil
}
