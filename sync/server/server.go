package server

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
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
	DataDir  string            // bbolt file lives here; required
	Demo     bool              // seed demo venue, token and registry
	Registry string            // CSV file iin,status to load at start; optional
	Tokens   map[string]string // device token -> venue
	Faults   Faults
	Logger   *slog.Logger // nil: discard
	Version  string
}

// Server is an http.Handler over a durable store. Safe for concurrent use.
type Server struct {
	st      *store
	log     *slog.Logger
	tokens  map[string]string // token -> venue
	faults  *faultInjector
	version string
	now     func() time.Time
	handler http.Handler
}

// Open opens (or creates) the store and seeds/loads as Options say: the demo
// registry and token when Demo is set, then the Registry file over it.
// Registry entries are upserts: a status loaded earlier stays until a file
// names the IIN again.
func Open(opts Options) (*Server, error) {
	if opts.DataDir == "" {
		return nil, errors.New("open server: data directory is required")
	}
	tokens := map[string]string{}
	for tok, venue := range opts.Tokens {
		if tok == "" || venue == "" {
			return nil, errors.New("open server: a token and its venue must not be empty")
		}
		tokens[tok] = venue
	}
	if opts.Demo {
		tokens[DemoToken] = DemoVenue
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
	st, err := openStore(opts.DataDir)
	if err != nil {
		return nil, err
	}
	if len(seed) > 0 {
		if err := st.putStatuses(seed); err != nil {
			st.close()
			return nil, fmt.Errorf("load registry: %w", err)
		}
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{
		st:      st,
		log:     logger,
		tokens:  tokens,
		faults:  newFaultInjector(opts.Faults),
		version: opts.Version,
		now:     time.Now,
	}
	s.handler = s.routes()
	return s, nil
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

// Handler returns the HTTP API.
func (s *Server) Handler() http.Handler { return s.handler }

// Close closes the store. Stop serving before closing.
func (s *Server) Close() error {
	if err := s.st.close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Occupancy returns a venue's head count as the store holds it (for tests of
// other packages; the API serves the same at /v1/venues/{venue}/occupancy).
// An unknown venue has zero of everything.
func (s *Server) Occupancy(venue string) (wire.Occupancy, error) {
	entries, exits, _, err := s.st.counters(venue)
	if err != nil {
		return wire.Occupancy{}, fmt.Errorf("read occupancy: %w", err)
	}
	return wire.Occupancy{
		Venue:   venue,
		Entries: int64(entries),
		Exits:   int64(exits),
		Inside:  int64(entries) - int64(exits),
		AsOf:    s.now().UTC(),
	}, nil
}

// EventCount returns how many distinct events (entries, exits and refusals)
// the store holds for a venue. Duplicates never count twice, so a test can
// compare it with the number of events a kiosk recorded.
func (s *Server) EventCount(venue string) (int, error) {
	_, _, n, err := s.st.counters(venue)
	if err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	return int(n), nil
}

// Device returns what the store has from one device, with the gaps in its
// sequence numbers; ErrUnknownDevice if it never sent an event.
func (s *Server) Device(device string) (wire.DeviceReport, error) {
	rec, err := s.st.device(device)
	if err != nil {
		if errors.Is(err, ErrUnknownDevice) {
			return wire.DeviceReport{}, ErrUnknownDevice
		}
		return wire.DeviceReport{}, fmt.Errorf("read device: %w", err)
	}
	return wire.DeviceReport{
		Device:   device,
		Venue:    rec.Venue,
		Received: rec.Received,
		MaxSeq:   rec.Have.max(),
		Gaps:     rec.Have.gaps(),
		LastSeen: rec.LastSeen,
	}, nil
}

// HasEvent reports whether the store holds an event with this id.
func (s *Server) HasEvent(id string) (bool, error) {
	ok, err := s.st.hasEvent(id)
	if err != nil {
		return false, fmt.Errorf("look up event: %w", err)
	}
	return ok, nil
}

// Events returns one page of a venue's events in the order they were
// received, after cursor ("" for the first page); see wire.EventList.
func (s *Server) Events(venue, cursor string, limit int) (wire.EventList, error) {
	if limit < 1 {
		limit = defaultListLimit
	}
	evs, next, err := s.st.list(venue, cursor, limit)
	if err != nil {
		return wire.EventList{}, err
	}
	return wire.EventList{Venue: venue, Events: evs, Next: next}, nil
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
	if err := s.st.putStatuses(map[string]wire.Status{id: st}); err != nil {
		return fmt.Errorf("set status: %w", err)
	}
	return nil
}
