package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/wire"
)

// badTexts are strings neither store can keep the same way: PostgreSQL
// refuses a NUL in text and bytes that are not UTF-8, bbolt keeps them.
var badTexts = map[string]string{"NUL": "a\x00b", "invalid UTF-8": "a\xffb", "lone NUL": "\x00"}

// wantTextRefusal checks the answer to a request carrying a bad string in
// field: a 400 that names the field and says what is wrong, in the same
// words on both stores, never PostgreSQL's own text.
func wantTextRefusal(t *testing.T, what string, code int, body []byte, field string) {
	t.Helper()
	var eb wire.ErrorBody
	_ = json.Unmarshal(body, &eb)
	if code != http.StatusBadRequest || !strings.HasPrefix(eb.Error, field+" ") ||
		!(strings.Contains(eb.Error, "NUL") || strings.Contains(eb.Error, "UTF-8")) {
		t.Errorf("%s: %d %.300q, want 400 naming %s", what, code, eb.Error, field)
	}
	for _, pg := range []string{"SQLSTATE", "invalid byte sequence", "0x00", "pgx", "encoding \"UTF8\""} {
		if strings.Contains(eb.Error, pg) {
			t.Errorf("%s: the answer quotes the database: %q", what, eb.Error)
		}
	}
}

// A NUL, or bytes that are not UTF-8, in any string a client sends (an
// event's field, a path segment, a query parameter, a label, a lookup's
// device) is the same specific 400 naming the field on both stores. Before,
// PostgreSQL answered a whole batch with a retryable 500 (the kiosk would
// have retried it forever), a device path with 500 and an ERROR in the log,
// and an admin label with its own error text; bbolt stored them.
func TestBadTextIsTheSame400OnBothStores(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{Operators: map[string]string{opSecret: "ops"}})
		for name, bad := range badTexts {
			// Event fields (JSON turns raw bytes that are not UTF-8 into
			// U+FFFD, so only the NUL reaches an event).
			if name != "invalid UTF-8" {
				for field, edit := range map[string]func(*wire.EventBatch){
					"device":           func(b *wire.EventBatch) { b.Device = bad },
					"events[1].door":   func(b *wire.EventBatch) { b.Events[1].Door = bad },
					"events[1].reason": func(b *wire.EventBatch) { b.Events[1].Reason = bad },
					"events[1].id":     func(b *wire.EventBatch) { b.Events[1].ID = bad },
					"events[1].device": func(b *wire.EventBatch) { b.Events[1].Device = bad },
					"events[1].venue":  func(b *wire.EventBatch) { b.Events[1].Venue = bad },
				} {
					b := wire.EventBatch{Device: "dev-1", Events: events(venueA, "dev-1", 1, 3, wire.Entry)}
					edit(&b)
					code, body := e.call("POST", "/v1/events", tokA, b)
					wantTextRefusal(t, name+" in "+field, code, body, field)
				}
				code, body := e.call("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "900101300017", Device: bad})
				wantTextRefusal(t, name+" in a lookup's device", code, body, "device")
				code, body = e.call("POST", "/v1/admin/tokens", opSecret, map[string]string{"venue": venueA, "label": bad})
				wantTextRefusal(t, name+" in a token label", code, body, "label")
				code, body = e.call("POST", "/v1/admin/tokens", opSecret, map[string]string{"venue": "v" + bad})
				wantTextRefusal(t, name+" in a token's venue", code, body, "venue")
			}
			esc := pathEscapeRaw(bad)
			for _, c := range []struct{ method, path, token, field string }{
				{"GET", "/v1/devices/" + esc, tokA, "device"},
				{"GET", "/v1/venues/" + venueA + "/devices/" + esc, tokA, "device"},
				{"GET", "/v1/venues/" + esc + "/devices", opSecret, "venue"},
				{"GET", "/v1/venues/" + esc + "/occupancy", opSecret, "venue"},
				{"GET", "/v1/venues/" + esc + "/events", opSecret, "venue"},
				{"PUT", "/v1/admin/venues/" + esc, opSecret, "venue"},
				{"DELETE", "/v1/admin/tokens/d-" + esc, opSecret, "id"},
				{"POST", "/v1/passes/" + esc + "/revoke", opSecret, "id"},
				{"GET", "/v1/venues/" + venueA + "/events?after=" + esc, tokA, "after"},
				{"GET", "/v1/denylist?after=" + esc, tokA, "after"},
				{"GET", "/ui/venues/" + esc, opSecret, "venue"},
				{"GET", "/ui/venues/" + venueA + "/devices/" + esc, opSecret, "device"},
			} {
				var body any
				if c.method == "PUT" {
					body = map[string]int{"capacity": 3}
				}
				code, data := e.call(c.method, c.path, c.token, body)
				wantTextRefusal(t, name+" in "+c.method+" "+c.path, code, data, c.field)
			}
		}
		// Nothing of it was stored.
		if n, _ := e.srv.EventCount(venueA); n != 0 {
			t.Errorf("%d events stored", n)
		}
	})
}

// pathEscapeRaw escapes every byte that is not a letter or digit, so a NUL
// or a byte that is not UTF-8 reaches the server's path as itself.
func pathEscapeRaw(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
	}
	return b.String()
}

// A device named with bad text in the device header is not remembered as a
// contact: it would be a label no scrape can carry (before, the metrics
// endpoint failed for everyone once one device had such a name).
func TestBadDeviceHeaderKeepsMetricsWorking(t *testing.T) {
	e := newEnv(t, Options{MetricsOpen: true})
	// net/http refuses a NUL in a header on both ends; bytes that are not
	// UTF-8 pass.
	for _, bad := range []string{"a\xffb", "\xc3", "\xed\xa0\x80"} {
		if code := e.doDevice("GET", "/v1/health", tokA, bad, nil); code != http.StatusOK {
			t.Errorf("health with a bad device name: %d", code)
		}
	}
	e.doDevice("GET", "/v1/health", tokA, "good-door", nil)
	m := scrape(t, e.ts.URL, "")
	if _, ok := m[`ashyq_server_device_silent{device="good-door",venue="venue-a"}`]; !ok {
		t.Errorf("the good device is missing from the metrics")
	}
	list := wire.DeviceList{}
	e.callJSON("GET", "/v1/venues/"+venueA+"/devices", tokA, nil, 200, &list)
	if len(list.Devices) != 1 {
		t.Errorf("device list: %+v", list.Devices)
	}
}
