package api

import (
	"crypto/ed25519"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

const (
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
func (a *API) passRoutes(mux *http.ServeMux) []string {
	mux.Handle(patKeys, a.authed(devices|operators, a.handleKeys))
	mux.Handle(patDeny, a.authed(devices|operators, a.handleDenyList))
	mux.Handle(patIssue, a.authed(operators, a.handleIssue))
	mux.Handle(patRevoke, a.authed(operators, a.handleRevoke))
	mux.Handle(patRotate, a.authed(operators, a.handleRotate))
	return []string{patKeys, patDeny, patIssue, patRevoke, patRotate}
}

func (a *API) handleKeys(w http.ResponseWriter, r *http.Request) {
	now := a.b.Now().UTC()
	keys, err := a.b.Keys(r.Context())
	if err != nil {
		a.internalError(w, r, "list keys", err)
		return
	}
	writeJSON(w, http.StatusOK, wire.KeySet{Keys: keys, Time: now})
}

func (a *API) handleDenyList(w http.ResponseWriter, r *http.Request) {
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
	entries, more, err := a.b.DenyList(r.Context(), after, limit)
	if err != nil {
		a.internalError(w, r, "deny list", err)
		return
	}
	last := after
	if len(entries) > 0 {
		last = entries[len(entries)-1].Seq
	}
	writeJSON(w, http.StatusOK, wire.DenyList{Entries: entries, Last: last, More: more, Time: a.b.Now().UTC()})
}

func (a *API) handleIssue(w http.ResponseWriter, r *http.Request) {
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
	resp, err := a.b.IssuePass(r.Context(), req.IIN, ed25519.PublicKey(req.HolderKey))
	var inv *backend.InvalidError
	if errors.As(err, &inv) {
		writeError(w, http.StatusBadRequest, "holder_key: "+err.Error())
		return
	}
	if err != nil {
		a.internalError(w, r, "issue pass", err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (a *API) handleRevoke(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := a.b.RevokePass(r.Context(), id); errors.Is(err, store.ErrUnknownPass) {
		writeError(w, http.StatusNotFound, "no pass with this id")
		return
	} else if err != nil {
		a.internalError(w, r, "revoke pass", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"revoked": id})
}

func (a *API) handleRotate(w http.ResponseWriter, r *http.Request) {
	grace := backend.DefaultGrace
	if v := r.URL.Query().Get("grace"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			writeError(w, http.StatusBadRequest, "grace must be a duration such as 48h")
			return
		}
		grace = d
	}
	kid, err := a.b.RotateKeys(r.Context(), grace)
	if err != nil {
		a.internalError(w, r, "rotate keys", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"kid": kid})
}
