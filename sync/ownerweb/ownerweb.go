package ownerweb

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/backend/websession"
	"github.com/ashyq/kiosk/sync/peer"
	"github.com/ashyq/kiosk/sync/store"
)

//go:embed ui/*.tmpl ui/style.css
var uiFiles embed.FS

// pages are parsed once, on the first page rendered: a program that embeds
// the server without these pages (the kiosk's demo) pays nothing for them.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(funcs).ParseFS(uiFiles, "ui/*.tmpl"))
})

const (
	// CookieName is the owner's session cookie (websession): apart from
	// the console's, so logging out of one leaves the other.
	CookieName = "ashyq_owner"
	// Path is where the owner's pages live.
	Path = "/owner/"
	// refresh is how often the "now" page reloads itself.
	refresh = 15
	// visitsPage is how many records the visits page shows at a time.
	visitsPage = 100
)

// Options configure the owner's pages.
type Options struct {
	Logger  *slog.Logger // nil: discard
	Version string       // in every page's footer
	// Proxies say who the client is and whether it came over TLS through
	// a reverse proxy (the login throttle, Secure cookies, the address a
	// new kiosk is told).
	Proxies peer.Proxies
	// SecureCookies marks the session cookie Secure on any connection.
	SecureCookies bool
	// PublicURL is the upstream's address as kiosks reach it, put in the
	// enrolment codes' QR codes; "" takes the address the owner's browser
	// used.
	PublicURL string
	// NoteCredential, if set, is told which credential a request was
	// served for (the access log names it).
	NoteCredential func(r *http.Request, id string)
}

// Pages serves the owner's pages. Safe for concurrent use.
type Pages struct {
	b        *backend.Backend
	log      *slog.Logger
	opts     Options
	sessions *websession.Manager
}

// New returns the owner's pages over b.
func New(b *backend.Backend, opts Options) *Pages {
	p := &Pages{b: b, log: opts.Logger, opts: opts,
		sessions: websession.New(b, websession.Config{CookieName: CookieName, Path: Path,
			Kinds: []store.CredentialKind{store.KindOwner}, Proxies: opts.Proxies, AlwaysSecure: opts.SecureCookies})}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.opts.NoteCredential == nil {
		p.opts.NoteCredential = func(*http.Request, string) {}
	}
	return p
}

// Handler serves /owner/ and everything below it.
func (p *Pages) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /owner/style.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "max-age=300")
		data, _ := uiFiles.ReadFile("ui/style.css")
		_, _ = w.Write(data)
	})
	mux.HandleFunc("GET /owner/login", p.handleLoginPage)
	mux.HandleFunc("POST /owner/login", p.handleLogin)
	mux.HandleFunc("POST /owner/logout", p.handleLogout)
	for _, rt := range p.routes() {
		mux.Handle(rt.pattern, p.owner(rt.post, rt.page))
	}
	mux.HandleFunc("/owner/", func(w http.ResponseWriter, r *http.Request) {
		headers(w)
		http.Error(w, "no such page", http.StatusNotFound)
	})
	return mux
}

// route is one page behind the login: post says it changes something (a
// form with a CSRF token).
type route struct {
	pattern string
	post    bool
	page    pageFunc
}

// Routes lists the patterns behind the login, for the tests that walk
// every route.
func (p *Pages) Routes() []string {
	var out []string
	for _, rt := range p.routes() {
		out = append(out, rt.pattern)
	}
	return out
}

func (p *Pages) routes() []route {
	return []route{
		{"GET /owner/{$}", false, p.pageNow},
		{"GET /owner/chart.svg", false, p.chartToday},
		{"GET /owner/settings", false, p.pageSettings},
		{"POST /owner/settings", true, p.postSettings},
		{"POST /owner/doors/{device}/mode", true, p.postDoorMode},
		{"GET /owner/visits", false, p.pageVisits},
		{"GET /owner/export", false, p.pageExport},
		{"GET /owner/export/download", false, p.download},
		{"GET /owner/codes", false, p.pageCodes},
		{"GET /owner/doors/new", false, p.pageAddDoor},
		{"POST /owner/doors/new", true, p.postAddDoor},
	}
}

// req is one request of a logged-in owner.
type req struct {
	w     http.ResponseWriter
	r     *http.Request
	who   websession.Who
	venue string // the session's venue: the only one this request may see
}

// pageFunc serves one page; an error it returns is the store's, shown as
// a generic 500 and logged.
type pageFunc func(q *req) error

// view is what every template gets.
type view struct {
	Title, Venue, Now, Version, CSRF, Nav string
	Refresh                               int
	LoggedIn                              bool
	Error, Notice                         string
	Data                                  any
}

// headers keep pages out of frames, caches and other origins' reach; the
// pages run no script at all.
func headers(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

func (p *Pages) render(w http.ResponseWriter, name string, code int, v view) {
	headers(w)
	v.Version = p.opts.Version
	v.Now = p.b.Now().UTC().Format("2006-01-02 15:04:05 MST")
	var b strings.Builder
	if err := pages().ExecuteTemplate(&b, name, v); err != nil {
		p.log.Error("render owner page", "page", name, "error", err.Error())
		http.Error(w, "page failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write([]byte(b.String()))
}

// page renders a logged-in page.
func (q *req) page(p *Pages, name, nav, title string, data any) error {
	p.render(q.w, name, http.StatusOK, view{Title: title, Venue: q.venue, Nav: nav, LoggedIn: true, CSRF: q.who.CSRFToken(),
		Data: data})
	return nil
}

// owner wraps a page behind the owner's session: a request without one
// goes to the login page; a form without its CSRF token is refused.
func (p *Pages) owner(post bool, next pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who, err := p.sessions.Current(r)
		if err != nil {
			if !websession.IsNoSession(err) {
				p.log.Error("owner session", "error", err.Error())
			}
			if r.Method != http.MethodGet {
				headers(w)
				http.Error(w, "your session has ended: log in again", http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, "/owner/login", http.StatusSeeOther)
			return
		}
		venue := who.Credential.Venue
		if who.Credential.Kind != store.KindOwner || venue == "" || venue != who.Venue() {
			headers(w)
			http.Error(w, "this session is not an owner's", http.StatusForbidden)
			return
		}
		if post {
			r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
			if !who.CheckCSRF(r) {
				headers(w)
				http.Error(w, "this form expired or was posted from another site: reload the page", http.StatusForbidden)
				return
			}
		}
		p.opts.NoteCredential(r, who.Credential.ID)
		r = r.WithContext(backend.WithActor(r.Context(), who.Credential.ID))
		if err := next(&req{w: w, r: r, who: who, venue: venue}); err != nil {
			p.log.Error("owner page", "pattern", r.Pattern, "error", err.Error())
			headers(w)
			http.Error(w, "the store did not answer; try again", http.StatusInternalServerError)
		}
	})
}

func (p *Pages) client(r *http.Request) string { return peer.Key(p.opts.Proxies.Client(r)) }

func (p *Pages) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	p.render(w, "login.tmpl", http.StatusOK, view{Title: "Log in", CSRF: p.sessions.LoginToken(w, r)})
}

func (p *Pages) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if !p.sessions.CheckLogin(r) {
		headers(w)
		http.Error(w, "this login form expired or was posted from another site: open the login page again", http.StatusForbidden)
		return
	}
	again := func(code int, msg string) {
		p.render(w, "login.tmpl", code, view{Title: "Log in", Error: msg, CSRF: p.sessions.LoginToken(w, r)})
	}
	who, err := p.sessions.Login(w, r, p.client(r), strings.TrimSpace(r.PostFormValue("credential")))
	var thr *backend.ThrottledError
	var kind *backend.WrongKindError
	switch {
	case err == nil:
	case errors.As(err, &thr):
		w.Header().Set("Retry-After", strconv.Itoa(int(thr.RetryAfter.Seconds())+1))
		again(http.StatusTooManyRequests, fmt.Sprintf("Too many failed logins from your address: try again in %s.",
			thr.RetryAfter.Round(time.Second)))
		return
	case errors.As(err, &kind):
		again(http.StatusUnauthorized, "This credential does not open the owner's pages: use the owner's credential your operator gave you.")
		return
	case errors.Is(err, store.ErrNotFound):
		again(http.StatusUnauthorized, "Unknown or revoked credential.")
		return
	default:
		p.log.Error("owner login", "error", err.Error())
		headers(w)
		http.Error(w, "the store did not answer; try again", http.StatusInternalServerError)
		return
	}
	p.opts.NoteCredential(r, who.Session.Credential)
	http.Redirect(w, r, "/owner/", http.StatusSeeOther)
}

func (p *Pages) handleLogout(w http.ResponseWriter, r *http.Request) {
	if err := p.sessions.HandleLogout(w, r, headers, "/owner/login"); err != nil {
		p.log.Error("owner logout", "error", err.Error())
	}
}

// publicURL is the address kiosks are told to reach this upstream at.
func (p *Pages) publicURL(r *http.Request) string {
	if p.opts.PublicURL != "" {
		return strings.TrimRight(p.opts.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || p.opts.Proxies.Secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
