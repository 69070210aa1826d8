package door

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Store is the durable side of the engine: the outbox. Append also caches
// the status of an event whose source is online, in the same commit.
type Store interface {
	Append(ctx context.Context, ev wire.Event) (wire.Event, error)
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

// Policy decides a verdict when no status is known.
type Policy string

// Offline policies.
const (
	PolicyAllow Policy = "allow" // treat as blue: no information, may enter
	PolicyDeny  Policy = "deny"  // refuse until a status can be found
)

// Config is what the engine needs to know about its device.
type Config struct {
	Device, Venue, Door string
	Mode                Mode
	Offline             Policy
	LookupTimeout       time.Duration // default 1.5s
	Now                 func() time.Time
	Logger              *slog.Logger
}

// Engine decides and records. Safe for concurrent use.
type Engine struct {
	cfg    Config
	mode   atomic.Value // Mode
	store  Store
	lookup Lookup // nil: always offline
	notify Notifier
	log    *slog.Logger
}

// New checks the configuration and makes an engine. lookup and notify may be
// nil.
func New(cfg Config, store Store, lookup Lookup, notify Notifier) (*Engine, error) {
	switch {
	case cfg.Device == "" || cfg.Venue == "":
		return nil, errors.New("door: device and venue are required")
	case cfg.Mode != Entrance && cfg.Mode != Exit:
		return nil, fmt.Errorf("door: mode %q is not entrance or exit", cfg.Mode)
	case cfg.Offline != PolicyAllow && cfg.Offline != PolicyDeny:
		return nil, fmt.Errorf("door: offline policy %q is not allow or deny", cfg.Offline)
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
	e := &Engine{cfg: cfg, store: store, lookup: lookup, notify: notify, log: cfg.Logger}
	e.mode.Store(cfg.Mode)
	return e, nil
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
	code, err := scanner.ClassifyScan(s)
	if err == nil && code.Kind == scanner.KindPass {
		// Passes are recognised but not yet verified on the device: say
		// so, rather than judging a pass as if it were something else.
		err = &scanner.PayloadError{Err: ErrPassNotChecked}
	}
	if err != nil {
		e.log.Info("scan refused", "input", s.Source, "device", s.Device, "reason", err.Error())
		return Verdict{}, err
	}
	at := s.At
	if at.IsZero() {
		at = e.cfg.Now()
	}
	mode := e.Mode()
	st := e.status(ctx, code.IIN)

	ev := wire.Event{
		Device: e.cfg.Device, Venue: e.cfg.Venue, Door: e.cfg.Door,
		IIN: code.IIN, Status: st.status, Source: st.source, ScannedAt: at.UTC(),
	}
	switch {
	case mode == Exit:
		ev.Kind = wire.Exit
	case st.source == wire.SourceNone && e.cfg.Offline == PolicyDeny:
		ev.Kind, ev.Reason = wire.Refusal, wire.ReasonOfflinePolicy
	case st.status.MayEnter():
		ev.Kind = wire.Entry
	default:
		ev.Kind, ev.Reason = wire.Refusal, wire.ReasonStatus
	}

	stored, err := e.store.Append(ctx, ev)
	if err != nil {
		e.log.Error("event not recorded", "iin", iin.Mask(code.IIN), "kind", ev.Kind, "err", err)
		return Verdict{}, fmt.Errorf("%w: %w", ErrNotRecorded, err)
	}
	if e.notify != nil {
		e.notify.Kick()
	}
	v := Verdict{
		Allowed: ev.Kind != wire.Refusal, Kind: ev.Kind, Status: ev.Status, Source: ev.Source,
		MaskedIIN: iin.Mask(code.IIN), EventID: stored.ID, Seq: stored.Seq, At: at,
		Input: s.Source, Reason: ev.Reason, CacheAge: st.age,
	}
	e.log.Info("verdict", "iin", v.MaskedIIN, "kind", v.Kind, "status", v.Status,
		"source", v.Source, "input", v.Input, "seq", v.Seq)
	return v, nil
}

type found struct {
	status wire.Status
	source wire.Source
	age    time.Duration
}

// status asks the upstream first, then the cache, then gives up: blue with
// source none, which the offline policy turns into a verdict. An online
// answer reaches the cache through the event's Append.
func (e *Engine) status(ctx context.Context, person string) found {
	if e.lookup != nil {
		lctx, cancel := context.WithTimeout(ctx, e.cfg.LookupTimeout)
		resp, err := e.lookup.Status(lctx, person)
		cancel()
		if err == nil {
			return found{status: resp.Status, source: wire.SourceOnline}
		}
		e.log.Warn("status lookup failed", "iin", iin.Mask(person), "err", err)
		if e.notify != nil {
			e.notify.LookupFailed(err)
		}
	}
	s, at, ok, err := e.store.CachedStatus(person)
	if err != nil {
		e.log.Warn("status cache read failed", "err", err)
	}
	if ok {
		return found{status: s, source: wire.SourceCache, age: e.cfg.Now().Sub(at)}
	}
	return found{status: wire.Blue, source: wire.SourceNone}
}
