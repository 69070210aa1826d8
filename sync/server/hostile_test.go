package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// TestBatchLimitWhileDecoding: the 5,000-event limit holds while the body is
// read. The body sends 5,001 empty events and then stalls, as the head of
// a 16 MB body of millions would: the server must answer 413 from what it
// has, not wait for (and allocate) the rest.
func TestBatchLimitWhileDecoding(t *testing.T) {
	e := newEnv(t, Options{})
	for _, elem := range []string{"{}", "null"} {
		pr, pw := io.Pipe()
		go func() {
			pw.Write([]byte(`{"device":"dev-1","events":[` + elem))
			pw.Write([]byte(strings.Repeat(","+elem, api.MaxBatchEvents)))
			// ... and the rest never comes.
		}()
		req, _ := http.NewRequest("POST", e.ts.URL+"/v1/events", pr)
		req.Header.Set("Authorization", "Bearer "+tokA)
		type answer struct {
			code int
			body string
			err  error
		}
		got := make(chan answer, 1)
		go func() {
			resp, err := e.ts.Client().Do(req)
			if err != nil {
				got <- answer{err: err}
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			got <- answer{code: resp.StatusCode, body: string(b)}
		}()
		select {
		case a := <-got:
			if a.err != nil || a.code != 413 || !strings.Contains(a.body, "at most 5000") {
				t.Errorf("%s: %d %s %v, want 413 naming the limit", elem, a.code, a.body, a.err)
			}
		case <-time.After(20 * time.Second):
			pw.CloseWithError(errors.New("the test gave up")) // lets the server's Close return
			t.Fatalf("%s: no answer while the body stalls after event 5,001: the limit waits for the whole body", elem)
		}
		pw.Close()
	}
}

// TestFieldLimits: every free-text field has a maximum length; a longer one
// is a 400 naming the field, and nothing of the batch is stored.
func TestFieldLimits(t *testing.T) {
	e := newEnv(t, Options{})
	long := func(n int) string { return strings.Repeat("d", n) }
	tests := []struct {
		field string
		edit  func(b *wire.EventBatch)
	}{
		{"device", func(b *wire.EventBatch) { b.Device = long(api.MaxIDBytes + 1) }},
		{"events[1].id", func(b *wire.EventBatch) { b.Events[1].ID = long(api.MaxIDBytes + 1) }},
		{"events[1].device", func(b *wire.EventBatch) { b.Events[1].Device = long(api.MaxIDBytes + 1) }},
		{"events[1].venue", func(b *wire.EventBatch) { b.Events[1].Venue = long(api.MaxIDBytes + 1) }},
		{"events[1].door", func(b *wire.EventBatch) { b.Events[1].Door = long(api.MaxBatchBytes - 4096) }},
		{"events[1].reason", func(b *wire.EventBatch) { b.Events[1].Reason = long(api.MaxReasonBytes + 1) }},
		{"events[1].iin", func(b *wire.EventBatch) { b.Events[1].IIN = long(1000) }},
		{"events[1].kind", func(b *wire.EventBatch) { b.Events[1].Kind = wire.Kind(long(1000)) }},
		{"events[1].status", func(b *wire.EventBatch) { b.Events[1].Status = wire.Status(long(1000)) }},
		{"events[1].source", func(b *wire.EventBatch) { b.Events[1].Source = wire.Source(long(1000)) }},
	}
	for _, tt := range tests {
		b := wire.EventBatch{Device: "dev-1", Events: events(venueA, "dev-1", 1, 3, wire.Entry)}
		tt.edit(&b)
		code, data := e.call("POST", "/v1/events", tokA, b)
		var eb wire.ErrorBody
		_ = json.Unmarshal(data, &eb)
		if code != 400 || !strings.HasPrefix(eb.Error, tt.field+" ") || !strings.Contains(eb.Error, "at most") {
			t.Errorf("%s too long: %d %.200q, want 400 naming it", tt.field, code, eb.Error)
		}
		if len(data) > 1000 {
			t.Errorf("%s: the answer is %d bytes: it echoes the field", tt.field, len(data))
		}
	}
	if n, _ := e.srv.EventCount(venueA); n != 0 {
		t.Errorf("refused batches stored %d events", n)
	}
	// At the limits, everything is accepted.
	b := wire.EventBatch{Device: long(api.MaxIDBytes), Events: events(venueA, long(api.MaxIDBytes), 1, 1, wire.Refusal)}
	b.Events[0].Door, b.Events[0].Reason = long(api.MaxDoorBytes), long(api.MaxReasonBytes)
	if res := e.send(tokA, b.Device, b.Events...); len(res.Accepted) != 1 {
		t.Errorf("an event at every limit: %+v", res)
	}
}

// TestStatusDeviceLimit: /v1/status names an over-long device too.
func TestStatusDeviceLimit(t *testing.T) {
	e := newEnv(t, Options{})
	code, data := e.call("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "900101300017", Device: strings.Repeat("d", api.MaxIDBytes+1)})
	if code != 400 || !strings.Contains(string(data), "device ") {
		t.Errorf("status with a long device: %d %s", code, data)
	}
}

// TestLogCarriesNoLongClientString: a client string in a log line is cut
// short, however long it was sent.
func TestLogCarriesNoLongClientString(t *testing.T) {
	log, buf := newTestLogger()
	e := newEnv(t, Options{Logger: log})
	b := wire.EventBatch{Device: "dev-1", Events: events(venueA, "dev-1", 1, 1, wire.Entry)}
	e.send(tokA, "dev-1", b.Events...)
	b.Events[0].Door = "other door" // a conflict: logged with venue, device, id
	e.send(tokA, "dev-1", b.Events...)
	e.call("POST", "/v1/events", tokA, []byte(`{"device":"dev-1","events":[{"scanned_at":"`+strings.Repeat("9", 100000)+`"}]}`))
	e.call("POST", "/v1/events", tokA, wire.EventBatch{Device: strings.Repeat("d", 100000)})
	e.call("GET", "/v1/devices/"+strings.Repeat("d", 100000), tokA, nil)
	for _, line := range strings.Split(buf.String(), "\n") {
		if len(line) > 2000 {
			t.Errorf("a log line of %d bytes: %.300s", len(line), line)
		}
	}
	if !strings.Contains(buf.String(), "event id conflict") {
		t.Errorf("the conflict was not logged:\n%s", buf.String())
	}
}

// TestListPageByteBound: a listing page is bounded in bytes as well as in
// events. Events stored before the field limits existed can be huge (a
// 10 MB door took a page to 300 MB); a page stops at store.ListPageBytes and the
// cursor carries on, so paging still returns every event once.
func TestListPageByteBound(t *testing.T) {
	e := newEnv(t, Options{})
	evs := events(venueA, "dev-1", 1, 30, wire.Entry)
	for i := range evs {
		evs[i].Door = strings.Repeat("d", 100<<10) // as stored by an older server
	}
	if _, err := e.srv.st.Ingest(t.Context(), venueA, evs, time.Now()); err != nil {
		t.Fatal(err)
	}
	seen, pages, cursor := 0, 0, ""
	for {
		code, data := e.call("GET", "/v1/venues/"+venueA+"/events?limit=1000&after="+cursor, tokA, nil)
		if code != 200 {
			t.Fatalf("list: %d %.200s", code, data)
		}
		if len(data) > store.ListPageBytes+64<<10 {
			t.Errorf("page %d is %d bytes; the bound is %d", pages, len(data), store.ListPageBytes)
		}
		var page wire.EventList
		if err := json.Unmarshal(data, &page); err != nil {
			t.Fatal(err)
		}
		seen += len(page.Events)
		pages++
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	if seen != 30 || pages < 3 {
		t.Errorf("paging returned %d events in %d pages, want 30 in several", seen, pages)
	}
}

// lookup posts one status lookup straight to the handler, as device.
func lookup(h http.Handler, token, device string) *httptest.ResponseRecorder {
	body, _ := json.Marshal(wire.StatusRequest{IIN: "900101300017", Device: device})
	req := httptest.NewRequest("POST", "/v1/status", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestStatusLookupRateLimit: one token reading statuses as fast as it can
// gets 429 with Retry-After once its burst is spent; a busy door (a lookup
// a second for an hour, bursts of a queue at opening) never does; another
// token is not slowed by the first; every lookup is counted for its device.
func TestStatusLookupRateLimit(t *testing.T) {
	srv, err := Open(Options{DataDir: t.TempDir(), Tokens: testTokens()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	srv.now = func() time.Time { return now }
	h := srv.Handler()
	// Lookups alone do not make a device; door-1 has sent an event.
	body, _ := json.Marshal(wire.EventBatch{Device: "door-1", Events: events(venueA, "door-1", 1, 1, wire.Entry)})
	req := httptest.NewRequest("POST", "/v1/events", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tokA)
	h.ServeHTTP(httptest.NewRecorder(), req)

	// A busy door: a queue of 50 at opening, then one a second for an hour.
	for i := range 50 + 3600 {
		if i >= 50 {
			now = now.Add(time.Second)
		}
		if rec := lookup(h, tokA, "door-1"); rec.Code != 200 {
			t.Fatalf("busy door, lookup %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	// A scraper: 1,000 lookups at one instant.
	ok, limited := 0, 0
	for range 1000 {
		rec := lookup(h, tokA, "door-1") // a scraper with door-1's token
		switch rec.Code {
		case 200:
			ok++
		case 429:
			limited++
			if ra, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || ra < 1 {
				t.Fatalf("429 without a usable Retry-After: %q", rec.Header().Get("Retry-After"))
			}
		default:
			t.Fatalf("scraper: %d %s", rec.Code, rec.Body)
		}
	}
	if ok > api.LookupBurst || limited < 1000-api.LookupBurst {
		t.Errorf("scraper: %d answered, %d limited; want at most %d answered", ok, limited, api.LookupBurst)
	}
	if rec := lookup(h, tokB, "other-door"); rec.Code != 200 {
		t.Errorf("another token is limited by the first: %d", rec.Code)
	}
	srv.b.FlushLookups()
	rep, err := srv.Device(venueA, "door-1")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Lookups != 50+3600+1000 {
		t.Errorf("door-1's lookups counted %d, want %d", rep.Lookups, 50+3600+1000)
	}
}
