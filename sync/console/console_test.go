package console

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store/boltstore"
)

// The templates are parsed on the first page, not when the package loads or
// the console is built: a kiosk that embeds the server for its demo never
// parses them.
func TestTemplatesParsedOnFirstUse(t *testing.T) {
	st, err := boltstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b := backend.New(st, backend.Options{})
	defer b.Close()
	h := New(b, Options{}).Handler()
	if parsed.Load() {
		t.Fatal("the templates were parsed before any page was asked for")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ui/login", nil))
	if rec.Code != http.StatusOK || !parsed.Load() {
		t.Errorf("login page: %d, parsed %v", rec.Code, parsed.Load())
	}
}
