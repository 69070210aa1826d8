package door

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Trust is the kiosk's copy of the issuer keys and the deny list:
// trust.Store.
type Trust interface {
	pass.Keys
	pass.DenyList
	Status() trust.Status
	// Clock is the time passes are judged by, and the one owner of the
	// readings of the upstream's clock.
	Clock() *trust.Clock
}

// ProofLookup is a Lookup that can name a pass's proof in the status
// lookup, so the upstream says whether another door used it first:
// upstream.Client.
type ProofLookup interface {
	StatusWithProof(ctx context.Context, iin string, proof wire.ProofUse) (wire.StatusResponse, error)
}

// ProofKeeper keeps the proofs this kiosk accepted across a restart, so a
// screenshot of a code accepted just before a restart is a replay after
// it: trust.Store. A Trust that is one is used as one.
type ProofKeeper interface {
	UsedProofs() ([]pass.Use, error)
	// KeepProofs saves r's changes every interval until ctx ends, and
	// once more then.
	KeepProofs(ctx context.Context, r *pass.Replay, every time.Duration) error
}

// loadUsedProofs fills the replay memory with the proofs accepted before
// the restart.
func (e *Engine) loadUsedProofs() {
	k, ok := e.cfg.Trust.(ProofKeeper)
	if !ok {
		return
	}
	used, err := k.UsedProofs()
	if err != nil {
		e.log.Warn("the codes accepted before the restart are not known; one could be shown again", "err", err)
		return
	}
	e.verifier.Replay.Load(used)
}

// KeepProofs saves the proofs this kiosk accepts, a second at a time, until
// ctx ends (and once more then), when its Trust is a ProofKeeper; else it
// waits for ctx. It returns ctx's error.
func (e *Engine) KeepProofs(ctx context.Context) error {
	k, ok := e.cfg.Trust.(ProofKeeper)
	if !ok || e.verifier == nil {
		<-ctx.Done()
		return ctx.Err()
	}
	return k.KeepProofs(ctx, e.verifier.Replay, ProofSaveEvery)
}

// ProofSaveEvery is how often the proofs accepted are saved: a power cut
// forgets at most that much.
const ProofSaveEvery = time.Second

// Reasons a verified pass's colour is not used, beyond the pass package's
// own (pass.ReasonStatusExpired, pass.ReasonStatusChanged).
const (
	// NoteKeysStale: the keys were last refreshed longer ago than
	// Config.MaxKeyAge, so a pass is not trusted offline.
	NoteKeysStale pass.Reason = "keys-stale"
	// NoteDenyIncomplete: the kiosk does not hold the whole deny list (it
	// is longer than the kiosk holds, or still loading), so a revoked pass
	// could look clean: a pass is not trusted offline.
	NoteDenyIncomplete pass.Reason = "deny-list-incomplete"
)

// ReasonUsedElsewhere refuses a pass whose proof the upstream says another
// door used first: a code relayed from someone else's phone.
const ReasonUsedElsewhere pass.Reason = "used-elsewhere"

// ProofUsedError refuses a code another door used first, saying where
// (the door, when it was this venue) and when. It is a *pass.Error with
// ReasonUsedElsewhere to errors.As.
type ProofUsedError struct {
	Used wire.ProofUsed
	// Ago is how long before the scan the first use was, by the kiosk's
	// corrected clock; never negative.
	Ago time.Duration
	err *pass.Error
}

func (e *ProofUsedError) Error() string { return e.err.Error() }

// Unwrap gives the *pass.Error, so PassReasonOf and errors.As see the
// reason.
func (e *ProofUsedError) Unwrap() error { return e.err }

func usedElsewhere(u wire.ProofUsed, now time.Time) *ProofUsedError {
	where := "another venue"
	if !u.OtherVenue {
		where = "device " + safetext.Escape(u.Device, 40) + " at door " + safetext.Escape(u.Door, 40)
	}
	ago := max(now.Sub(u.At), 0)
	return &ProofUsedError{Used: u, Ago: ago,
		err: &pass.Error{Reason: ReasonUsedElsewhere, Detail: fmt.Sprintf("first used %s ago at %s", ago.Round(time.Second), where)}}
}

// followVenueRule sets whether proofs must name the venue: the kiosk's
// config when it says, else the venue's setting upstream.
func (e *Engine) followVenueRule(upstream bool) {
	if e.verifier == nil {
		return
	}
	on := upstream
	if e.cfg.RequireVenue != nil {
		on = *e.cfg.RequireVenue
	}
	if e.verifier.VenueRequired() != on {
		e.verifier.RequireVenue(on)
		e.log.Info("passes must name the venue", "required", on, "from_config", e.cfg.RequireVenue != nil)
	}
}

// VenueRuleKeeper keeps the venue's last word on venue-bound proofs across
// a restart, so a kiosk that starts without the upstream still follows it:
// trust.Store. A Trust that is one is used as one.
type VenueRuleKeeper interface {
	VenueRule() (required, known bool)
	SaveVenueRule(required bool) error
}

// keptVenueRule is the venue's rule as last heard before this start; false
// when never heard (or no keeper).
func (e *Engine) keptVenueRule() bool {
	k, ok := e.cfg.Trust.(VenueRuleKeeper)
	if !ok {
		return false
	}
	required, _ := k.VenueRule()
	return required
}

// keepVenueRule saves the venue's rule for the next start.
func (e *Engine) keepVenueRule(required bool) {
	if k, ok := e.cfg.Trust.(VenueRuleKeeper); ok {
		if err := k.SaveVenueRule(required); err != nil {
			e.log.Warn("the venue's rule on passes is not saved; a restart without the upstream would not know it", "err", err)
		}
	}
}

// VenueRequired says whether this kiosk refuses proofs that name no venue.
func (e *Engine) VenueRequired() bool { return e.verifier != nil && e.verifier.VenueRequired() }

// lookupStatusOf asks the upstream for person's status, naming proof when
// there is one and the upstream client can.
func (e *Engine) lookupStatusOf(ctx context.Context, person string, proof *wire.ProofUse) (wire.StatusResponse, error) {
	if pl, ok := e.lookup.(ProofLookup); ok && proof != nil {
		return pl.StatusWithProof(ctx, person, *proof)
	}
	return e.lookup.Status(ctx, person)
}

// ErrClockUntrusted refuses a pass while the device clock cannot be trusted
// (earlier than a time already seen upstream) and no upstream time has been
// read since: a proof's freshness cannot be judged.
var ErrClockUntrusted = errors.New("the device clock is wrong: passes cannot be checked until it is set or the upstream is reached")

// ErrNoPassKeys refuses a pass when this kiosk has no trust store at all.
var ErrNoPassKeys = errors.New("this kiosk is not set up to check passes")

// Default pass settings.
const (
	DefaultMaxKeyAge  = 72 * time.Hour
	DefaultProbeEvery = 2 * time.Second
)

// TrustState is what the idle screen shows about passes.
type TrustState struct {
	Enabled     bool
	Keys        int
	RefreshedAt time.Time     // upstream clock at the last key refresh; zero if never
	Age         time.Duration // since RefreshedAt, by the corrected clock
	Stale       bool          // older than MaxAge (or dated ahead of the clock): passes are not trusted offline
	MaxAge      time.Duration // Config.MaxKeyAge
	// Deny says whether the kiosk holds the whole deny list; anything but
	// trust.DenyComplete: passes are not trusted offline. Denied and
	// MaxDenied are the entries held and the most it holds.
	Deny              trust.DenyState
	Denied, MaxDenied int
	Clock             ClockState
	BreakerOpen       bool
}

// TrustState returns a snapshot.
func (e *Engine) TrustState() TrustState {
	ts := TrustState{Clock: e.clock.At(e.cfg.Now()), BreakerOpen: !e.breaker.allow(), MaxAge: e.cfg.MaxKeyAge}
	if e.cfg.Trust == nil {
		return ts
	}
	st := e.cfg.Trust.Status()
	ts.Enabled, ts.Keys, ts.RefreshedAt = true, st.Keys, st.RefreshedAt
	ts.Deny, ts.Denied, ts.MaxDenied = st.Deny, st.Denied, st.MaxDenied
	if !st.RefreshedAt.IsZero() && ts.Clock.Trusted {
		ts.Age = ts.Clock.Now.Sub(st.RefreshedAt)
	}
	// A refresh dated well ahead of the clock is as unknown as none: its
	// age would never grow past the limit.
	ts.Stale = st.RefreshedAt.IsZero() || ts.Age > e.cfg.MaxKeyAge || ts.Age < -trust.MaxDisagree
	return ts
}

// passPayload is the payload as a pass reader sees it: a wedge scanner's
// line ending cut, but not spaces, which base45 uses.
func passPayload(raw string) (string, bool) {
	p := strings.TrimRight(strings.TrimLeft(raw, " \t\r\n"), "\r\n\t")
	return p, pass.IsCode(p)
}

// refusePass wraps a pass problem as the PayloadError every screen knows:
// nothing is recorded.
func refusePass(err error) error {
	return &scanner.PayloadError{Err: err}
}

// checkPass verifies a pass payload. It returns the verified pass and, when
// its colour is not to be used, why; or a *scanner.PayloadError.
func (e *Engine) checkPass(p string) (pass.Verified, pass.Reason, error) {
	if e.verifier == nil {
		return pass.Verified{}, "", refusePass(ErrNoPassKeys)
	}
	if len(p) > scanner.MaxPayload {
		return pass.Verified{}, "", refusePass(&pass.Error{Reason: pass.ReasonOversize})
	}
	code, err := pass.Parse(p)
	if err != nil {
		return pass.Verified{}, "", refusePass(err)
	}
	ts := e.TrustState()
	if !ts.Clock.Trusted {
		return pass.Verified{}, "", refusePass(ErrClockUntrusted)
	}
	v, err := e.verifier.Verify(code, ts.Clock.Now)
	var note pass.Reason
	if err != nil {
		var pe *pass.Error
		if !errors.As(err, &pe) || !pe.Reason.StatusOnly() {
			return pass.Verified{}, "", refusePass(err)
		}
		note = pe.Reason
	}
	switch {
	case note != "":
	case ts.Stale:
		note = NoteKeysStale
	case ts.Deny != trust.DenyComplete:
		note = NoteDenyIncomplete
	}
	return v, note, nil
}

// handlePass judges a scanned pass: the holder is proven by the pass, the
// status comes from a fresh online lookup, else the pass, else the cache,
// else the offline policy.
func (e *Engine) handlePass(ctx context.Context, s scanner.Scan, p string, mode Mode, dry bool) (Verdict, error) {
	v, note, err := e.checkPass(p)
	if err != nil {
		e.log.Info("pass refused", "input", s.Source, "reason", err.Error())
		return Verdict{}, err
	}
	var st found
	var why Unchecked
	if mode != Exit { // nobody is looked up at an exit
		// The lookup names the proof: a code another door used first
		// is refused while the upstream can say so.
		use := &wire.ProofUse{ID: v.ProofID, At: v.ProofAt, Door: e.cfg.Door, Peek: dry}
		var used *wire.ProofUsed
		if st, used, why = e.ask(ctx, v.IIN, use); used != nil {
			e.verifier.Release(v) // scanned again, it gets the same answer
			err := usedElsewhere(*used, e.Clock().Now)
			e.log.Warn("pass refused: its proof was used at another door", "input", s.Source, "iin", iin.Mask(v.IIN),
				"reason", err.Error())
			return Verdict{}, refusePass(err)
		}
	}
	switch {
	case mode == Exit:
		st = found{source: wire.SourceSkipped}
	case why == "":
	case note == "":
		st = found{status: v.Status, source: wire.SourcePass}
	default:
		st = e.offline(v.IIN, why)
	}
	verdict, err := e.record(ctx, s, v.IIN, mode, st, dry)
	if err != nil || dry {
		e.verifier.Release(v) // the same code may be scanned again
	}
	if err != nil {
		return Verdict{}, err
	}
	verdict.PassID, verdict.PassNote = v.ID, string(note)
	if note != "" {
		e.log.Info("pass colour not used", "iin", iin.Mask(v.IIN), "why", note, "source", st.source)
	}
	return verdict, nil
}

// PassReasonOf names why a pass was refused, as --headless, `check` and the
// i18n keys (i18n.PassReason) write it; "" when err is not about a pass.
func PassReasonOf(err error) string {
	var pe *pass.Error
	switch {
	case errors.As(err, &pe):
		return string(pe.Reason)
	case errors.Is(err, ErrClockUntrusted):
		return "clock-untrusted"
	case errors.Is(err, ErrNoPassKeys):
		return "no-pass-keys"
	}
	return ""
}
