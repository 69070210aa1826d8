package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// TestJSONBodyAddsNoHexDigits: a JSON answer quoting client text adds no
// \u escape of its own. encoding/json's default HTML escaping writes "&" as
// \u0026, whose digits join the digits after it: "a=1&00101300004" reads
// 600101300004, a valid IIN, in the bytes on the wire.
func TestJSONBodyAddsNoHexDigits(t *testing.T) {
	rec := httptest.NewRecorder()
	writeError(rec, http.StatusBadRequest, "bad query (a=1&00101300004 <b>)")
	body := rec.Body.String()
	if found := iin.FindValid(body); found != "" {
		t.Fatalf("the body shows IIN %s: %s", iin.Mask(found), body)
	}
	if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff: the body is not HTML-escaped", got)
	}
	var eb wire.ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &eb); err != nil || !strings.Contains(eb.Error, "&00101300004 <b>") {
		t.Fatalf("body %s does not decode to the message: %v", body, err)
	}
}
