package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/logsample"
	"github.com/ashyq/kiosk/sync/peer"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// API limits.
const (
	// MaxBatchBytes is the largest /v1/events body accepted (413 beyond).
	// 5,000 events with every field at its limit take 2.9 MiB; the worst
	// body within it peaks the server at a few times this (make bench).
	MaxBatchBytes = 4 << 20
	// MaxBatchEvents is the most events one batch may hold (413 beyond).
	MaxBatchEvents = 5000
	// maxStatusBytes bounds a /v1/status body, which holds one IIN.
	maxStatusBytes = 4 << 10
	// MaxIDBytes bounds event ids, device and venue names, which become keys.
	MaxIDBytes = 128
	// MaxDoorBytes bounds an event's door name.
	MaxDoorBytes = 128
	// MaxReasonBytes bounds an event's reason.
	MaxReasonBytes = 256
	// maxIINBytes bounds an event's iin (which must have 12 digits anyway).
	maxIINBytes = 12
	// maxWordBytes bounds the enumerated fields: kind, status, source.
	maxWordBytes = 16
	// maxErrorRunes bounds a decoder's message quoted back to a client.
	maxErrorRunes = 200

	defaultListLimit = backend.DefaultListLimit
	MaxListLimit     = 1000
)

// Route patterns, also used by the fault injector and the access log.
const (
	patHealth      = "GET /v1/health"
	patReady       = "GET /v1/ready"
	patStatus      = "POST /v1/status"
	patEvents      = "POST /v1/events"
	patOccupancy   = "GET /v1/venues/{venue}/occupancy"
	patList        = "GET /v1/venues/{venue}/events"
	patDevice      = "GET /v1/devices/{device}"
	patVenueDevice = "GET /v1/venues/{venue}/devices/{device}"
	patDevices     = "GET /v1/venues/{venue}/devices"
	patLimits      = "PUT /v1/venues/{venue}/limits"
	patCheckout    = "POST /v1/venues/{venue}/checkout"
)

// Options configure the API.
type Options struct {
	Logger  *slog.Logger // nil: discard
	Version string       // shown by /v1/health and the build_info metric
	// MetricsOpen serves /metrics to anyone (a loopback listener);
	// otherwise it needs MetricsToken as a bearer token.
	MetricsOpen  bool
	MetricsToken string
	// Proxies are the reverse proxies whose X-Forwarded-For is believed
	// when naming a client (the throttle of failed authentication keys on
	// it); the zero value trusts none. See package peer.
	Proxies peer.Proxies
	// Intercept, if set, wraps every authenticated handler once its
	// credential is checked (fault injection for tests and soak runs; see
	// package faults). It is not part of the real request path.
	Intercept func(http.Handler) http.Handler
}

// API serves the HTTP API v1 over a backend. Safe for concurrent use.
type API struct {
	b            *backend.Backend
	log          *slog.Logger
	version      string
	limiter      *lookupLimiter
	metrics      *metrics
	metricsOpen  bool
	metricsToken string
	intercept    func(http.Handler) http.Handler
	walletChecks *addrLimiter // wallet checks per client address
	handler      http.Handler
	notReady     atomic.Bool // the last readiness check failed
	proxies      peer.Proxies
	refused      *logsample.Sampler // the access log's lines of refused requests
	paths        []string           // every route's path (Paths)
}

// New builds the API over b.
func New(b *backend.Backend, opts Options) *API {
	a := &API{b: b, log: opts.Logger, version: opts.Version, limiter: newLookupLimiter(), proxies: opts.Proxies,
		metricsOpen: opts.MetricsOpen, metricsToken: opts.MetricsToken, intercept: opts.Intercept}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	a.walletChecks = newAddrLimiter(walletRate, walletBurst)
	a.refused = logsample.New(logsample.DefaultBurst, logsample.DefaultWindow, b.Now)
	a.metrics = newMetrics(a)
	a.handler = a.routes()
	return a
}

// Handler serves the API: every /v1/ route, /metrics, and JSON errors for
// anything else.
func (a *API) Handler() http.Handler { return a.handler }

// Paths lists the path of every route (with its {wildcards}), each once:
// for tests that walk every route with every method.
func (a *API) Paths() []string { return slices.Clone(a.paths) }

func (a *API) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(patHealth, a.handleHealth)
	mux.HandleFunc(patReady, a.handleReady)
	mux.Handle(patStatus, a.authed(devices, a.handleStatus))
	mux.Handle(patEvents, a.authed(devices, a.handleEvents))
	mux.Handle(patOccupancy, a.authed(devices|operators, a.handleOccupancy))
	mux.Handle(patList, a.authed(devices|operators, a.handleList))
	mux.Handle(patDevice, a.authed(devices, a.handleDevice))
	mux.Handle(patVenueDevice, a.authed(devices|operators, a.handleDevice))
	mux.Handle(patDevices, a.authed(devices|operators, a.handleDevices))
	mux.HandleFunc(patMetrics, a.handleMetrics)
	mux.Handle(patLimits, a.authed(devices|operators, a.handleLimits))
	mux.Handle(patCheckout, a.authed(devices|operators, a.handleCheckout))
	pats := []string{patHealth, patReady, patStatus, patEvents, patOccupancy, patList, patDevice, patVenueDevice, patDevices, patMetrics,
		patLimits, patCheckout}
	pats = append(pats, a.adminRoutes(mux)...)
	pats = append(pats, a.passRoutes(mux)...)
	pats = append(pats, a.walletRoutes(mux)...)
	pats = append(pats, a.registryRoutes(mux)...)
	pats = append(pats, a.ownerRoutes(mux)...)
	// The same paths without a method catch the wrong method, so that a 405
	// has a JSON body like every other error.
	for _, p := range pats {
		method, path, _ := strings.Cut(p, " ")
		a.paths = append(a.paths, path)
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", method)
			writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed; use "+method)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint")
	})
	return a.LogRequests(a.metrics.instrument(a, TextChecked(mux)))
}

func (a *API) handleHealth(w http.ResponseWriter, r *http.Request) {
	a.noteContact(r) // a kiosk's health check names it: alive, maybe idle
	writeJSON(w, http.StatusOK, wire.Health{Status: "ok", Time: a.b.Now().UTC(), Version: a.version})
}

// handleReady is the readiness check for load balancers: 200 while the
// store answers, else 503, so a balancer stops sending kiosks to a replica
// that cannot store anything. /v1/health stays the liveness check (the
// process answers, with its clock) that kiosks use.
func (a *API) handleReady(w http.ResponseWriter, r *http.Request) {
	if err := a.b.Ready(r.Context()); err != nil {
		if !a.notReady.Swap(true) { // the change is logged, not every check
			a.log.LogAttrs(r.Context(), slog.LevelWarn, "not ready: load balancers stop sending requests here",
				slog.String("error", err.Error()))
		}
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusServiceUnavailable, wire.Ready{Status: "not ready", Reason: "the store does not answer",
			Time: a.b.Now().UTC(), Version: a.version})
		return
	}
	if a.notReady.Swap(false) {
		a.log.LogAttrs(r.Context(), slog.LevelInfo, "ready again")
	}
	writeJSON(w, http.StatusOK, wire.Ready{Status: "ready", Time: a.b.Now().UTC(), Version: a.version})
}

func (a *API) handleStatus(w http.ResponseWriter, r *http.Request) {
	var req wire.StatusRequest
	if !decodeBody(w, r, maxStatusBytes, &req) {
		return
	}
	if err := iin.Validate(req.IIN); err != nil {
		writeError(w, http.StatusBadRequest, err.Error()) // the error masks the IIN
		return
	}
	venue := tokenVenue(r)
	if len(req.Device) > MaxIDBytes {
		writeError(w, http.StatusBadRequest, tooLong("device", len(req.Device), MaxIDBytes).msg)
		return
	}
	info(r).device = req.Device
	a.b.CountLookup(venue, req.Device) // throttled lookups count too: the operator sees the abuse
	if ok, wait := a.limiter.allow(info(r).credential, a.b.Now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(wait)))
		writeError(w, http.StatusTooManyRequests,
			fmt.Sprintf("too many status lookups for this token: at most %d a second (bursts of %d)", int(LookupRate), LookupBurst))
		return
	}
	ans, err := a.b.Judge(r.Context(), req.IIN)
	if err != nil {
		a.internalError(w, r, "look up status", err)
		return
	}
	inside, err := a.b.Inside(r.Context(), venue, req.IIN)
	if err != nil {
		a.internalError(w, r, "look up presence", err)
		return
	}
	reason := ans.Reason
	resp := wire.StatusResponse{Status: ans.Status, CheckedAt: a.b.Now().UTC(), Inside: &inside,
		ValidUntil: ans.ValidUntil, Reason: &reason}
	if req.Proof != nil {
		// A pass: was its proof used at another door first? A store that
		// cannot say does not cost the door its status: the kiosk's own
		// memory still refuses a replay there.
		resp.ProofUsed, err = a.b.UseProof(r.Context(), venue, req.Device, *req.Proof)
		var inv *backend.InvalidError
		if errors.As(err, &inv) {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		if err != nil {
			a.log.LogAttrs(r.Context(), slog.LevelError, "use proof", slog.String("error", err.Error()))
		}
	}
	writeJSON(w, http.StatusOK, resp)
}

func (a *API) handleEvents(w http.ResponseWriter, r *http.Request) {
	ri := info(r)
	b, rerr := decodeBatch(w, r)
	ri.device = b.Device // "" when it was over its limit: log lines stay short
	if rerr != nil {
		// The rest of the body is not read: the connection goes with it,
		// or net/http would read on to reuse it.
		w.Header().Set("Connection", "close")
		writeError(w, rerr.code, rerr.msg)
		return
	}
	res, err := a.b.Ingest(r.Context(), tokenVenue(r), b.Device, b.Events)
	if err != nil {
		a.internalError(w, r, "ingest", err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (a *API) handleOccupancy(w http.ResponseWriter, r *http.Request) {
	venue, ok := ownVenue(w, r)
	if !ok {
		return
	}
	occ, err := a.b.Occupancy(r.Context(), venue)
	if err != nil {
		a.internalError(w, r, "occupancy", err)
		return
	}
	writeJSON(w, http.StatusOK, occ)
}

func (a *API) handleList(w http.ResponseWriter, r *http.Request) {
	venue, ok := ownVenue(w, r)
	if !ok {
		return
	}
	limit := defaultListLimit
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, "limit must be a positive whole number")
			return
		}
		limit = min(n, MaxListLimit)
	}
	list, err := a.b.Events(r.Context(), venue, r.URL.Query().Get("after"), limit)
	if errors.Is(err, store.ErrBadCursor) {
		writeError(w, http.StatusBadRequest, "after: "+err.Error())
		return
	}
	if err != nil {
		a.internalError(w, r, "list events", err)
		return
	}
	if !isOperator(r) {
		// A venue's device needs no one's full IIN back; an operator does.
		for i := range list.Events {
			list.Events[i].IIN = iin.Mask(list.Events[i].IIN)
		}
	} else {
		// Who read whose full IIN is recorded before it is shown.
		iins := make([]string, len(list.Events))
		for i, e := range list.Events {
			iins[i] = e.IIN
		}
		if err := a.b.NoteIINRead(r.Context(), info(r).credential, "the events of venue "+venue, iins); err != nil {
			a.internalError(w, r, "list events", err)
			return
		}
	}
	writeJSON(w, http.StatusOK, list)
}

// handleDevice answers for a device of the token's venue (or, with
// /v1/venues/{venue}/devices/{device}, of the path's venue). A device name is
// only ever looked up within that venue, so the answer for a name another
// venue uses is the same 404 as for a name nobody uses.
func (a *API) handleDevice(w http.ResponseWriter, r *http.Request) {
	venue := tokenVenue(r)
	if r.PathValue("venue") != "" {
		var ok bool
		if venue, ok = ownVenue(w, r); !ok {
			return
		}
	}
	device := r.PathValue("device")
	if len(device) > MaxIDBytes {
		writeError(w, http.StatusBadRequest, tooLong("device", len(device), MaxIDBytes).msg)
		return
	}
	info(r).device = device
	rep, err := a.b.Device(r.Context(), venue, device)
	if errors.Is(err, store.ErrUnknownDevice) {
		writeError(w, http.StatusNotFound, "unknown device: it has sent no events to this venue")
		return
	}
	if err != nil {
		a.internalError(w, r, "device report", err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// ownVenue returns the {venue} of the path if the request may see it (an
// operator, or a device token of that venue), and answers 403 otherwise.
func ownVenue(w http.ResponseWriter, r *http.Request) (string, bool) {
	venue := r.PathValue("venue")
	if !isOperator(r) && venue != tokenVenue(r) {
		writeError(w, http.StatusForbidden, "token does not belong to this venue")
		return "", false
	}
	return venue, true
}

// decodeBody decodes a JSON body of at most limit bytes into v, answering
// 413 or 400 itself when it cannot.
func decodeBody(w http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge,
				fmt.Sprintf("request body exceeds %d bytes; send smaller batches", limit))
			return false
		}
		writeError(w, http.StatusBadRequest, "malformed JSON body: "+err.Error())
		return false
	}
	if field, problem := wire.CheckTexts("", v); problem != "" {
		writeError(w, http.StatusBadRequest, field+" "+problem)
		return false
	}
	return true
}

func (a *API) internalError(w http.ResponseWriter, r *http.Request, what string, err error) {
	a.log.LogAttrs(r.Context(), slog.LevelError, what, slog.String("error", err.Error()))
	writeError(w, http.StatusInternalServerError, what+" failed; try again later")
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	// No HTML escaping: its \u0026 could join the digits after it into an
	// IIN that the masking never saw. nosniff keeps the body JSON.
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, wire.ErrorBody{Error: msg})
}

// levelFor is the access log level: failures at WARN; routine health checks
// and metric scrapes, which come every few seconds from every kiosk and
// scraper, at DEBUG; everything else at INFO.
func levelFor(ri *reqInfo, pattern string) slog.Level {
	switch {
	case ri.status >= 500:
		return slog.LevelWarn
	case pattern == patHealth || pattern == patReady || pattern == patMetrics:
		return slog.LevelDebug
	}
	return slog.LevelInfo
}
