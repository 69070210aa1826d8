package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// requestError is a request the server refuses as a whole: code and a
// message that names the field, safe to send (never the field's value).
type requestError struct {
	code int
	msg  string
}

func (e *requestError) Error() string { return e.msg }

// fieldLimit is the most bytes one string field may hold; docs/api.md lists
// them all.
type fieldLimit struct {
	name string
	max  int
	get  func(*wire.Event) string
}

var eventLimits = []fieldLimit{
	{"id", MaxIDBytes, func(e *wire.Event) string { return e.ID }},
	{"device", MaxIDBytes, func(e *wire.Event) string { return e.Device }},
	{"venue", MaxIDBytes, func(e *wire.Event) string { return e.Venue }},
	{"door", MaxDoorBytes, func(e *wire.Event) string { return e.Door }},
	{"reason", MaxReasonBytes, func(e *wire.Event) string { return e.Reason }},
	{"iin", maxIINBytes, func(e *wire.Event) string { return e.IIN }},
	{"kind", maxWordBytes, func(e *wire.Event) string { return string(e.Kind) }},
	{"status", maxWordBytes, func(e *wire.Event) string { return string(e.Status) }},
	{"source", maxWordBytes, func(e *wire.Event) string { return string(e.Source) }},
	{"staff", wire.MaxStaff, func(e *wire.Event) string { return e.Staff }},
}

func tooLong(field string, n, max int) *requestError {
	return &requestError{http.StatusBadRequest, fmt.Sprintf("%s is %d bytes; at most %d", field, n, max)}
}

// decodeBatch reads a /v1/events body token by token, so that the batch
// limit and the field limits hold while it is read: the 5,001st event is a
// 413 before it is allocated, and the server stops reading there. Memory
// stays a small multiple of the body limit, whatever the body holds (a 16
// MiB body of five million empty events used to take 2.9 GB).
func decodeBatch(w http.ResponseWriter, r *http.Request) (wire.EventBatch, *requestError) {
	var b wire.EventBatch
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBatchBytes))
	if err := expectDelim(dec, '{'); err != nil {
		return b, err
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return b, malformed(err)
		}
		// encoding/json matches keys without regard to case; so does this.
		switch k, _ := key.(string); {
		case strings.EqualFold(k, "device"):
			if err := dec.Decode(&b.Device); err != nil {
				return b, malformed(err)
			}
			if len(b.Device) > MaxIDBytes {
				n := len(b.Device)
				b.Device = ""
				return b, tooLong("device", n, MaxIDBytes)
			}
			if p := wire.TextProblem(b.Device); p != "" {
				b.Device = ""
				return b, &requestError{http.StatusBadRequest, "device " + p}
			}
		case strings.EqualFold(k, "sent_at"):
			if err := dec.Decode(&b.SentAt); err != nil {
				return b, malformed(err)
			}
		case strings.EqualFold(k, "events"):
			if err := decodeEvents(dec, &b); err != nil {
				return b, err
			}
		default: // a newer kiosk's field: skipped, as before
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return b, malformed(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return b, malformed(err)
	}
	return b, nil
}

// decodeEvents reads the events array (or null), one event at a time.
func decodeEvents(dec *json.Decoder, b *wire.EventBatch) *requestError {
	tok, err := dec.Token()
	if err != nil {
		return malformed(err)
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return &requestError{http.StatusBadRequest, "malformed JSON body: events must be an array"}
	}
	b.Events = make([]wire.Event, 0, 64)
	for dec.More() {
		if len(b.Events) == MaxBatchEvents {
			return &requestError{http.StatusRequestEntityTooLarge,
				fmt.Sprintf("batch has more than %d events; at most %d per batch", MaxBatchEvents, MaxBatchEvents)}
		}
		var e wire.Event
		if err := dec.Decode(&e); err != nil {
			return malformed(err)
		}
		for _, l := range eventLimits {
			if n := len(l.get(&e)); n > l.max {
				return tooLong(fmt.Sprintf("events[%d].%s", len(b.Events), l.name), n, l.max)
			}
		}
		if field, p := wire.CheckTexts("", &e); p != "" { // the path is built only for a refusal
			return &requestError{http.StatusBadRequest, fmt.Sprintf("events[%d].%s %s", len(b.Events), field, p)}
		}
		b.Events = append(b.Events, e)
	}
	return expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, want json.Delim) *requestError {
	tok, err := dec.Token()
	if err != nil {
		return malformed(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return &requestError{http.StatusBadRequest, fmt.Sprintf("malformed JSON body: want %q", string(want))}
	}
	return nil
}

// malformed turns a decoding error into its answer: 413 past the body
// limit, else 400 with the decoder's reason, cut short (a time that does not
// parse is quoted by encoding/json, and the client chose its length).
func malformed(err error) *requestError {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &requestError{http.StatusRequestEntityTooLarge,
			fmt.Sprintf("request body exceeds %d bytes; send smaller batches", tooBig.Limit)}
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	// A type error's message quotes the whole value (16 MiB of digits, say):
	// say what was wanted instead, without it.
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		found, _, _ := strings.Cut(ute.Value[:min(len(ute.Value), 16)], " ")
		field := ute.Field
		if field == "" {
			field = "a value"
		}
		return &requestError{http.StatusBadRequest, safetext.Clean(
			fmt.Sprintf("malformed JSON body: %s must be %s, not a %s", field, ute.Type, found), maxErrorRunes)}
	}
	return &requestError{http.StatusBadRequest, "malformed JSON body: " + safetext.Clean(err.Error(), maxErrorRunes)}
}
