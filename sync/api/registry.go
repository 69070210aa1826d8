package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/registry/fhirin"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// MaxFHIRBytes bounds a POST /v1/registry/fhir body (413 beyond): a bundle
// of 1,000 results with every usual element takes about 1.5 MiB.
const MaxFHIRBytes = 4 << 20

// Registry route patterns.
const (
	patFHIR            = "POST /v1/registry/fhir"
	patAdminFeeders    = "GET /v1/admin/feeders"
	patAdminAddFeeder  = "POST /v1/admin/feeders"
	patAdminRevokeFeed = "DELETE /v1/admin/feeders/{id}"
	patAdminAudit      = "GET /v1/admin/audit"
)

// registryRoutes registers the feeders' endpoint and the operator's feeder
// and audit endpoints, and returns their patterns.
func (a *API) registryRoutes(mux *http.ServeMux) []string {
	mux.Handle(patFHIR, a.authed(feeders, a.handleFHIR))
	mux.Handle(patAdminFeeders, a.authed(operators, a.handleAdminFeeders))
	mux.Handle(patAdminAddFeeder, a.authed(operators, a.handleAdminAddFeeder))
	mux.Handle(patAdminRevokeFeed, a.authed(operators, a.handleAdminRevokeFeeder))
	mux.Handle(patAdminAudit, a.authed(operators, a.handleAdminAudit))
	return []string{patFHIR, patAdminFeeders, patAdminRevokeFeed, patAdminAudit}
}

// writeFHIR answers with a FHIR resource.
func writeFHIR(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/fhir+json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// fhirProblem answers with an OperationOutcome of one issue.
func fhirProblem(w http.ResponseWriter, code int, issue fhir.IssueType, msg string) {
	writeFHIR(w, code, fhirin.Outcome(&fhirin.Problem{Index: -1, Code: issue, Reason: msg}))
}

// handleFHIR takes a Bundle of facts from a feeder. Every refusal is an
// OperationOutcome; only a store failure is a 5xx (retry).
func (a *API) handleFHIR(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/fhir+json" && mt != "application/json") {
			fhirProblem(w, http.StatusUnsupportedMediaType, fhir.IssueTypeNotSupported,
				"Content-Type must be application/fhir+json (or application/json)")
			return
		}
	}
	// Bounded before it is read: a body over the limit is refused at
	// MaxFHIRBytes+1 bytes, never allocated whole.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxFHIRBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			w.Header().Set("Connection", "close")
			fhirProblem(w, http.StatusRequestEntityTooLarge, fhir.IssueTypeTooCostly,
				fmt.Sprintf("the bundle exceeds %d bytes: send smaller bundles", MaxFHIRBytes))
			return
		}
		fhirProblem(w, http.StatusBadRequest, fhir.IssueTypeStructure, "the body could not be read")
		return
	}
	ans, err := a.b.IngestFHIR(r.Context(), info(r).credential, body)
	if err != nil {
		a.log.Error("store facts", "error", err.Error())
		fhirProblem(w, http.StatusServiceUnavailable, fhir.IssueTypeTransient, "storing the facts failed; send the bundle again later")
		return
	}
	writeFHIR(w, ans.Code, ans.Resource)
}

func (a *API) handleAdminFeeders(w http.ResponseWriter, r *http.Request) {
	out, err := a.b.Credentials(r.Context(), store.KindFeeder)
	if err != nil {
		a.internalError(w, r, "list feeders", err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// NewFeederRequest is the body of POST /v1/admin/feeders.
type NewFeederRequest struct {
	Label string `json:"label"`
}

func (a *API) handleAdminAddFeeder(w http.ResponseWriter, r *http.Request) {
	var req NewFeederRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	secret, c, err := a.b.AddCredential(r.Context(), store.KindFeeder, "", req.Label)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, NewTokenResponse{CredentialInfo: c.Info(), Token: secret})
}

func (a *API) handleAdminRevokeFeeder(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !strings.HasPrefix(id, string(store.KindFeeder[0])+"-") {
		writeError(w, http.StatusNotFound, "no feeder credential has this id")
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

// AuditPage is the answer of GET /v1/admin/audit.
type AuditPage struct {
	Entries []audit.Entry `json:"entries"`
	More    bool          `json:"more"`
}

// handleAdminAudit lists the trail: ?after=SEQ&limit=N&kind=K&iin=IIN&full=1.
func (a *API) handleAdminAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var aq audit.Query
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, "after must be a whole number")
			return
		}
		aq.After = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, "limit must be a positive whole number")
			return
		}
		aq.Limit = n
	}
	if v := q.Get("iin"); v != "" {
		if err := iin.Validate(v); err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		aq.IIN = v
	}
	if v := q.Get("kind"); v != "" {
		if len(v) > audit.MaxKindBytes {
			writeError(w, http.StatusBadRequest, "kind is too long")
			return
		}
		aq.Kind = v
	}
	full := q.Get("full") == "1" || q.Get("full") == "true"
	entries, more, err := a.b.Audit(r.Context(), aq, full, info(r).credential)
	if err != nil {
		var inv *backend.InvalidError
		if errors.As(err, &inv) {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		a.internalError(w, r, "audit", err)
		return
	}
	writeJSON(w, http.StatusOK, AuditPage{Entries: entries, More: more})
}
