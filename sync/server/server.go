package server

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"time"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/console"
	"github.com/ashyq/kiosk/sync/faults"
	"github.com/ashyq/kiosk/sync/ownerweb"
	"github.com/ashyq/kiosk/sync/peer"
	"github.com/ashyq/kiosk/sync/registry/fhirin"
	"github.com/ashyq/kiosk/sync/registry/rules"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/boltstore"
	"github.com/ashyq/kiosk/sync/wire"
)

// Faults makes the server misbehave on purpose, for tests and soak runs (see
// package faults). It applies to authenticated endpoints only; /v1/health
// always answers.
type Faults = faults.Faults

// Options configure a server.
type Options struct {
	DataDir string // the bbolt file lives here; required unless Store is set
	// Store is an open store (boltstore, pgstore) that the server takes
	// over: Close closes it, and so does Open when it fails. nil: bbolt in
	// DataDir.
	Store    store.Store
	Demo     bool              // seed demo venue, token, operator and registry
	Registry string            // CSV file iin,status to load at start; optional
	Tokens   map[string]string // device token -> venue, kept in memory (besides the store's)
	// Operators are operator secrets kept in memory (secret -> label),
	// besides those in the store.
	Operators map[string]string
	Faults    Faults
	Logger    *slog.Logger // nil: discard
	Version   string
	// SilentAfter flags devices not heard from for longer (default
	// backend.DefaultSilentAfter) in the device list, the metrics and the
	// console's alarms.
	SilentAfter time.Duration
	// FleetMaxAge is how old the console's fleet view may grow (see
	// backend.Options.FleetMaxAge); negative: a new one for every page.
	FleetMaxAge time.Duration
	// MetricsOpen serves /metrics on the API listener to anyone (a loopback
	// listener); otherwise it needs MetricsToken as a bearer token.
	MetricsOpen  bool
	MetricsToken string
	// Now is the server's clock; nil: time.Now. Tests of silence alarms
	// move it.
	Now func() time.Time
	// PassTTL is how long an issued pass's status is valid; default
	// backend.DefaultPassTTL.
	PassTTL time.Duration
	// IdentityCheck proves who enrols a wallet: the hook where an SMS code
	// or the eGov login plugs in (docs/wallet.md); nil: one-time enrolment
	// codes (ashyq-server enrol).
	IdentityCheck backend.IdentityCheck
	// TrustedProxies are the reverse proxies (addresses, CIDR prefixes,
	// "loopback", or "none" alone) whose X-Forwarded-For and
	// X-Forwarded-Proto name the client and say it came over TLS (see
	// package peer); nil: loopback.
	TrustedProxies []string
	// SecureCookies marks the console's session cookie Secure on every
	// connection (it is whenever the connection is TLS, here or at a
	// trusted proxy that says so with X-Forwarded-Proto).
	SecureCookies bool
	// PublicURL is this upstream's address as kiosks reach it, put in the
	// owners' enrolment codes; "" takes the address the owner's browser
	// used.
	PublicURL string
	// AutoCloseEvery is how often forgotten visits are closed (see
	// CloseForgotten); zero is every minute.
	AutoCloseEvery time.Duration
	// Rules turn health facts into colours; nil: rules.Default
	// (docs/registry.md).
	Rules *rules.Rules
	// FHIR says what POST /v1/registry/fhir accepts; nil:
	// fhirin.DefaultConfig.
	FHIR *fhirin.Config
	// AuditRetention is how long audit entries are kept; zero:
	// audit.DefaultRetention. Older ones are removed daily.
	AuditRetention time.Duration
}

// Server is the upstream put together: a store, the backend over it, the API
// and the console. Safe for concurrent use.
type Server struct {
	st      store.Store
	b       *backend.Backend
	api     *api.API
	log     *slog.Logger
	version string
	// now is the clock every part reads (through the backend); tests of
	// other packages' timing replace it.
	now  func() time.Time
	stop context.CancelFunc // ends the auto-closer
	// proxies are the reverse proxies whose forwarding headers are believed.
	proxies       peer.Proxies
	secureCookies bool
	publicURL     string
}

// Open opens (or creates) the store and seeds/loads as Options say: the demo
// registry, token and operator when Demo is set, then the Registry file over
// it. Registry entries are upserts: a status loaded earlier stays until a
// file names the IIN again. Open refers to no store but bbolt, so a program
// that only embeds a bbolt server (the kiosk's demo) does not link the
// PostgreSQL driver.
func Open(opts Options) (*Server, error) {
	proxies := peer.Loopback()
	var err error
	if opts.TrustedProxies != nil {
		if proxies, err = peer.Parse(opts.TrustedProxies); err != nil {
			if opts.Store != nil {
				opts.Store.Close()
			}
			return nil, fmt.Errorf("open server: %w", err)
		}
	}
	static, seed, err := prepare(opts)
	if err != nil {
		if opts.Store != nil {
			opts.Store.Close()
		}
		return nil, fmt.Errorf("open server: %w", err)
	}
	st := opts.Store
	if st == nil {
		bs, err := boltstore.Open(opts.DataDir)
		if err != nil {
			return nil, err
		}
		st = bs
	}
	s := &Server{st: st, log: opts.Logger, version: opts.Version, now: opts.Now, proxies: proxies,
		secureCookies: opts.SecureCookies, publicURL: opts.PublicURL}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.b = backend.New(st, backend.Options{Logger: s.log, Now: func() time.Time { return s.now() },
		PassTTL: opts.PassTTL, SilentAfter: opts.SilentAfter, Static: static, Rules: opts.Rules, FHIR: opts.FHIR,
		IdentityCheck: opts.IdentityCheck, FleetMaxAge: opts.FleetMaxAge})
	demoVenue := store.Venue{Name: DemoVenue, Capacity: DemoCapacity, Created: s.now().UTC()}
	if err := s.b.Seed(context.Background(), seed, opts.Demo, demoVenue); err != nil {
		s.b.Close()
		return nil, err
	}
	var intercept func(http.Handler) http.Handler
	if opts.Faults.Enabled() {
		intercept = faults.New(opts.Faults).Wrap
	}
	s.api = api.New(s.b, api.Options{Logger: s.log, Version: opts.Version, MetricsOpen: opts.MetricsOpen,
		MetricsToken: opts.MetricsToken, Intercept: intercept, Proxies: s.proxies})
	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	every := opts.AutoCloseEvery
	if every <= 0 {
		every = time.Minute
	}
	go s.b.RunAutoClose(ctx, every)
	go s.b.RunProofPruner(ctx, backend.ProofPruneEvery)
	retention := opts.AuditRetention
	if retention <= 0 {
		retention = audit.DefaultRetention
	}
	go s.pruneAudit(ctx, retention)
	return s, nil
}

// pruneAudit removes audit entries past their retention a minute after the
// start (out of the way of starting up) and then once a day, until ctx is
// done.
func (s *Server) pruneAudit(ctx context.Context, retention time.Duration) {
	wait := time.NewTimer(time.Minute)
	defer wait.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wait.C:
		}
		if _, err := s.b.PruneAudit(ctx, retention); err != nil && ctx.Err() == nil {
			s.log.Warn("prune audit", "error", err.Error())
		}
		wait.Reset(24 * time.Hour)
	}
}

// Backend is the server's logic, for the command line and tests.
func (s *Server) Backend() *backend.Backend { return s.b }

// prepare checks the options and returns the credentials kept in memory and
// the registry to seed, before any store is touched.
func prepare(opts Options) ([]store.Credential, map[string]wire.Status, error) {
	if opts.DataDir == "" && opts.Store == nil {
		return nil, nil, errors.New("data directory is required")
	}
	static, err := staticCredentials(opts)
	if err != nil {
		return nil, nil, err
	}
	// The demo registry, then the file over it, written in one transaction.
	seed := map[string]wire.Status{}
	if opts.Demo {
		for k, v := range DemoRegistry {
			seed[k] = wire.Status(v)
		}
	}
	if opts.Registry != "" {
		m, err := backend.LoadRegistry(opts.Registry)
		if err != nil {
			return nil, nil, err
		}
		maps.Copy(seed, m)
	}
	if err := opts.Faults.Validate(); err != nil {
		return nil, nil, err
	}
	return static, seed, nil
}

// staticCredentials are the device tokens and operator secrets of the
// options (and the demo's), kept in memory besides the store's.
func staticCredentials(opts Options) ([]store.Credential, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	tokens, operators := maps.Clone(opts.Tokens), maps.Clone(opts.Operators)
	if tokens == nil {
		tokens = map[string]string{}
	}
	if operators == nil {
		operators = map[string]string{}
	}
	var static []store.Credential
	for tok, venue := range tokens {
		if tok == "" || venue == "" {
			return nil, errors.New("a token and its venue must not be empty")
		}
		if err := backend.CheckVenueName(venue); err != nil {
			return nil, fmt.Errorf("token venue: %w", err)
		}
		if err := backend.CheckSecretStrength(tok); err != nil {
			return nil, fmt.Errorf("the token for venue %q: %w", venue, err)
		}
		static = append(static, backend.NewCredential(store.KindDevice, tok, venue, "configured", now()))
	}
	for secret, label := range operators {
		if err := backend.CheckSecretStrength(secret); err != nil {
			return nil, fmt.Errorf("the operator secret %q: %w", label, err)
		}
		static = append(static, backend.NewCredential(store.KindOperator, secret, "", label, now()))
	}
	// The demo's secrets are public and short by design: --demo listens on
	// loopback only.
	if opts.Demo {
		static = append(static, backend.NewCredential(store.KindDevice, DemoToken, DemoVenue, "configured", now()),
			backend.NewCredential(store.KindOperator, DemoOperatorToken, "", "demo operator", now()))
	}
	return static, nil
}

// Handler returns the HTTP API (without the console, so that a program
// embedding the server for its kiosks never parses the console's templates).
func (s *Server) Handler() http.Handler { return s.api.Handler() }

// HandlerWithConsole returns the HTTP API, the operator's console at /ui/
// and the owners' pages at /owner/.
func (s *Server) HandlerWithConsole() http.Handler {
	ui := console.New(s.b, console.Options{Logger: s.log, Version: s.version, NoteOperator: api.NoteOperator,
		Proxies: s.proxies, SecureCookies: s.secureCookies, PublicURL: s.publicURL})
	owners := ownerweb.New(s.b, ownerweb.Options{Logger: s.log, Version: s.version, Proxies: s.proxies,
		SecureCookies: s.secureCookies, PublicURL: s.publicURL, NoteCredential: api.NoteOperator})
	top := http.NewServeMux()
	top.Handle("/ui/", s.api.LogRequests(api.TextChecked(ui.Handler())))
	top.Handle(ownerweb.Path, s.api.LogRequests(api.TextChecked(owners.Handler())))
	top.Handle("/", s.api.Handler())
	return top
}

// MetricsHandler serves the metrics without any check, for a separate
// listener the operator keeps private (--metrics-listen).
func (s *Server) MetricsHandler() http.Handler { return s.api.MetricsHandler() }

// Store returns the server's store, for tests.
func (s *Server) Store() store.Store { return s.st }

// Close stops the auto-closer, flushes the lookup counts and closes the
// store; later calls do nothing. Stop serving before closing.
func (s *Server) Close() error {
	s.stop()
	s.api.FlushLog()
	return s.b.Close()
}

// The helpers below let tests of other packages inspect and steer a real
// server without HTTP.

// Occupancy returns a venue's head count as the store holds it (the API
// serves the same at /v1/venues/{venue}/occupancy). An unknown venue has
// zero of everything.
func (s *Server) Occupancy(venue string) (wire.Occupancy, error) {
	return s.b.Occupancy(context.Background(), venue)
}

// EventCount returns how many distinct events (entries, exits and refusals)
// the store holds for a venue. Duplicates never count twice, so a test can
// compare it with the number of events a kiosk recorded.
func (s *Server) EventCount(venue string) (int, error) {
	return s.b.EventCount(context.Background(), venue)
}

// Device returns what the store has from one device of a venue, with the
// gaps in its sequence numbers; store.ErrUnknownDevice if it never sent an
// event to that venue.
func (s *Server) Device(venue, device string) (wire.DeviceReport, error) {
	return s.b.Device(context.Background(), venue, device)
}

// HasEvent reports whether a venue holds an event with this id.
func (s *Server) HasEvent(venue, id string) (bool, error) {
	return s.b.HasEvent(context.Background(), venue, id)
}

// Events returns one page of a venue's events in the order they were
// received, after cursor ("" for the first page), with full IINs; see
// wire.EventList.
func (s *Server) Events(venue, cursor string, limit int) (wire.EventList, error) {
	return s.b.Events(context.Background(), venue, cursor, limit)
}

// SetStatus sets one person's registry status, so tests of other packages can
// change a verdict while a kiosk runs.
func (s *Server) SetStatus(id string, st wire.Status) error {
	return s.b.SetStatus(context.Background(), id, st)
}

// CloseForgotten closes the forgotten visits of every venue now (see
// backend.Backend.CloseForgotten) and returns how many it closed.
func (s *Server) CloseForgotten(ctx context.Context) (int, error) { return s.b.CloseForgotten(ctx) }

// NewEnrolCode makes a one-time wallet enrolment code for a person.
func (s *Server) NewEnrolCode(ctx context.Context, person string, ttl time.Duration) (wire.EnrolCode, error) {
	return s.b.NewEnrolCode(ctx, person, ttl)
}

// IssuePass signs a pass for a person's current status and holder key.
func (s *Server) IssuePass(ctx context.Context, person string, holder ed25519.PublicKey) (wire.PassResponse, error) {
	return s.b.IssuePass(ctx, person, holder)
}

// RevokePass puts a pass on the deny list.
func (s *Server) RevokePass(ctx context.Context, id string) error { return s.b.RevokePass(ctx, id) }

// RotateKeys makes a new current issuer key; the old one stays valid for
// grace. It returns the new key id.
func (s *Server) RotateKeys(ctx context.Context, grace time.Duration) (string, error) {
	return s.b.RotateKeys(ctx, grace)
}

// Keys lists the published issuer keys (as GET /v1/keys).
func (s *Server) Keys(ctx context.Context) ([]wire.IssuerKey, error) { return s.b.Keys(ctx) }
