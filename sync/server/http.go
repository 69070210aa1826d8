package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

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
	// maxIDBytes bounds event ids, device and venue names, which become keys.
	maxIDBytes = 128
	// maxDoorBytes bounds an event's door name.
	maxDoorBytes = 128
	// maxReasonBytes bounds an event's reason.
	maxReasonBytes = 256
	// maxIINBytes bounds an event's iin (which must have 12 digits anyway).
	maxIINBytes = 12
	// maxWordBytes bounds the enumerated fields: kind, status, source.
	maxWordBytes = 16
	// maxErrorRunes bounds a decoder's message quoted back to a client.
	maxErrorRunes = 200
	// MaxSeq is the largest sequence number accepted: a door scanning once
	// a second for 136 years. A bound keeps a garbage seq (2^64-1) from
	// opening a gap of 2^64 numbers in the device report.
	MaxSeq = 1<<32 - 1

	defaultListLimit = 100
	maxListLimit     = 1000
)

// ConflictError is the rejection of an event whose id the venue already
// holds with other content; the first version stays.
const ConflictError = "conflict: an event with this id is already stored with other content"

// Route patterns, also used by the fault injector and the access log.
const (
	patHealth      = "GET /v1/health"
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

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(patHealth, s.handleHealth)
	mux.Handle(patStatus, s.authed(devices, s.handleStatus))
	mux.Handle(patEvents, s.authed(devices, s.handleEvents))
	mux.Handle(patOccupancy, s.authed(devices|operators, s.handleOccupancy))
	mux.Handle(patList, s.authed(devices|operators, s.handleList))
	mux.Handle(patDevice, s.authed(devices, s.handleDevice))
	mux.Handle(patVenueDevice, s.authed(devices|operators, s.handleDevice))
	mux.Handle(patDevices, s.authed(devices|operators, s.handleDevices))
	mux.HandleFunc(patMetrics, s.handleMetrics)
	mux.Handle(patLimits, s.authed(devices|operators, s.handleLimits))
	mux.Handle(patCheckout, s.authed(devices|operators, s.handleCheckout))
	pats := []string{patHealth, patStatus, patEvents, patOccupancy, patList, patDevice, patVenueDevice, patDevices, patMetrics,
		patLimits, patCheckout}
	pats = append(pats, s.adminRoutes(mux)...)
	pats = append(pats, s.passRoutes(mux)...)
	// The same paths without a method catch the wrong method, so that a 405
	// has a JSON body like every other error.
	for _, p := range pats {
		method, path, _ := strings.Cut(p, " ")
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", method)
			writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed; use "+method)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint")
	})
	return s.logRequests(s.metrics.instrument(s, mux))
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	s.noteContact(r) // a kiosk's health check names it: alive, maybe idle
	writeJSON(w, http.StatusOK, wire.Health{Status: "ok", Time: s.now().UTC(), Version: s.version})
}

func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	var req wire.StatusRequest
	if !decodeBody(w, r, maxStatusBytes, &req) {
		return
	}
	if err := iin.Validate(req.IIN); err != nil {
		writeError(w, http.StatusBadRequest, err.Error()) // the error masks the IIN
		return
	}
	venue := tokenVenue(r)
	if len(req.Device) > maxIDBytes {
		writeError(w, http.StatusBadRequest, tooLong("device", len(req.Device), maxIDBytes).msg)
		return
	}
	info(r).device = req.Device
	s.lookups.add(venue, req.Device) // throttled lookups count too: the operator sees the abuse
	if ok, wait := s.limiter.allow(info(r).credential, s.now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(wait)))
		writeError(w, http.StatusTooManyRequests,
			fmt.Sprintf("too many status lookups for this token: at most %d a second (bursts of %d)", int(lookupRate), lookupBurst))
		return
	}
	st, err := s.st.Status(r.Context(), req.IIN)
	if err != nil {
		s.internalError(w, r, "look up status", err)
		return
	}
	inside, err := s.isInside(r.Context(), venue, req.IIN)
	if err != nil {
		s.internalError(w, r, "look up presence", err)
		return
	}
	writeJSON(w, http.StatusOK, wire.StatusResponse{Status: st, CheckedAt: s.now().UTC(), Inside: inside})
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
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
	events := b.Events
	if s.faults.roll(s.faults.f.PartialRate) && len(events) > 0 {
		// Only a prefix is processed and listed; the client must resend
		// the rest because they are in none of the result lists.
		events = events[:s.faults.intN(len(events))]
	}
	venue := tokenVenue(r)
	res := wire.BatchResult{Accepted: []string{}, Duplicates: []string{}, Rejected: []wire.Rejection{}}
	valid := make([]wire.Event, 0, len(events))
	for _, e := range events {
		if msg := checkEvent(e, venue, b.Device); msg != "" {
			res.Rejected = append(res.Rejected, wire.Rejection{ID: e.ID, Error: msg})
			continue
		}
		valid = append(valid, e)
	}
	ir, err := s.st.Ingest(r.Context(), venue, valid, s.now().UTC())
	if err != nil {
		s.internalError(w, r, "ingest", err)
		return
	}
	res.Accepted = append(res.Accepted, ir.Accepted...)
	res.Duplicates = append(res.Duplicates, ir.Duplicates...)
	res.Rejected = append(res.Rejected, ir.Conflicts...)
	for _, c := range ir.Conflicts {
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "event id conflict: kept the first version",
			slog.String("venue", venue), slog.String("device", b.Device), slog.String("id", c.ID))
	}
	if ir.Reused > 0 {
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "sequence numbers reused",
			slog.String("venue", venue), slog.String("device", b.Device), slog.Int("events", ir.Reused))
	}
	if ri.resetAfter {
		ri.reset = true
		resetConn(w)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// checkEvent returns why an event can never be accepted, or "".
func checkEvent(e wire.Event, venue, batchDevice string) string {
	var msgs []string
	if err := e.Validate(); err != nil {
		msgs = append(msgs, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	if len(e.IIN) == 12 {
		if err := iin.Validate(e.IIN); err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	if e.Seq > MaxSeq {
		msgs = append(msgs, fmt.Sprintf("seq %d is out of range 1..%d", e.Seq, uint64(MaxSeq)))
	}
	if e.Venue != "" && e.Venue != venue {
		msgs = append(msgs, "venue does not match the token's venue")
	}
	if batchDevice != "" && e.Device != "" && e.Device != batchDevice {
		msgs = append(msgs, "device does not match the batch's device")
	}
	return strings.Join(msgs, "; ")
}

func (s *Server) handleOccupancy(w http.ResponseWriter, r *http.Request) {
	venue, ok := ownVenue(w, r)
	if !ok {
		return
	}
	occ, err := s.Occupancy(venue)
	if err != nil {
		s.internalError(w, r, "occupancy", err)
		return
	}
	writeJSON(w, http.StatusOK, occ)
}

func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
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
		limit = min(n, maxListLimit)
	}
	list, err := s.Events(venue, r.URL.Query().Get("after"), limit)
	if errors.Is(err, errBadCursor) {
		writeError(w, http.StatusBadRequest, "after: "+err.Error())
		return
	}
	if err != nil {
		s.internalError(w, r, "list events", err)
		return
	}
	if !isOperator(r) {
		// A venue's device needs no one's full IIN back; an operator does.
		for i := range list.Events {
			list.Events[i].IIN = iin.Mask(list.Events[i].IIN)
		}
	}
	writeJSON(w, http.StatusOK, list)
}

// handleDevice answers for a device of the token's venue (or, with
// /v1/venues/{venue}/devices/{device}, of the path's venue). A device name is
// only ever looked up within that venue, so the answer for a name another
// venue uses is the same 404 as for a name nobody uses.
func (s *Server) handleDevice(w http.ResponseWriter, r *http.Request) {
	venue := tokenVenue(r)
	if r.PathValue("venue") != "" {
		var ok bool
		if venue, ok = ownVenue(w, r); !ok {
			return
		}
	}
	device := r.PathValue("device")
	if len(device) > maxIDBytes {
		writeError(w, http.StatusBadRequest, tooLong("device", len(device), maxIDBytes).msg)
		return
	}
	info(r).device = device
	rep, err := s.Device(venue, device)
	if errors.Is(err, ErrUnknownDevice) {
		writeError(w, http.StatusNotFound, "unknown device: it has sent no events to this venue")
		return
	}
	if err != nil {
		s.internalError(w, r, "device report", err)
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
	return true
}

func (s *Server) internalError(w http.ResponseWriter, r *http.Request, what string, err error) {
	s.log.LogAttrs(r.Context(), slog.LevelError, what, slog.String("error", err.Error()))
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
	case pattern == patHealth || pattern == patMetrics:
		return slog.LevelDebug
	}
	return slog.LevelInfo
}
