package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestWaitForAcrossANavigation: an expression that is still running when
// the page is replaced (a form posted, a redirect) gets an error from the
// browser, not an answer. WaitFor takes that for "not there yet" and asks
// the next document; any other error still fails the test. Before, the
// console's test failed on such a moment ("Inspected target navigated or
// closed") although the page it waited for came.
func TestWaitForAcrossANavigation(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/next" {
			fmt.Fprint(w, `<!doctype html><p id="q">the question</p>`)
			return
		}
		fmt.Fprint(w, `<!doctype html><p>the form</p>`)
	}))
	defer srv.Close()
	p := New(t, Options{})
	p.Open(srv.URL + "/")
	// The expression waits on a promise that only the navigation it starts
	// ends: the browser answers with its "navigated" error, every time.
	err := p.eval(`new Promise(() => { setTimeout(() => { location.href = "/next" }, 50) })`, nil)
	if err == nil || !navigating(err) {
		t.Fatalf("an expression cut short by a navigation: %v, want the browser's navigation error", err)
	}
	p.WaitFor("the next page", `document.querySelector("#q")`, 30*time.Second)
	if got := p.Text("#q"); got != "the question" {
		t.Errorf("the next page says %q", got)
	}
	if err := p.eval(`no_such_name`, nil); err == nil || navigating(err) {
		t.Errorf("a script error %v taken for a navigation", err)
	}
}
