package wallet

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// Prefix is where the wallet is served.
const Prefix = "/wallet/"

//go:embed all:bundle
var bundle embed.FS

//go:embed placeholder/index.html
var placeholder []byte

// CSP lets the wallet load and call only its own origin: no third-party
// request is possible, nothing can frame it, and the camera is its own.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"connect-src 'self'; worker-src 'self'; manifest-src 'self'; media-src 'self' blob:; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// file is one embedded file, ready to serve.
type file struct {
	body  []byte
	gz    []byte // body gzipped, when that is smaller
	ctype string
	etag  string
}

// Handler serves the wallet's files under Prefix. Build it once.
type Handler struct {
	files map[string]file // by name, "index.html" for the app's address
	built bool
	mod   time.Time
}

// New reads the embedded build. Without one every address gets the
// placeholder page.
func New() *Handler { return fromFS(bundle, "bundle") }

// fromFS reads the files under dir of fsys.
func fromFS(fsys fs.FS, dir string) *Handler {
	h := &Handler{files: map[string]file{}, mod: time.Now()}
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h.files[strings.TrimPrefix(p, dir+"/")] = newFile(path.Base(p), body)
		return nil
	})
	if _, ok := h.files["index.html"]; ok {
		h.built = true
	} else {
		h.files = map[string]file{"index.html": newFile("index.html", placeholder)}
	}
	return h
}

func newFile(name string, body []byte) file {
	sum := sha256.Sum256(body)
	ctype := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".webmanifest":
		ctype = "application/manifest+json"
	case ".js":
		ctype = "text/javascript; charset=utf-8"
	case "":
		ctype = "application/octet-stream"
	}
	f := file{body: body, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = zw.Write(body)
	if zw.Close() == nil && b.Len() < len(body)*9/10 {
		f.gz = b.Bytes()
	}
	return f
}

// Built reports whether the server holds a built wallet rather than the
// placeholder page.
func (h *Handler) Built() bool { return h.built }

// File is the body of a file served ("index.html" for the app's address),
// nil if there is none.
func (h *Handler) File(name string) []byte { return h.files[name].body }

// Files lists the names of the files served (for tests and figures).
func (h *Handler) Files() map[string]int {
	out := make(map[string]int, len(h.files))
	for n, f := range h.files {
		out[n] = len(f.body)
	}
	return out
}

// ServeHTTP serves GET and HEAD under Prefix; /wallet without the slash
// is redirected. Every answer says no to framing, sniffing and referrers,
// and is revalidated (ETag) so a new server version is picked up at once;
// the service worker keeps the copies for offline use.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == strings.TrimSuffix(Prefix, "/") {
		http.Redirect(w, r, Prefix, http.StatusMovedPermanently)
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if name == "" {
		name = "index.html"
	}
	f, ok := h.files[name]
	if !ok && !h.built {
		f, ok = h.files["index.html"], true
	}
	hd := w.Header()
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), interest-cohort=()")
	if !ok {
		http.NotFound(w, r)
		return
	}
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Content-Type", f.ctype)
	body, etag := f.body, f.etag
	if f.gz != nil {
		hd.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			body, etag = f.gz, f.etag[:len(f.etag)-1]+`-gz"`
			hd.Set("Content-Encoding", "gzip")
		}
	}
	hd.Set("ETag", etag)
	http.ServeContent(w, r, "", h.mod, bytes.NewReader(body))
}

// acceptsGzip reports whether the client takes gzip (every browser does).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.TrimSpace(strings.ReplaceAll(q, " ", "")) != "q=0" {
			return true
		}
	}
	return false
}
