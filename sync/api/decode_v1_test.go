package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/wire"
)

// The reader decodeBatch replaced (encoding/json's Decoder, token by
// token), kept as the oracle: decodeBatch must accept and refuse the same
// bodies and read the same batches from them.

func v1DecodeBatch(w http.ResponseWriter, r *http.Request) (wire.EventBatch, *requestError) {
	var b wire.EventBatch
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBatchBytes))
	if err := v1ExpectDelim(dec, '{'); err != nil {
		return b, err
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return b, v1Malformed(err)
		}
		// encoding/json matches keys without regard to case; so does this.
		switch k, _ := key.(string); {
		case strings.EqualFold(k, "device"):
			if err := dec.Decode(&b.Device); err != nil {
				return b, v1Malformed(err)
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
				return b, v1Malformed(err)
			}
		case strings.EqualFold(k, "events"):
			if err := v1DecodeEvents(dec, &b); err != nil {
				return b, err
			}
		default: // a newer kiosk's field: skipped, as before
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return b, v1Malformed(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return b, v1Malformed(err)
	}
	return b, nil
}

// decodeEvents reads the events array (or null), one event at a time.
func v1DecodeEvents(dec *json.Decoder, b *wire.EventBatch) *requestError {
	tok, err := dec.Token()
	if err != nil {
		return v1Malformed(err)
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
			return v1Malformed(err)
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
	return v1ExpectDelim(dec, ']')
}

func v1ExpectDelim(dec *json.Decoder, want json.Delim) *requestError {
	tok, err := dec.Token()
	if err != nil {
		return v1Malformed(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return &requestError{http.StatusBadRequest, fmt.Sprintf("malformed JSON body: want %q", string(want))}
	}
	return nil
}

func v1Malformed(err error) *requestError {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &requestError{http.StatusRequestEntityTooLarge, "too large"}
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return &requestError{http.StatusBadRequest, "malformed JSON body: " + err.Error()}
}

func decodeBoth(t testing.TB, body []byte) (got, want wire.EventBatch, gotErr, wantErr *requestError) {
	t.Helper()
	req := func() (http.ResponseWriter, *http.Request) {
		return httptest.NewRecorder(), httptest.NewRequest("POST", "/v1/events", bytes.NewReader(body))
	}
	got, gotErr = decodeBatch(req())
	want, wantErr = v1DecodeBatch(req())
	return got, want, gotErr, wantErr
}

// sameBatch compares two batches by their JSON: every field, times by
// instant and zone offset, an empty events list as none.
func sameBatch(a, b wire.EventBatch) bool {
	norm := func(x wire.EventBatch) string {
		if len(x.Events) == 0 {
			x.Events = nil
		}
		out, _ := json.Marshal(x)
		return string(out)
	}
	return norm(a) == norm(b)
}

func checkAsBefore(t testing.TB, body []byte) {
	t.Helper()
	got, want, gotErr, wantErr := decodeBoth(t, body)
	switch {
	case (gotErr == nil) != (wantErr == nil):
		t.Fatalf("%q: decodeBatch says %v, encoding/json's reader said %v", body, gotErr, wantErr)
	case gotErr != nil && gotErr.code != wantErr.code:
		t.Fatalf("%q: decodeBatch answers %d (%s), encoding/json's reader %d (%s)", body, gotErr.code, gotErr.msg, wantErr.code, wantErr.msg)
	case gotErr == nil && !sameBatch(got, want):
		t.Fatalf("%q: decodeBatch read %+v, encoding/json's reader %+v", body, got, want)
	}
}

// decodeSeeds are bodies where encoding/json is lenient or particular.
var decodeSeeds = []string{
	`{"device":"d-1","sent_at":"2026-12-07T10:00:00Z","events":[{"id":"a","device":"d-1","seq":1,"venue":"v","door":"main","kind":"entry","iin":"900101300018","status":"green","source":"online","scanned_at":"2026-12-07T09:59:59.123456789+05:00"}]}`,
	`{"DEVICE":"d-1","Events":[{"ID":"a","Seq":2,"KIND":"exit","Scanned_At":"2026-12-07T09:59:59Z"}]}`,
	`{"device":"d-1","device":"d-2","events":[{"id":"a","id":"b","seq":1,"seq":2}]}`,
	`{"device":"d-\u00e9","events":null}`,
	`{"device":"d\ud800x","events":[]}`,
	"{\"device\":\"d\xff\",\"events\":[]}",
	`{"device":"d","events":[{"id":"a","extra":{"x":[1,2,{"y":null}]},"seq":3}],"pad":[true,false,null,1.5e3]}`,
	`{"events":[{"seq":-1}]}`, `{"events":[{"seq":1.0}]}`, `{"events":[{"seq":1e2}]}`, `{"events":[{"seq":"1"}]}`,
	`{"events":[{"seq":18446744073709551616}]}`, `{"events":[{"iin":900101300018}]}`, `{"events":[{"scanned_at":""}]}`,
	`{"events":[{"scanned_at":"2026-12-07 10:00:00Z"}]}`, `{"events":[{"kind":null,"id":null,"seq":null}]}`,
	`{"events":"many"}`, `{"events":{"a":1}}`, `{"events":[1]}`, `{"events":[null]}`, `{"events":[[]]}`,
	`{"device":5}`, `{"device":"d","sent_at":5}`, `{"device":"d"} trailing`, `{"device":"d"}{"device":"e"}`,
	`[]`, `null`, `"x"`, ``, `{`, `{"device"`, `{"device":`, `{"events":[`, `{"events":[{"id":"a"}`, `{,}`,
	`{"device":"d",}`, `{"events":[{"id":"a"},]}`, `{"a":1 "b":2}`, ` { "device" : "d" , "events" : [ ] } `,
	`{"device":"\u0000"}`, `{"device":"a\u200bb"}`, `{"events":[{"door":"\u001b[2J"}]}`,
	`{"\u0064evice":"d-1"}`, `{"devic\u0065":"d-1","events":[{"\u0069d":"x"}]}`, `{"device":"d","events":[{"id":"x","ID":"y"}]}`,
	`{"dev\u212Ace":"d"}`, `{"events":[{"\u212Aind":"exit"}]}`, `{"events":[{"Scanned_at":"2026-12-07T10:00:00+24:00"}]}`,
	`{"events":[{"scannedat":"2026-12-07T10:00:00Z","scanned-at":"2026-12-07T10:00:00Z","SCANNED_AT":"2026-12-07T10:00:00,5Z"}]}`,
	`{"events":[{"scanned_at":"2026-12-07T1:00:00Z"}]}`, `{"events":[{"scanned_at":"2026-12-07T10:00:00.Z"}]}`,
}

func TestDecodeBatchReadsAsEncodingJSONDid(t *testing.T) {
	for _, s := range decodeSeeds {
		checkAsBefore(t, []byte(s))
	}
	// the limits hold as before
	long := strings.Repeat("x", MaxIDBytes+1)
	for _, s := range []string{`{"device":"` + long + `"}`, `{"events":[{"door":"` + strings.Repeat("d", MaxDoorBytes+1) + `"}]}`,
		`{"events":[` + strings.Repeat(`{},`, MaxBatchEvents) + `{}]}`, `{"events":[{"id":"` + long + `"}]}`} {
		checkAsBefore(t, []byte(s))
	}
}

func TestDecodeBatchRefusalsNameThePlaceNotTheValue(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"events":[{"id":"a"},{"iin":900101300018}]}`, "events[1].iin must be string, not a number"},
		{`{"events":[{"seq":"7"}]}`, "events[0].seq must be uint64, not a string"},
		{`{"device":["d"]}`, "device must be string, not an array"},
		{`{"events":"many"}`, "events must be an array"},
		{`{"events":[{"id":"a"}`, "malformed JSON body"},
	}
	for _, tt := range tests {
		_, err := decodeBatch(httptest.NewRecorder(), httptest.NewRequest("POST", "/v1/events", strings.NewReader(tt.body)))
		if err == nil || err.code != 400 || !strings.Contains(err.msg, tt.want) || strings.Contains(err.msg, "900101300018") {
			t.Errorf("%s: got %v, want 400 saying %q and no IIN", tt.body, err, tt.want)
		}
	}
}

func FuzzDecodeBatchAsEncodingJSON(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkAsBefore(t, body)
	})
}
