package door

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Store is the durable side of the engine: the outbox. Append also caches
// the status of an event whose source is online, in the same commit;
// AppendUntil caches it only until the status's valid-until.
type Store interface {
	Append(ctx context.Context, ev wire.Event) (wire.Event, error)
	AppendUntil(ctx context.Context, ev wire.Event, until time.Time) (wire.Event, error)
	CachedStatus(iin string) (s wire.Status, at time.Time, ok bool, err error)
}

// Lookup asks the upstream for a status: upstream.Client.
type Lookup interface {
	Status(ctx context.Context, iin string) (wire.StatusResponse, error)
}

// Notifier hears about new events and failed lookups: the syncer. The
// engine reports every failed lookup; the notifier, which knows the
// upstream's errors, decides whether the failure means the link is down.
type Notifier interface {
	Kick()
	LookupFailed(err error)
}

// Policy decides what happens to a person nobody could check: no answer
// from the upstream (unreachable, or refusing the token), nothing cached,
// no valid pass. Under no policy is such a person given a colour: the
// verdict is unchecked (WordUnchecked), recorded with source unchecked and
// no status.
type Policy string

// Offline policies.
const (
	// PolicyAsk refuses, and door staff decide: a staff code and a reason
	// let the person in (Engine.Override). The default: nobody enters
	// unchecked unless a named member of staff answers for it.
	PolicyAsk Policy = "ask"
	// PolicyRefuse refuses, and staff cannot let an unchecked person in.
	PolicyRefuse Policy = "refuse"
	// PolicyAdmit lets the person in, recorded as unchecked.
	PolicyAdmit Policy = "admit"
)

// Policies lists the policies, the default first.
var Policies = []Policy{PolicyAsk, PolicyRefuse, PolicyAdmit}

// Valid reports whether p is one of Policies.
func (p Policy) Valid() bool { return p == PolicyAsk || p == PolicyRefuse || p == PolicyAdmit }

// Config is what the engine needs to know about its device.
type Config struct {
	Device, Venue, Door string
	Mode                Mode
	Offline             Policy
	LookupTimeout       time.Duration // default 1.5s
	Now                 func() time.Time
	Logger              *slog.Logger

	// Passes (trust.go). Trust nil: passes are refused as not set up.
	Trust          Trust
	Prober         Prober        // closes the breaker; nil: the breaker never closes by itself
	ClockTolerance time.Duration // how far a phone's clock may be off; default pass.DefaultTolerance
	MaxKeyAge      time.Duration // default DefaultMaxKeyAge
	ProbeEvery     time.Duration // default DefaultProbeEvery
	// RequireVenue overrides the venue's setting upstream (which
	// RefreshCount brings): true refuses a proof that names no venue,
	// false accepts one; nil follows the venue.
	RequireVenue *bool
	// NoBreaker makes every scan wait on the upstream, as before the
	// breaker existed; for the benchmark that compares the two.
	NoBreaker bool
	// Capacity is the local limit on people inside (0: none); the
	// upstream's venue capacity wins when it has one.
	Capacity int
}

// Engine decides and records. Safe for concurrent use.
type Engine struct {
	cfg    Config
	mode   atomic.Value // Mode
	policy atomic.Value // Policy: the offline policy in force (cfg.Offline until the upstream sets one)
	store  Store
	lookup Lookup // nil: always offline
	notify Notifier
	log    *slog.Logger

	verifier *pass.Verifier // nil without a trust store
	breaker  *breaker
	clock    *trust.Clock
	prober   Prober
	occ      *occupancy
	recent   *recentVerdicts // what staff may still override
	// lastScan is when each input last brought a scan (scanner.Source ->
	// time.Time).
	lastScan sync.Map
}

// New checks the configuration and makes an engine. lookup and notify may be
// nil.
func New(cfg Config, store Store, lookup Lookup, notify Notifier) (*Engine, error) {
	switch {
	case cfg.Device == "" || cfg.Venue == "":
		return nil, errors.New("door: device and venue are required")
	case cfg.Mode != Entrance && cfg.Mode != Exit:
		return nil, fmt.Errorf("door: mode %q is not entrance or exit", cfg.Mode)
	case !cfg.Offline.Valid():
		return nil, fmt.Errorf("door: offline policy %q is not ask, refuse or admit", cfg.Offline)
	case store == nil:
		return nil, errors.New("door: a store is required")
	}
	if cfg.LookupTimeout <= 0 {
		cfg.LookupTimeout = 1500 * time.Millisecond
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.ClockTolerance <= 0 {
		cfg.ClockTolerance = pass.DefaultTolerance
	}
	if cfg.MaxKeyAge <= 0 {
		cfg.MaxKeyAge = DefaultMaxKeyAge
	}
	if cfg.ProbeEvery <= 0 {
		cfg.ProbeEvery = DefaultProbeEvery
	}
	e := &Engine{cfg: cfg, store: store, lookup: lookup, notify: notify, log: cfg.Logger,
		breaker: newBreaker(), clock: newClock(cfg),
		prober: cfg.Prober, occ: newOccupancy(cfg.Capacity), recent: newRecent()}
	if cfg.Trust != nil {
		e.verifier = &pass.Verifier{Keys: cfg.Trust, Deny: cfg.Trust, Tolerance: cfg.ClockTolerance,
			Venue: cfg.Venue, Replay: pass.NewReplay()}
		e.loadUsedProofs()
		e.followVenueRule(e.keptVenueRule())
	}
	e.mode.Store(cfg.Mode)
	e.policy.Store(cfg.Offline)
	return e, nil
}

// Policy is the offline policy in force: what happens to a person nobody
// could check.
func (e *Engine) Policy() Policy { return e.policy.Load().(Policy) }

// SetPolicy changes the offline policy (the venue's owner set it upstream,
// or gave the choice back to the configuration).
func (e *Engine) SetPolicy(p Policy) error {
	if !p.Valid() {
		return fmt.Errorf("door: offline policy %q is not ask, refuse or admit", p)
	}
	if old := e.policy.Swap(p); old != p {
		e.log.Info("offline policy changed", "policy", p, "was", old)
	}
	return nil
}

// Mode returns the current device mode.
func (e *Engine) Mode() Mode { return e.mode.Load().(Mode) }

// SetMode switches the device between entrance and exit.
func (e *Engine) SetMode(m Mode) error {
	if m != Entrance && m != Exit {
		return fmt.Errorf("door: mode %q is not entrance or exit", m)
	}
	e.mode.Store(m)
	e.log.Info("device mode changed", "mode", m)
	return nil
}

// Handle judges one scan. An invalid payload gives a *scanner.PayloadError
// and records nothing. A storage failure gives an error wrapping
// ErrNotRecorded and no verdict: a verdict is only ever shown for a record
// that is durable.
func (e *Engine) Handle(ctx context.Context, s scanner.Scan) (Verdict, error) {
	return e.handle(ctx, s, false)
}

// Check judges a scan like Handle but records nothing and remembers no
// proof: `ashyq-kiosk check`. The verdict has no event id or sequence.
func (e *Engine) Check(ctx context.Context, s scanner.Scan) (Verdict, error) {
	return e.handle(ctx, s, true)
}

// handle judges one scan; dry records nothing.
func (e *Engine) handle(ctx context.Context, s scanner.Scan, dry bool) (Verdict, error) {
	e.lastScan.Store(s.Source, e.cfg.Now())
	// The mode is read once: the owner may switch it while a lookup runs,
	// and the lookup and the record must agree on it.
	mode := e.Mode()
	code, err := scanner.ClassifyScan(s)
	if err == nil && code.Kind == scanner.KindPass {
		// Also a pass typed through a Russian layout or with caps lock on,
		// which the classifier put right.
		return e.handlePass(ctx, s, code.Pass, mode, dry)
	}
	// Other text meant as a pass (a wrong prefix, too long) gets the pass
	// verifier's own reason; a venue's door code and a cut-off scan keep
	// theirs.
	if p, ok := passPayload(s.Payload); ok && err != nil &&
		!errors.Is(err, scanner.ErrVenueCode) && !errors.Is(err, scanner.ErrCutOff) {
		return e.handlePass(ctx, s, p, mode, dry)
	}
	if err != nil {
		e.log.Info("scan refused", "input", s.Source, "scanner", safetext.Escape(s.Device, 80), "reason", safetext.Clean(err.Error(), 400))
		return Verdict{}, err
	}
	return e.record(ctx, s, code.IIN, mode, e.lookupStatus(ctx, mode, code.IIN), dry)
}

// lookupStatus finds a person's status in the order of trust: online, then
// the cache, then nothing. An exit looks nobody up: everybody may leave, so
// a lookup would only cost time and disclose health data.
func (e *Engine) lookupStatus(ctx context.Context, mode Mode, person string) found {
	if mode == Exit {
		return found{source: wire.SourceSkipped}
	}
	st, why := e.online(ctx, person)
	if why == "" {
		return st
	}
	return e.offline(person, why)
}

// record decides entry, exit or refusal from the status found, stores the
// event and returns the verdict.
func (e *Engine) record(ctx context.Context, s scanner.Scan, person string, mode Mode, st found, dry bool) (Verdict, error) {
	at := s.At
	if at.IsZero() {
		at = e.cfg.Now()
	}
	ev := wire.Event{
		Device: e.cfg.Device, Venue: e.cfg.Venue, Door: e.cfg.Door,
		IIN: person, Status: st.status, Source: st.source, ScannedAt: at.UTC(),
	}
	switch {
	case mode == Exit:
		ev.Kind = wire.Exit
	case st.source == wire.SourceUnchecked && e.Policy() == PolicyAdmit:
		ev.Kind = wire.Entry
	case st.source == wire.SourceUnchecked:
		ev.Kind, ev.Reason = wire.Refusal, wire.ReasonOfflinePolicy
	case st.status.MayEnter():
		ev.Kind = wire.Entry
	default:
		ev.Kind, ev.Reason = wire.Refusal, wire.ReasonStatus
	}
	e.occ.admit(&ev, st.inside)

	if dry {
		return e.verdict(ev, wire.Event{}, at, s, st), nil
	}
	// An online status is cached for offline use only until it can change
	// by time alone (a negative test ages out), nor beyond the cache's TTL.
	stored, err := e.store.AppendUntil(ctx, ev, st.until)
	if err != nil {
		e.log.Error("event not recorded", "iin", iin.Mask(person), "kind", ev.Kind, "err", err)
		return Verdict{}, fmt.Errorf("%w: %w", ErrNotRecorded, err)
	}
	e.occ.recorded(stored)
	if e.notify != nil {
		e.notify.Kick()
	}
	v := e.verdict(ev, stored, at, s, st)
	e.remember(stored, v)
	e.log.Info("verdict", "iin", v.MaskedIIN, "kind", v.Kind, "status", v.Status,
		"source", v.Source, "input", v.Input, "seq", v.Seq)
	return v, nil
}

func (e *Engine) verdict(ev, stored wire.Event, at time.Time, s scanner.Scan, st found) Verdict {
	count := e.occ.count()
	v := Verdict{
		Allowed: ev.Kind != wire.Refusal, Kind: ev.Kind, Status: ev.Status, Source: ev.Source,
		MaskedIIN: iin.Mask(ev.IIN), EventID: stored.ID, Seq: stored.Seq, At: at,
		Input: s.Source, Reason: ev.Reason, CacheAge: st.age, StatusReason: st.reason, Staff: ev.Staff,
		Inside: count.Inside, Capacity: count.Capacity, Identity: identityOf(ev.IIN),
	}
	if ev.Source == wire.SourceUnchecked {
		v.Unchecked, v.Policy = st.why, e.Policy()
	}
	return v
}

type found struct {
	status wire.Status
	source wire.Source
	age    time.Duration
	inside *bool // the upstream says whether the person is inside the venue
	// until and reason are an online answer's valid-until and reason.
	until  time.Time
	reason *wire.StatusReason
	why    Unchecked // source unchecked: what kept the answer
}

// online asks the upstream, unless the breaker is open: then it answers at
// once that there is no online status. An online answer reaches the cache
// through the event's Append. Without an answer, why says what kept it.
func (e *Engine) online(ctx context.Context, person string) (_ found, why Unchecked) {
	st, _, why := e.ask(ctx, person, nil)
	return st, why
}

// ask is online, naming a pass's proof when proof is not nil (trust.go):
// the answer then also says whether another door used it first.
func (e *Engine) ask(ctx context.Context, person string, proof *wire.ProofUse) (_ found, _ *wire.ProofUsed, why Unchecked) {
	switch {
	case e.lookup == nil:
		return found{}, nil, UncheckedNotAsked
	case !e.cfg.NoBreaker && !e.breaker.allow():
		return found{}, nil, UncheckedUnreachable
	}
	lctx, cancel := context.WithTimeout(ctx, e.cfg.LookupTimeout)
	resp, err := e.lookupStatusOf(lctx, person, proof)
	cancel()
	if err == nil {
		return found{status: resp.Status, source: wire.SourceOnline, inside: resp.Inside, until: resp.ValidUntil,
			reason: resp.Reason}, resp.ProofUsed, ""
	}
	e.log.Warn("status lookup failed", "iin", iin.Mask(person), "err", err)
	if e.notify != nil {
		e.notify.LookupFailed(err)
	}
	if ctx.Err() == nil && !e.cfg.NoBreaker && linkDown(err) && e.breaker.trip(e.cfg.Now()) {
		e.log.Warn("upstream not answering: scans stop waiting for it until a probe succeeds")
	}
	return found{}, nil, uncheckedBy(err)
}

// offline is the cache, else nothing: the person is unchecked (no status,
// never a colour), and the offline policy decides.
func (e *Engine) offline(person string, why Unchecked) found {
	s, at, ok, err := e.store.CachedStatus(person)
	if err != nil {
		e.log.Warn("status cache read failed", "err", err)
	}
	if ok {
		return found{status: s, source: wire.SourceCache, age: e.cfg.Now().Sub(at)}
	}
	return found{source: wire.SourceUnchecked, why: why}
}
