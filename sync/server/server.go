package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Faults makes the server misbehave on purpose, for tests and soak runs. It
// applies to authenticated endpoints only; /v1/health always answers.
type Faults struct {
	FailRate    float64       // share of authenticated requests answered 503
	ResetRate   float64       // share of requests whose connection is dropped
	Delay       time.Duration // added to every authenticated request
	PartialRate float64       // share of batches of which only a prefix is stored and acknowledged
	RetryAfter  time.Duration // Retry-After sent with injected 503s
	Seed        int64         // seeds the dice; the same seed and request order repeat a run
}

// Options configure a server.
type Options struct {
	DataDir string // the bbolt file lives here; required unless Store is set
	// Store is an open store (see OpenStore) that the server takes over:
	// Close closes it, and so does Open when it fails. nil: bbolt in DataDir.
	Store    Store
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
	// DefaultSilentAfter) in the device list, the metrics and the
	// console's alarms.
	SilentAfter time.Duration
	// MetricsOpen serves /metrics on the API listener to anyone (a loopback
	// listener); otherwise it needs MetricsToken as a bearer token.
	MetricsOpen  bool
	MetricsToken string
	// Now is the server's clock; nil: time.Now. Tests of silence alarms
	// move it.
	Now func() time.Time
	// PassTTL is how long an issued pass's status is valid; default
	// DefaultPassTTL.
	PassTTL time.Duration
	// AutoCloseEvery is how often forgotten visits are closed (see
	// CloseForgotten); zero is every minute.
	AutoCloseEvery time.Duration
}

// Server is an http.Handler over a durable store. Safe for concurrent use.
type Server struct {
	st      Store
	stop    context.CancelFunc // ends the auto-closer
	log     *slog.Logger
	auth    *authenticator
	lookups *lookupCounter
	limiter *lookupLimiter
	faults  *faultInjector
	passTTL time.Duration
	version string
	now     func() time.Time
	handler http.Handler

	contacts     *contacts // last contact per device (fleet.go)
	metrics      *metrics  // Prometheus metrics (metrics.go)
	silentAfter  time.Duration
	metricsOpen  bool
	metricsToken string

	closeOnce sync.Once
	closeErr  error
}

// Open opens (or creates) the store and seeds/loads as Options say: the demo
// registry, token and operator when Demo is set, then the Registry file over
// it. Registry entries are upserts: a status loaded earlier stays until a
// file names the IIN again.
func Open(opts Options) (*Server, error) {
	s, err := open(opts)
	if err != nil && opts.Store != nil {
		opts.Store.Close()
	}
	return s, err
}

// open is Open without closing a given store on failure. It refers to no
// store but bbolt, so a program that only embeds a bbolt server (the kiosk's
// demo) does not link the PostgreSQL driver.
func open(opts Options) (*Server, error) {
	if opts.DataDir == "" && opts.Store == nil {
		return nil, errors.New("open server: data directory is required")
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	var static []Credential
	tokens := maps.Clone(opts.Tokens)
	if tokens == nil {
		tokens = map[string]string{}
	}
	if opts.Demo {
		tokens[DemoToken] = DemoVenue
	}
	for tok, venue := range tokens {
		if tok == "" || venue == "" {
			return nil, errors.New("open server: a token and its venue must not be empty")
		}
		if err := checkVenueName(venue); err != nil {
			return nil, fmt.Errorf("open server: token venue: %w", err)
		}
		static = append(static, newCredential(KindDevice, tok, venue, "configured", now()))
	}
	operators := maps.Clone(opts.Operators)
	if opts.Demo {
		if operators == nil {
			operators = map[string]string{}
		}
		operators[DemoOperatorToken] = "demo operator"
	}
	for secret, label := range operators {
		if secret == "" {
			return nil, errors.New("open server: an operator secret must not be empty")
		}
		static = append(static, newCredential(KindOperator, secret, "", label, now()))
	}
	// The demo registry, then the file over it, written in one transaction.
	seed := map[string]wire.Status{}
	if opts.Demo {
		for k, v := range DemoRegistry {
			seed[k] = wire.Status(v)
		}
	}
	if opts.Registry != "" {
		m, err := LoadRegistry(opts.Registry)
		if err != nil {
			return nil, fmt.Errorf("open server: %w", err)
		}
		maps.Copy(seed, m)
	}
	if err := validateFaults(opts.Faults); err != nil {
		return nil, fmt.Errorf("open server: %w", err)
	}
	st := opts.Store
	if st == nil {
		bs, err := openBoltStore(opts.DataDir)
		if err != nil {
			return nil, err
		}
		st = bs
	}
	ctx := context.Background()
	if len(seed) > 0 {
		if err := st.PutStatuses(ctx, seed); err != nil {
			if opts.Store == nil {
				st.Close()
			}
			return nil, fmt.Errorf("load registry: %w", err)
		}
	}
	if opts.Demo {
		if err := seedDemoVenue(ctx, st, now()); err != nil {
			if opts.Store == nil {
				st.Close()
			}
			return nil, fmt.Errorf("seed demo venue: %w", err)
		}
	}
	if err := st.EnsureIssuerKey(ctx, now(), opts.Demo); err != nil {
		st.Close()
		return nil, fmt.Errorf("issuer key: %w", err)
	}
	if opts.PassTTL <= 0 {
		opts.PassTTL = DefaultPassTTL
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{
		st:      st,
		log:     logger,
		auth:    newAuthenticator(st, static, now),
		faults:  newFaultInjector(opts.Faults),
		passTTL: opts.PassTTL,
		version: opts.Version,
		now:     now,
		limiter: newLookupLimiter(),

		contacts:     newContacts(),
		silentAfter:  opts.SilentAfter,
		metricsOpen:  opts.MetricsOpen,
		metricsToken: opts.MetricsToken,
	}
	if s.silentAfter <= 0 {
		s.silentAfter = DefaultSilentAfter
	}
	s.lookups = newLookupCounter(st, logger)
	s.metrics = newMetrics(s)
	s.handler = s.routes()
	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	every := opts.AutoCloseEvery
	if every <= 0 {
		every = time.Minute
	}
	go s.runAutoClose(ctx, every)
	return s, nil
}

// OpenStore opens the store a URL names: a postgres:// or postgresql:// URL
// is PostgreSQL, an empty one the bbolt file in dataDir.
func OpenStore(ctx context.Context, url, dataDir string) (Store, error) {
	// Each branch returns a nil Store on error, never a nil *boltStore in a
	// non-nil interface.
	switch {
	case url == "":
		st, err := openBoltStore(dataDir)
		if err != nil {
			return nil, err
		}
		return st, nil
	case strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://"):
		st, err := openPostgresStore(ctx, url)
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	return nil, errors.New("open store: want a postgres:// URL, or none for bbolt in --data")
}

// validateFaults rejects rates outside [0, 1] and negative durations.
func validateFaults(f Faults) error {
	for name, r := range map[string]float64{"fail rate": f.FailRate, "reset rate": f.ResetRate, "partial rate": f.PartialRate} {
		if r < 0 || r > 1 {
			return fmt.Errorf("%s %v is not between 0 and 1", name, r)
		}
	}
	if f.Delay < 0 || f.RetryAfter < 0 {
		return errors.New("fault delay and retry-after must not be negative")
	}
	return nil
}

// Handler returns the HTTP API (without the console, so that a program
// embedding the server for its kiosks does not link the console's templates).
func (s *Server) Handler() http.Handler { return s.handler }

// HandlerWithConsole returns the HTTP API and the operator's console at /ui/.
func (s *Server) HandlerWithConsole() http.Handler {
	ui := http.NewServeMux()
	s.consoleRoutes(ui)
	top := http.NewServeMux()
	top.Handle("/ui/", s.logRequests(ui))
	top.Handle("/", s.handler)
	return top
}

// seedDemoVenue creates the demo venue with its capacity, keeping one that
// exists (two demo replicas on one database agree; an operator's change of
// capacity stays).
func seedDemoVenue(ctx context.Context, st Store, now time.Time) error {
	_, err := st.Venue(ctx, DemoVenue)
	if errors.Is(err, ErrNotFound) {
		err = st.PutVenue(ctx, Venue{Name: DemoVenue, Capacity: DemoCapacity, Created: now.UTC()})
	}
	return err
}

// Store returns the server's store, for the command line's management
// commands and tests.
func (s *Server) Store() Store { return s.st }

// Close flushes the lookup counts and closes the store; later calls do
// nothing. Stop serving before closing.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.stop()
		s.lookups.close()
		if err := s.st.Close(); err != nil {
			s.closeErr = fmt.Errorf("close store: %w", err)
		}
	})
	return s.closeErr
}

// Occupancy returns a venue's head count as the store holds it (for tests of
// other packages; the API serves the same at /v1/venues/{venue}/occupancy).
// An unknown venue has zero of everything.
func (s *Server) Occupancy(venue string) (wire.Occupancy, error) {
	ctx := context.Background()
	c, err := s.st.Counters(ctx, venue)
	if err != nil {
		return wire.Occupancy{}, fmt.Errorf("read occupancy: %w", err)
	}
	v, err := s.st.Venue(ctx, venue)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return wire.Occupancy{}, fmt.Errorf("read venue: %w", err)
	}
	return wire.Occupancy{
		Venue:    venue,
		Entries:  int64(c.Entries),
		Exits:    int64(c.Exits),
		Inside:   s.insideOf(c), // people, not entries minus exits: see PresenceStore
		Capacity: v.Capacity,
		AsOf:     s.now().UTC(),
	}, nil
}

// EventCount returns how many distinct events (entries, exits and refusals)
// the store holds for a venue. Duplicates never count twice, so a test can
// compare it with the number of events a kiosk recorded.
func (s *Server) EventCount(venue string) (int, error) {
	c, err := s.st.Counters(context.Background(), venue)
	if err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	return int(c.Events()), nil
}

// Device returns what the store has from one device of a venue, with the
// gaps in its sequence numbers; ErrUnknownDevice if it never sent an event
// to that venue.
func (s *Server) Device(venue, device string) (wire.DeviceReport, error) {
	rec, err := s.st.Device(context.Background(), venue, device)
	if err != nil {
		if errors.Is(err, ErrUnknownDevice) {
			return wire.DeviceReport{}, ErrUnknownDevice
		}
		return wire.DeviceReport{}, fmt.Errorf("read device: %w", err)
	}
	return rec.Report(), nil
}

// HasEvent reports whether a venue holds an event with this id.
func (s *Server) HasEvent(venue, id string) (bool, error) {
	ok, err := s.st.HasEvent(context.Background(), venue, id)
	if err != nil {
		return false, fmt.Errorf("look up event: %w", err)
	}
	return ok, nil
}

// Events returns one page of a venue's events in the order they were
// received, after cursor ("" for the first page), with full IINs; see
// wire.EventList.
func (s *Server) Events(venue, cursor string, limit int) (wire.EventList, error) {
	if limit < 1 {
		limit = defaultListLimit
	}
	page, err := s.st.ListEvents(context.Background(), venue, cursor, limit)
	if err != nil {
		return wire.EventList{}, err
	}
	list := wire.EventList{Venue: venue, Events: page.Events, Cursor: page.Resume}
	if page.More {
		list.Next = page.Resume
	}
	return list, nil
}

// SetStatus sets one person's registry status, so tests of other packages can
// change a verdict while a kiosk runs.
func (s *Server) SetStatus(id string, st wire.Status) error {
	if err := iin.Validate(id); err != nil {
		return fmt.Errorf("set status: %w", err)
	}
	if !st.Valid() {
		return fmt.Errorf("set status: %q is not a colour", st)
	}
	if err := s.st.PutStatuses(context.Background(), map[string]wire.Status{id: st}); err != nil {
		return fmt.Errorf("set status: %w", err)
	}
	return nil
}
