package api

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ashyq/kiosk/sync/wire"
)

// patternMatcher is what TextChecked learns route patterns from: an
// *http.ServeMux.
type patternMatcher interface {
	Handler(r *http.Request) (h http.Handler, pattern string)
}

// TextChecked refuses a request whose path segments or query parameters
// carry a string no store keeps the same way (wire.TextProblem: a NUL, bytes
// that are not UTF-8) with a 400 that names the parameter, before next sees
// it. When next is a ServeMux the path parameters are named by its
// patterns' wildcards ("device", "venue"); otherwise "path". Every face
// (the API, the console) is wrapped, so a route added later is covered
// without a line of its own; JSON bodies are checked by their decoders.
func TextChecked(next http.Handler) http.Handler {
	mux, _ := next.(patternMatcher)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if field, problem := requestText(mux, r); problem != "" {
			writeError(w, http.StatusBadRequest, field+" "+problem)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requestText finds the first path segment or query parameter that is not
// fit to keep as text.
func requestText(mux patternMatcher, r *http.Request) (field, problem string) {
	if p := wire.TextProblem(r.URL.Path); p != "" {
		field = "path"
		if mux != nil {
			_, pattern := mux.Handler(r)
			field = wildcardAt(pattern, r.URL.EscapedPath())
		}
		return field, p
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "query", "is not a valid query string"
	}
	for k, vs := range q {
		if p := wire.TextProblem(k); p != "" {
			return "query parameter name", p
		}
		for _, v := range vs {
			if p := wire.TextProblem(v); p != "" {
				return safeName(k), p
			}
		}
	}
	return "", ""
}

// wildcardAt names the wildcard of pattern ("GET /v1/devices/{device}")
// whose segment of the escaped path holds the bad text, or "path".
func wildcardAt(pattern, escaped string) string {
	_, pat, _ := strings.Cut(pattern, " ")
	if pat == "" {
		pat = pattern
	}
	pats := strings.Split(strings.TrimPrefix(pat, "/"), "/")
	segs := strings.Split(strings.TrimPrefix(escaped, "/"), "/")
	for i, ps := range pats {
		if i >= len(segs) {
			break
		}
		name, ok := strings.CutPrefix(ps, "{")
		if !ok {
			continue
		}
		name = strings.TrimSuffix(strings.TrimSuffix(name, "}"), "...")
		seg := segs[i]
		if strings.HasSuffix(ps, "...}") {
			seg = strings.Join(segs[i:], "/")
		}
		if v, err := url.PathUnescape(seg); err == nil && wire.TextProblem(v) != "" && name != "$" {
			return name
		}
	}
	return "path"
}

// safeName is a query parameter's name as an answer may quote it: short,
// and plain.
func safeName(k string) string {
	if len(k) > 32 || strings.ContainsFunc(k, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "query parameter"
	}
	return k
}
