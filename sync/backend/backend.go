// Package backend is the upstream's logic between its faces (the HTTP API,
// the operator's console, the command line) and its storage: event ingest
// and its validation, presence and the closing of forgotten visits, pass
// issuance and revocation, the status registry, credentials and their
// checks, and what the fleet of devices said and when. Every face calls a
// Backend; none reaches into a store.
package backend

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/audit"
	registryfacts "github.com/ashyq/kiosk/sync/registry"
	"github.com/ashyq/kiosk/sync/registry/fhirin"
	"github.com/ashyq/kiosk/sync/registry/rules"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// Options configure a Backend; the zero value is usable.
type Options struct {
	Logger *slog.Logger // nil: discard
	// Now is the clock; nil: time.Now.
	Now func() time.Time
	// PassTTL is how long an issued pass's status is valid; default
	// DefaultPassTTL.
	PassTTL time.Duration
	// SilentAfter flags devices not heard from for longer (default
	// DefaultSilentAfter).
	SilentAfter time.Duration
	// Static are credentials kept in memory besides the store's (configured
	// tokens, the demo's); see NewCredential.
	Static []store.Credential
	// IdentityCheck proves who enrols a wallet (docs/wallet.md); nil: the
	// reference one-time enrolment codes, EnrolCodes.
	IdentityCheck IdentityCheck
	// Rules turn facts into colours; nil: rules.Default.
	Rules *rules.Rules
	// FHIR says what the FHIR reader accepts; nil: fhirin.DefaultConfig.
	FHIR *fhirin.Config
	// Security keeps the security events (security.go); nil: the store's
	// audit trail and a log line.
	Security SecurityLog
	// FleetMaxAge is how old the console's fleet view may grow before a
	// new one is made in the background (fleetview.go); 0:
	// DefaultFleetMaxAge; negative: a new one for every request.
	FleetMaxAge time.Duration
}

// Backend is the logic over one store. Safe for concurrent use.
type Backend struct {
	st          store.Store
	log         *slog.Logger
	now         func() time.Time
	passTTL     time.Duration
	silentAfter time.Duration
	auth        *authenticator
	lookups     *lookupCounter
	reports     *reporter
	contacts    *contacts
	identity    IdentityCheck
	proofs      proofStats
	rules       rules.Rules
	fhir        *fhirin.Parser
	throttle    *throttle
	security    SecurityLog
	fleet       *fleetCache
	reads       *readNotes

	closeOnce sync.Once
	closeErr  error
}

// New returns the backend over st, which it takes over: Close closes it. It
// starts the lookup counter's flusher (see CountLookup).
func New(st store.Store, opts Options) *Backend {
	b := &Backend{st: st, log: opts.Logger, now: opts.Now, passTTL: opts.PassTTL, silentAfter: opts.SilentAfter}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.passTTL <= 0 {
		b.passTTL = DefaultPassTTL
	}
	if b.silentAfter <= 0 {
		b.silentAfter = DefaultSilentAfter
	}
	b.identity = opts.IdentityCheck
	if b.identity == nil {
		b.identity = EnrolCodes{St: st}
	}
	b.contacts = newContacts(b.silentAfter)
	b.fleet = &fleetCache{maxAge: opts.FleetMaxAge}
	if b.fleet.maxAge == 0 {
		b.fleet.maxAge = DefaultFleetMaxAge
	}
	b.reads = &readNotes{last: map[string]time.Time{}}
	b.throttle = newThrottle()
	b.security = opts.Security
	if b.security == nil {
		b.security = auditSecurity{trail: st, log: b.log}
	}
	b.rules = rules.Default()
	if opts.Rules != nil {
		b.rules = *opts.Rules
	}
	fc := fhirin.DefaultConfig()
	if opts.FHIR != nil {
		fc = *opts.FHIR
	}
	b.fhir = fhirin.NewParser(fc)
	b.auth = newAuthenticator(st, opts.Static, b.now)
	b.lookups = newLookupCounter(st, b.log)
	b.reports = newReporter(st, b.log)
	return b
}

// Now is the backend's clock, which every face shows.
func (b *Backend) Now() time.Time { return b.now() }

// readyTimeout bounds a readiness check: a database that takes longer to
// answer one query is as good as down for a kiosk waiting on a lookup.
const readyTimeout = 2 * time.Second

// Ready reports whether this replica can serve: its store answers within
// readyTimeout. The API's /v1/ready answers from it, for load balancers.
func (b *Backend) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	if err := b.st.Ping(ctx); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// SilentAfter is how long a device may go unheard before it is flagged.
func (b *Backend) SilentAfter() time.Duration { return b.silentAfter }

// Close flushes the lookup counts and closes the store; later calls do
// nothing. Stop every face and background task first.
func (b *Backend) Close() error {
	b.closeOnce.Do(func() {
		b.fleet.wg.Wait()
		b.lookups.close()
		b.reports.close()
		if err := b.st.Close(); err != nil {
			b.closeErr = fmt.Errorf("close store: %w", err)
		}
	})
	return b.closeErr
}

// Seed prepares a store for serving: registry entries (colours set by hand,
// stored as manual facts in one transaction; the same colour again changes
// nothing), the demo venue when demo is set, and a current issuer key (the
// demo key in demo mode).
func (b *Backend) Seed(ctx context.Context, registry map[string]wire.Status, demo bool, demoVenue store.Venue) error {
	if len(registry) > 0 {
		facts := make([]registryfacts.Fact, 0, len(registry))
		for id, st := range registry {
			facts = append(facts, registryfacts.ManualFact(id, st, b.now()))
		}
		if _, err := b.PutFacts(ctx, facts, audit.ActorCLI); err != nil {
			return fmt.Errorf("load registry: %w", err)
		}
	}
	if demo {
		if err := b.ensureVenue(ctx, demoVenue); err != nil {
			return fmt.Errorf("seed demo venue: %w", err)
		}
	}
	if err := b.st.EnsureIssuerKey(ctx, b.now(), demo); err != nil {
		return fmt.Errorf("issuer key: %w", err)
	}
	return nil
}
