package wallet

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func get(t *testing.T, h http.Handler, path string, hdr ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	rd := r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		rd = zr
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var built = fstest.MapFS{
	"bundle/index.html":           {Data: []byte("<!doctype html><title>wallet</title>" + strings.Repeat("<p>x</p>", 100))},
	"bundle/app.js":               {Data: []byte("console.log('app')")},
	"bundle/manifest.webmanifest": {Data: []byte("{}")},
	"bundle/.gitignore":           {Data: []byte("*\n")},
}

func TestServesTheBuild(t *testing.T) {
	h := fromFS(built, "bundle")
	if !h.Built() {
		t.Fatal("a bundle with index.html is a build")
	}
	r := get(t, h, "/wallet/")
	if r.StatusCode != 200 || !strings.Contains(body(t, r), "<title>wallet</title>") {
		t.Fatalf("/wallet/: %d", r.StatusCode)
	}
	for k, want := range map[string]string{
		"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
		"X-Frame-Options": "DENY", "Cache-Control": "no-cache", "Content-Type": "text/html; charset=utf-8",
	} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if ct := get(t, h, "/wallet/app.js").Header.Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
		t.Errorf("app.js: %q", ct)
	}
	if ct := get(t, h, "/wallet/manifest.webmanifest").Header.Get("Content-Type"); ct != "application/manifest+json" {
		t.Errorf("manifest: %q", ct)
	}
	for _, p := range []string{"/wallet/.gitignore", "/wallet/nope.js", "/wallet/../wallet.go"} {
		if r := get(t, h, p); r.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, r.StatusCode)
		}
	}
	if r := get(t, h, "/wallet"); r.StatusCode != 301 || r.Header.Get("Location") != "/wallet/" {
		t.Errorf("/wallet: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	req := httptest.NewRequest("POST", "/wallet/", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 405 || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d", rec.Code)
	}
}

func TestGzipAndRevalidation(t *testing.T) {
	h := fromFS(built, "bundle")
	plain := get(t, h, "/wallet/")
	zipped := get(t, h, "/wallet/", "Accept-Encoding", "br, gzip")
	if zipped.Header.Get("Content-Encoding") != "gzip" || plain.Header.Get("Content-Encoding") != "" {
		t.Fatalf("encodings: %q %q", zipped.Header.Get("Content-Encoding"), plain.Header.Get("Content-Encoding"))
	}
	if body(t, zipped) != body(t, get(t, h, "/wallet/")) {
		t.Error("gzipped body differs from the plain one")
	}
	if plain.Header.Get("ETag") == zipped.Header.Get("ETag") {
		t.Error("the two encodings share an ETag")
	}
	if r := get(t, h, "/wallet/", "Accept-Encoding", "gzip;q=0"); r.Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client that refused it")
	}
	if r := get(t, h, "/wallet/", "If-None-Match", plain.Header.Get("ETag")); r.StatusCode != 304 {
		t.Errorf("revalidation: %d, want 304", r.StatusCode)
	}
}

// Without a build (a fresh clone, no npm), every address says so.
func TestPlaceholderWithoutABuild(t *testing.T) {
	h := fromFS(fstest.MapFS{"bundle/.gitignore": {Data: []byte("*\n")}}, "bundle")
	if h.Built() {
		t.Fatal("a bundle with only .gitignore is not a build")
	}
	for _, p := range []string{"/wallet/", "/wallet/app.js"} {
		r := get(t, h, p)
		if b := body(t, r); r.StatusCode != 200 || !strings.Contains(b, "The wallet was not built") || !strings.Contains(b, "make build") {
			t.Errorf("%s: %d %.80q", p, r.StatusCode, b)
		}
	}
}

// The embedded build is the one `make wallet` wrote, whole: in CI it must
// be there (make test builds it first).
func TestEmbeddedBuild(t *testing.T) {
	h := New()
	if !h.Built() {
		if os.Getenv("CI") != "" {
			t.Fatal("the wallet is not built: make test runs make wallet first")
		}
		t.Skip("the wallet is not built (make wallet)")
	}
	files := h.Files()
	for _, f := range []string{"index.html", "app.js", "sw.js", "wallet.css", "manifest.webmanifest", "icon-192.png", "icon-512.png"} {
		if files[f] == 0 {
			t.Errorf("%s missing from the build", f)
		}
	}
	sw := body(t, get(t, h, "/wallet/sw.js"))
	if strings.Contains(sw, "__VERSION__") || strings.Contains(sw, "__FILES__") {
		t.Error("sw.js was not stamped")
	}
	for f := range files {
		if f != "index.html" && f != "sw.js" && !strings.Contains(sw, `"`+f+`"`) {
			t.Errorf("the service worker does not keep %s for offline use", f)
		}
	}
}
