package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"

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
//
// It reads with encoding/json's successor (jsontext and json v2, which
// read each event in one pass where encoding/json's Decoder scans it
// twice: the server's largest cost per event after the store), set to
// read what encoding/json read: keys in any case (but not without their
// underscores), a key twice (the last wins), invalid UTF-8 (as U+FFFD),
// times as loosely, unknown keys skipped.
func decodeBatch(w http.ResponseWriter, r *http.Request) (wire.EventBatch, *requestError) {
	var b wire.EventBatch
	dec := jsontext.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBatchBytes), decodeOptions)
	if err := expectDelim(dec, '{'); err != nil {
		return b, err
	}
	for dec.PeekKind() == '"' {
		key, err := dec.ReadToken()
		if err != nil {
			return b, malformed(err)
		}
		switch k := key.String(); {
		case strings.EqualFold(k, "device"):
			if err := json.UnmarshalDecode(dec, &b.Device, decodeOptions); err != nil {
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
			if err := json.UnmarshalDecode(dec, &b.SentAt, decodeOptions); err != nil {
				return b, malformed(err)
			}
		case strings.EqualFold(k, "events"):
			if err := decodeEvents(dec, &b); err != nil {
				return b, err
			}
		default: // a newer kiosk's field: skipped, as before
			if err := dec.SkipValue(); err != nil {
				return b, malformed(err)
			}
		}
	}
	return b, expectDelim(dec, '}')
}

// decodeOptions make jsontext and json v2 read a body as encoding/json did.
var decodeOptions = json.JoinOptions(
	json.MatchCaseInsensitiveNames(true),
	jsonv1.MatchCaseSensitiveDelimiter(true), // "scannedat" is not scanned_at
	jsonv1.ParseTimeWithLooseRFC3339(true),   // an offset of +24:00, say
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
)

// firstEvents is the room decodeEvents makes for a batch's events before it
// knows how many come: a door's usual batch, so most never grow.
const firstEvents = 8

// decodeEvents reads the events array (or null), one event at a time.
func decodeEvents(dec *jsontext.Decoder, b *wire.EventBatch) *requestError {
	switch dec.PeekKind() {
	case 'n':
		if _, err := dec.ReadToken(); err != nil {
			return malformed(err)
		}
		return nil
	case '[':
	default:
		if err := dec.SkipValue(); err != nil { // a syntax error says so first
			return malformed(err)
		}
		return &requestError{http.StatusBadRequest, "malformed JSON body: events must be an array"}
	}
	if err := expectDelim(dec, '['); err != nil {
		return err
	}
	b.Events = make([]wire.Event, 0, firstEvents)
	for dec.PeekKind() != ']' {
		if len(b.Events) == MaxBatchEvents {
			return &requestError{http.StatusRequestEntityTooLarge,
				fmt.Sprintf("batch has more than %d events; at most %d per batch", MaxBatchEvents, MaxBatchEvents)}
		}
		var e wire.Event
		if err := json.UnmarshalDecode(dec, &e, decodeOptions); err != nil {
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

func expectDelim(dec *jsontext.Decoder, want jsontext.Kind) *requestError {
	tok, err := dec.ReadToken()
	if err != nil {
		return malformed(err)
	}
	if tok.Kind() != want {
		return &requestError{http.StatusBadRequest, fmt.Sprintf("malformed JSON body: want %q", string(want))}
	}
	return nil
}

// malformed turns a decoding error into its answer: 413 past the body
// limit, else 400 with the decoder's reason, cut short and masked. A type
// error is said from its parts (the place, the type wanted, the kind
// found), never with the value, which the client chose (16 MiB of digits,
// or an IIN).
func malformed(err error) *requestError {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &requestError{http.StatusRequestEntityTooLarge,
			fmt.Sprintf("request body exceeds %d bytes; send smaller batches", tooBig.Limit)}
	}
	var se *json.SemanticError
	if errors.As(err, &se) {
		field := place(se.JSONPointer)
		if field == "" {
			field = "a value"
		}
		want := "a valid value"
		if se.GoType != nil {
			want = se.GoType.String()
		}
		return &requestError{http.StatusBadRequest, safetext.Clean(
			fmt.Sprintf("malformed JSON body: %s must be %s, not %s", field, want, kindName(se.JSONKind)), maxErrorRunes)}
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return &requestError{http.StatusBadRequest, "malformed JSON body: " + safetext.Clean(err.Error(), maxErrorRunes)}
}

// place names a member by its JSON pointer as the API's other refusals do:
// "/events/17/seq" is "events[17].seq".
func place(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.ParseUint(tok, 10, 31); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// kindName is what a JSON value of kind k is called in a refusal.
func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 'f', 't':
		return "a boolean"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "what was sent"
}
