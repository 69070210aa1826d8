package console

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
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
}

// Console serves the pages. Safe for concurrent use.
type Console struct {
	b            *backend.Backend
	log          *slog.Logger
	version      string
	noteOperator func(r *http.Request, id string)
	proxies      peer.Proxies
	sessions     *websession.Manager
}

// New returns the console over b.
func New(b *backend.Backend, opts Options) *Console {
	c := &Console{b: b, log: opts.Logger, version: opts.Version, noteOperator: opts.NoteOperator, proxies: opts.Proxies,
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
	mux.Handle("GET /ui/{$}", s.console(s.pageVenues))
	mux.Handle("GET /ui/venues/{venue}", s.console(s.pageVenue))
	mux.Handle("GET /ui/venues/{venue}/devices/{device}", s.console(s.pageDevice))
	mux.Handle("GET /ui/alarms", s.console(s.pageAlarms))
	mux.Handle("GET /ui/credentials", s.console(s.pageCredentials))
	mux.Handle("GET /ui/keys", s.console(s.pageKeys))
	mux.HandleFunc("/ui/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such page", http.StatusNotFound)
	})
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
// request without one goes to the login page.
func (s *Console) console(next func(w http.ResponseWriter, r *http.Request) (string, page, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who, bearer, ok := s.operator(w, r)
		if !ok {
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
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	who, err := s.sessions.Current(r)
	if err == nil && !who.CheckCSRF(r) {
		uiHeaders(w)
		http.Error(w, "this form expired or was posted from another site: reload the page", http.StatusForbidden)
		return
	}
	if err := s.sessions.Logout(w, r); err != nil {
		s.log.Error("console logout", "error", err.Error())
	}
	http.Redirect(w, r, "/ui/login", http.StatusSeeOther)
}

// venueRow is a venue as the pages show it.
type venueRow struct {
	Name, Link                        string
	Inside                            int64
	Capacity                          int
	Entries, Exits, Refusals, Lookups int64
	// Overrides: staff let a refused person in; Unchecked: events of
	// people no kiosk could check (entries, refusals and overrides).
	Overrides, Unchecked int64
	Full                 bool
}

func newVenueRow(v store.VenueSummary) venueRow {
	// The head count is people (presence), which an override adds to and
	// a repeated entry does not: not entries minus exits.
	inside := int64(v.Inside)
	return venueRow{Name: safetext.Clean(v.Name, 64), Link: "/ui/venues/" + url.PathEscape(v.Name), Inside: inside, Capacity: v.Capacity,
		Entries: int64(v.Entries), Exits: int64(v.Exits), Refusals: int64(v.Refusals), Lookups: v.Lookups,
		Overrides: int64(v.Overrides), Unchecked: int64(v.Unchecked),
		Full: v.Capacity > 0 && inside >= int64(v.Capacity)}
}

// deviceRow is a device as the pages show it.
type deviceRow struct {
	Venue, Name, Link, LastSeen, Ago, Gaps string
	Received, Reused, Lookups              int64
	MaxSeq                                 uint64
	Silent                                 bool
}

func (s *Console) newDeviceRow(d store.DeviceRecord) deviceRow {
	ago := s.b.Now().Sub(d.LastSeen)
	var gaps []string
	for i, g := range d.Have.Gaps() {
		if i == 5 {
			gaps = append(gaps, "…")
			break
		}
		if g.From == g.To {
			gaps = append(gaps, fmt.Sprint(g.From))
		} else {
			gaps = append(gaps, fmt.Sprintf("%d–%d", g.From, g.To))
		}
	}
	return deviceRow{
		Venue: safetext.Clean(d.Venue, 64), Name: safetext.Clean(d.Device, 64),
		Link:     "/ui/venues/" + url.PathEscape(d.Venue) + "/devices/" + url.PathEscape(d.Device),
		LastSeen: d.LastSeen.UTC().Format("2006-01-02 15:04:05"), Ago: ago.Round(time.Second).String(),
		Gaps: strings.Join(gaps, ", "), Received: d.Received, Reused: d.Reused, Lookups: d.Lookups,
		MaxSeq: d.Have.Max(), Silent: ago >= s.b.SilentAfter(),
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

func (s *Console) pageVenues(w http.ResponseWriter, r *http.Request) (string, page, error) {
	vs, err := s.b.Venues(r.Context())
	if err != nil {
		return "", page{}, err
	}
	rows := make([]venueRow, len(vs))
	for i, v := range vs {
		rows[i] = newVenueRow(v)
	}
	silent, err := s.b.SilentDevices(r.Context(), uiMaxSilent)
	if err != nil {
		return "", page{}, err
	}
	return "venues.tmpl", page{Title: "Venues", Data: map[string]any{"Venues": rows, "Silent": len(silent)}}, nil
}

func (s *Console) pageVenue(w http.ResponseWriter, r *http.Request) (string, page, error) {
	name := r.PathValue("venue")
	v, err := s.b.Venue(r.Context(), name)
	if errors.Is(err, store.ErrNotFound) {
		uiHeaders(w)
		http.Error(w, "no such venue", http.StatusNotFound)
		return "", page{}, nil
	}
	if err != nil {
		return "", page{}, err
	}
	devs, err := s.b.DeviceRecords(r.Context(), name)
	if err != nil {
		return "", page{}, err
	}
	rows := make([]deviceRow, len(devs))
	for i, d := range devs {
		rows[i] = s.newDeviceRow(d)
	}
	evs, err := s.b.RecentEvents(r.Context(), name, uiRecentEvents)
	if err != nil {
		return "", page{}, err
	}
	return "venue.tmpl", page{Title: "Venue " + safetext.Clean(name, 64), Data: map[string]any{
		"V": newVenueRow(v), "Devices": rows, "Events": newEventRows(evs)}}, nil
}

func (s *Console) pageDevice(w http.ResponseWriter, r *http.Request) (string, page, error) {
	venue, device := r.PathValue("venue"), r.PathValue("device")
	d, err := s.b.DeviceRecord(r.Context(), venue, device)
	if errors.Is(err, store.ErrUnknownDevice) {
		uiHeaders(w)
		http.Error(w, "no such device in this venue", http.StatusNotFound)
		return "", page{}, nil
	}
	if err != nil {
		return "", page{}, err
	}
	evs, err := s.b.RecentEvents(r.Context(), venue, 1000)
	if err != nil {
		return "", page{}, err
	}
	var own []wire.Event
	for _, e := range evs {
		if e.Device == device && len(own) < uiRecentEvents {
			own = append(own, e)
		}
	}
	return "device.tmpl", page{Title: "Device " + safetext.Clean(device, 64), Data: map[string]any{
		"D": s.newDeviceRow(d), "VenueLink": "/ui/venues/" + url.PathEscape(venue), "Events": newEventRows(own)}}, nil
}

func (s *Console) pageAlarms(w http.ResponseWriter, r *http.Request) (string, page, error) {
	devs, err := s.b.SilentDevices(r.Context(), uiMaxSilent)
	if err != nil {
		return "", page{}, err
	}
	rows := make([]deviceRow, len(devs))
	for i, d := range devs {
		rows[i] = s.newDeviceRow(d)
	}
	return "alarms.tmpl", page{Title: "Silent devices", Data: map[string]any{"Devices": rows}}, nil
}

// credRow is a credential as the pages show it. Kept says where: the
// store, or configured at start-up (flags, token file, the demo); You marks
// the credential the page was asked with.
type credRow struct {
	ID, Venue, Label, Created, Revoked, Kept string
	You                                      bool
}

// credRows are the store's credentials cs and the configured ones, the
// latter first; you is the asking credential's id.
func credRows(configured, cs []store.CredentialInfo, you string) []credRow {
	out := make([]credRow, 0, len(configured)+len(cs))
	for _, c := range configured {
		out = append(out, credRow{ID: c.ID, Venue: c.Venue, Label: c.Label, Kept: "configured at start-up",
			Created: c.Created.Format("2006-01-02 15:04"), You: c.ID == you})
	}
	for _, c := range cs {
		r := credRow{ID: c.ID, Venue: c.Venue, Label: c.Label, Kept: "store", You: c.ID == you,
			Created: c.Created.Format("2006-01-02 15:04")}
		if !c.Revoked.IsZero() {
			r.Revoked = c.Revoked.Format("2006-01-02 15:04")
		}
		out = append(out, r)
	}
	return out
}

func (s *Console) pageCredentials(w http.ResponseWriter, r *http.Request) (string, page, error) {
	toks, err := s.b.Credentials(r.Context(), store.KindDevice)
	if err != nil {
		return "", page{}, err
	}
	ops, err := s.b.Credentials(r.Context(), store.KindOperator)
	if err != nil {
		return "", page{}, err
	}
	you := backend.Actor(r.Context())
	return "credentials.tmpl", page{Title: "Credentials and revocations", Data: map[string]any{
		"Tokens":    credRows(s.b.ConfiguredCredentials(store.KindDevice), toks, you),
		"Operators": credRows(s.b.ConfiguredCredentials(store.KindOperator), ops, you)}}, nil
}
