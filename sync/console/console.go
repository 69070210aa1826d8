package console

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
	"sync/atomic"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/backend/websession"
	"github.com/ashyq/kiosk/sync/peer"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

//go:embed ui/*.tmpl ui/style.css
var uiFiles embed.FS

// uiPages parses the templates once, on the first page rendered.
var uiPages = sync.OnceValue(func() *template.Template {
	parsed.Store(true)
	return template.Must(template.ParseFS(uiFiles, "ui/*.tmpl"))
})

// parsed records that the templates were parsed (tests keep the parsing
// lazy).
var parsed atomic.Bool

const (
	// CookieName is the console's session cookie: a random session id
	// (package websession), never the credential.
	CookieName = "ashyq_session"
	// uiRefresh is how often pages reload themselves (a meta refresh).
	uiRefresh      = 15
	uiRecentEvents = 50
	uiMaxSilent    = 500
)

// Options configure the console.
type Options struct {
	Logger  *slog.Logger // nil: discard
	Version string       // shown in every page's footer
	// NoteOperator, if set, is told which operator credential a request
	// was served for (the access log names it).
	NoteOperator func(r *http.Request, id string)
	// Proxies say who the client is and whether it came over TLS through
	// a reverse proxy (the login throttle, Secure cookies).
	Proxies peer.Proxies
	// SecureCookies marks the session cookie Secure on any connection.
	SecureCookies bool
	// PublicURL is the upstream's address as kiosks reach it, put in the
	// enrolment codes' QR codes; "" takes the address the browser used.
	PublicURL string
}

// Console serves the pages. Safe for concurrent use.
type Console struct {
	b            *backend.Backend
	log          *slog.Logger
	version      string
	noteOperator func(r *http.Request, id string)
	proxies      peer.Proxies
	sessions     *websession.Manager
	publicURL    string
}

// New returns the console over b.
func New(b *backend.Backend, opts Options) *Console {
	c := &Console{b: b, log: opts.Logger, version: opts.Version, noteOperator: opts.NoteOperator, proxies: opts.Proxies,
		publicURL: opts.PublicURL,
		sessions: websession.New(b, websession.Config{CookieName: CookieName, Path: "/ui/",
			Kinds: []store.CredentialKind{store.KindOperator}, Proxies: opts.Proxies, AlwaysSecure: opts.SecureCookies})}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.noteOperator == nil {
		c.noteOperator = func(*http.Request, string) {}
	}
	return c
}

// Handler serves /ui/ and everything below it.
func (s *Console) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	return mux
}

func (s *Console) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /ui/style.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "max-age=300")
		data, _ := uiFiles.ReadFile("ui/style.css")
		_, _ = w.Write(data)
	})
	mux.HandleFunc("GET /ui/login", s.handleLoginPage)
	mux.HandleFunc("POST /ui/login", s.handleLogin)
	mux.HandleFunc("POST /ui/logout", s.handleLogout)
	for _, rt := range s.pages() {
		mux.Handle(rt.pattern, s.console(rt.post, rt.page))
	}
	mux.HandleFunc("/ui/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such page", http.StatusNotFound)
	})
}

// route is one page behind the login; post says it changes something (a
// form with a CSRF token, refused from a bearer credential's script).
type route struct {
	pattern string
	post    bool
	page    pageFunc
}

// pageFunc serves one page: it returns the template and its page, or ""
// when it answered itself (a 404, a download).
type pageFunc func(w http.ResponseWriter, r *http.Request) (string, page, error)

func (s *Console) pages() []route {
	return []route{
		{"GET /ui/{$}", false, s.pageVenues},
		{"GET /ui/devices", false, s.pageDevices},
		{"GET /ui/alarms", false, s.pageAlarms},
		{"GET /ui/venues/{venue}", false, s.pageVenue},
		{"GET /ui/venues/{venue}/devices/{device}", false, s.pageDevice},
		{"GET /ui/credentials", false, s.pageCredentials},
		{"GET /ui/keys", false, s.pageKeys},
		{"GET /ui/audit", false, s.pageAudit},
		{"POST /ui/actions/revoke-credential", true, s.actRevokeCredential},
		{"POST /ui/actions/revoke-pass", true, s.actRevokePass},
		{"POST /ui/actions/capacity", true, s.actCapacity},
		{"POST /ui/actions/enrol-code", true, s.actEnrolCode},
		{"POST /ui/actions/rotate-keys", true, s.actRotateKeys},
	}
}

// Routes lists the patterns behind the login, for the tests that walk
// every route.
func (s *Console) Routes() []string {
	var out []string
	for _, rt := range s.pages() {
		out = append(out, rt.pattern)
	}
	return out
}

// page is what every template gets besides its own data.
type page struct {
	Title, Now, Version string
	CSRF                string // the forms' CSRF token (package websession)
	Refresh             int
	LoggedIn            bool
	Error               string
	SilenceAfter        time.Duration
	Data                any
}

// uiHeaders keep pages out of frames, caches and other origins' reach.
func uiHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

func (s *Console) render(w http.ResponseWriter, r *http.Request, name string, code int, p page) {
	uiHeaders(w)
	p.Now = s.b.Now().UTC().Format("2006-01-02 15:04:05 MST")
	p.Version = s.version
	if p.Refresh == 0 && p.LoggedIn {
		p.Refresh = uiRefresh
	}
	if p.SilenceAfter == 0 {
		p.SilenceAfter = s.b.SilentAfter()
	}
	var b strings.Builder
	// Each page template is named after its file; the data is the page
	// with its own fields flattened in by a map.
	if err := uiPages().ExecuteTemplate(&b, name, flatten(p)); err != nil {
		s.log.Error("render console page", "page", name, "error", err.Error())
		http.Error(w, "console page failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write([]byte(b.String()))
}

// flatten merges a page's own data (a map) with the common fields.
func flatten(p page) map[string]any {
	m := map[string]any{"Title": p.Title, "Now": p.Now, "Version": p.Version, "Refresh": p.Refresh, "CSRF": p.CSRF,
		"LoggedIn": p.LoggedIn, "Error": p.Error, "SilenceAfter": p.SilenceAfter}
	if d, ok := p.Data.(map[string]any); ok {
		for k, v := range d {
			m[k] = v
		}
	}
	return m
}

// client is the request's client as the throttle keys it.
func (s *Console) client(r *http.Request) string { return peer.Key(s.proxies.Client(r)) }

// operator returns the operator a page request is from: by the session
// cookie, or by an operator credential as a bearer token (scripts; no
// cookie, so no CSRF to fear). ok false: it answered already.
func (s *Console) operator(w http.ResponseWriter, r *http.Request) (who websession.Who, bearer bool, ok bool) {
	if secret := backend.Bearer(r.Header.Get("Authorization")); secret != "" {
		c, err := s.b.AuthenticateFrom(r.Context(), s.client(r), secret)
		var thr *backend.ThrottledError
		switch {
		case errors.As(err, &thr):
			w.Header().Set("Retry-After", strconv.Itoa(int(thr.RetryAfter.Seconds())+1))
			uiHeaders(w)
			http.Error(w, thr.Error(), http.StatusTooManyRequests)
			return who, true, false
		case err == nil && c.Kind == store.KindOperator:
			return websession.Who{Credential: c}, true, true
		case err != nil && !errors.Is(err, store.ErrNotFound):
			s.log.Error("console credential", "error", err.Error())
		}
		http.Redirect(w, r, "/ui/login", http.StatusSeeOther)
		return who, true, false
	}
	who, err := s.sessions.Current(r)
	if err != nil {
		if !websession.IsNoSession(err) {
			s.log.Error("console session", "error", err.Error())
		}
		http.Redirect(w, r, "/ui/login", http.StatusSeeOther)
		return who, false, false
	}
	return who, false, true
}

// console wraps a page behind the operator's session (or credential): a
// request without one goes to the login page. An action (post) needs the
// session's CSRF token: a script with a bearer credential uses the API.
func (s *Console) console(post bool, next pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if post {
			r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		}
		who, bearer, ok := s.operator(w, r)
		if !ok {
			return
		}
		if post && (bearer || !who.CheckCSRF(r)) {
			uiHeaders(w)
			http.Error(w, "this form expired or was posted from another site: reload the page", http.StatusForbidden)
			return
		}
		s.noteOperator(r, who.Credential.ID)
		r = r.WithContext(backend.WithActor(r.Context(), who.Credential.ID))
		name, p, err := next(w, r)
		if err != nil {
			s.log.Error("console page", "error", err.Error())
			uiHeaders(w)
			http.Error(w, "the store did not answer; try again", http.StatusInternalServerError)
			return
		}
		if name == "" {
			return // the page answered itself (404)
		}
		p.LoggedIn = true
		if post {
			p.Refresh = -1 // a reload would ask for the form's URL by GET
		}
		if !bearer {
			p.CSRF = who.CSRFToken()
		}
		s.render(w, r, name, http.StatusOK, p)
	})
}

func (s *Console) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "login.tmpl", http.StatusOK, page{Title: "Log in", CSRF: s.sessions.LoginToken(w, r)})
}

func (s *Console) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if !s.sessions.CheckLogin(r) {
		uiHeaders(w)
		http.Error(w, "this login form expired or was posted from another site: open the login page again", http.StatusForbidden)
		return
	}
	loginPage := func(code int, msg string) {
		s.render(w, r, "login.tmpl", code, page{Title: "Log in", Error: msg, CSRF: s.sessions.LoginToken(w, r)})
	}
	secret := strings.TrimSpace(r.PostFormValue("credential"))
	who, err := s.sessions.Login(w, r, s.client(r), secret)
	var thr *backend.ThrottledError
	var kind *backend.WrongKindError
	switch {
	case err == nil:
	case errors.As(err, &thr):
		w.Header().Set("Retry-After", strconv.Itoa(int(thr.RetryAfter.Seconds())+1))
		loginPage(http.StatusTooManyRequests, fmt.Sprintf("Too many failed logins from your address: try again in %s.",
			thr.RetryAfter.Round(time.Second)))
		return
	case errors.As(err, &kind) && kind.Kind == store.KindDevice:
		loginPage(http.StatusUnauthorized, "That is a device token. The console needs an operator credential.")
		return
	case errors.As(err, &kind):
		loginPage(http.StatusUnauthorized, "This credential does not open the operator's console.")
		return
	case errors.Is(err, store.ErrNotFound):
		loginPage(http.StatusUnauthorized, "Unknown or revoked operator credential.")
		return
	default:
		s.log.Error("console login", "error", err.Error())
		uiHeaders(w)
		http.Error(w, "the store did not answer; try again", http.StatusInternalServerError)
		return
	}
	s.noteOperator(r, who.Session.Credential)
	http.Redirect(w, r, "/ui/", http.StatusSeeOther)
}

func (s *Console) handleLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.HandleLogout(w, r, uiHeaders, "/ui/login"); err != nil {
		s.log.Error("console logout", "error", err.Error())
	}
}

// eventRow is an event as the pages show it: the IIN masked, free text
// escaped and redacted (a reason could quote an IIN).
type eventRow struct {
	Scanned, Device, Door, Kind, IIN, Status, Source, Reason, Staff string
	Seq                                                             uint64
	// Unchecked: nobody could check the person; Override: staff let
	// them in. The page marks both.
	Unchecked, Override bool
}

func newEventRows(evs []wire.Event) []eventRow {
	out := make([]eventRow, len(evs))
	for i, e := range evs {
		out[i] = eventRow{Scanned: e.ScannedAt.UTC().Format("2006-01-02 15:04:05"), Device: safetext.Clean(e.Device, 64),
			Door: safetext.Clean(e.Door, 64), Kind: string(e.Kind), IIN: iin.Mask(e.IIN), Status: string(e.Status),
			Source: string(e.Source), Reason: safetext.Clean(e.Reason, 120), Seq: e.Seq,
			Staff: safetext.Clean(e.Staff, wire.MaxStaff), Unchecked: e.Source.Unchecked(), Override: e.Kind == wire.Override}
		if e.Source.Unchecked() {
			out[i].Status = "not checked" // an older kiosk's blue was never a status
		}
	}
	return out
}
