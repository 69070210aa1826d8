package door

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// OverrideWindow is how long after a refusal staff may still let the
// person in: the visitor is still at the door, not back tomorrow.
const OverrideWindow = 5 * time.Minute

// maxRecent is how many refusals the engine keeps for an override: the
// visitors at the door, not a history.
const maxRecent = 16

// ErrNotOverridable refuses an override of a verdict that is not a
// refusal this engine made in the last OverrideWindow, that was already
// overridden, or that the policy keeps closed (an unchecked person under
// PolicyRefuse).
var ErrNotOverridable = errors.New("this verdict cannot be overridden")

// ErrOverrideReason refuses an override whose reason is not one of
// wire.OverrideReasons, or without a staff name.
var ErrOverrideReason = errors.New("an override needs a reason from the list and the staff member's name")

// recentVerdicts keeps the last refusals, by event id, so that staff can
// let the person in: the UI holds only the masked IIN, and the engine
// keeps the rest for the few minutes the visitor is at the door.
type recentVerdicts struct {
	mu   sync.Mutex // guards list
	list []recentVerdict
}

type recentVerdict struct {
	ev     wire.Event // as recorded
	at     time.Time  // when, by the engine's clock
	policy Policy
}

func newRecent() *recentVerdicts { return &recentVerdicts{} }

// CanOverride reports whether staff may let in the person of verdict v:
// a refusal at the entrance (a status, the venue full, or nobody could
// check them, unless the policy is PolicyRefuse). The engine decides again
// when asked, by its own record.
func CanOverride(v Verdict) bool {
	return v.Kind == wire.Refusal && v.EventID != "" && !(v.Source.Unchecked() && v.Policy == PolicyRefuse)
}

// remember keeps a recorded refusal staff may override.
func (e *Engine) remember(ev wire.Event, v Verdict) {
	if !CanOverride(v) {
		return
	}
	r := e.recent
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, recentVerdict{ev: ev, at: e.cfg.Now(), policy: v.Policy})
	if len(r.list) > maxRecent {
		r.list = slices.Delete(r.list, 0, len(r.list)-maxRecent)
	}
}

// take removes and returns the refusal recorded as event id, if it is
// still within the window.
func (r *recentVerdicts) take(id string, now time.Time) (recentVerdict, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := slices.IndexFunc(r.list, func(rv recentVerdict) bool { return rv.ev.ID == id })
	if i < 0 {
		return recentVerdict{}, false
	}
	rv := r.list[i]
	r.list = slices.Delete(r.list, i, i+1)
	if d := now.Sub(rv.at); d < 0 || d > OverrideWindow {
		return recentVerdict{}, false
	}
	return rv, true
}

// putBack returns a refusal whose override could not be recorded, so that
// staff can try again.
func (r *recentVerdicts) putBack(rv recentVerdict) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, rv)
}

// Override lets in the person refused by the verdict whose event id is
// ref: door staff decided, with a reason from wire.OverrideReasons, and
// staff names who (the name of their staff code, never the code). It
// records an override event (with the status and source the refusal had:
// never a colour for an unchecked person), counts the person inside, and
// returns the verdict, after the event is durable. A refusal can be
// overridden once, within OverrideWindow.
func (e *Engine) Override(ctx context.Context, ref, reason, staff string) (Verdict, error) {
	staff = safetext.Clean(staff, wire.MaxStaff)
	if !slices.Contains(wire.OverrideReasons, reason) || staff == "" {
		return Verdict{}, ErrOverrideReason
	}
	now := e.cfg.Now()
	rv, ok := e.recent.take(ref, now)
	if !ok {
		return Verdict{}, ErrNotOverridable
	}
	ev := wire.Event{
		Device: e.cfg.Device, Venue: e.cfg.Venue, Door: e.cfg.Door, IIN: rv.ev.IIN,
		Kind: wire.Override, Status: rv.ev.Status, Source: rv.ev.Source, Reason: reason, Staff: staff,
		ScannedAt: now.UTC(),
	}
	stored, err := e.store.Append(ctx, ev)
	if err != nil {
		e.recent.putBack(rv)
		e.log.Error("override not recorded", "iin", iin.Mask(ev.IIN), "err", err)
		return Verdict{}, fmt.Errorf("%w: %w", ErrNotRecorded, err)
	}
	e.occ.recorded(stored)
	if e.notify != nil {
		e.notify.Kick()
	}
	count := e.occ.count()
	v := Verdict{Allowed: true, Kind: wire.Override, Status: ev.Status, Source: ev.Source,
		MaskedIIN: iin.Mask(ev.IIN), EventID: stored.ID, Seq: stored.Seq, At: now, Reason: reason,
		Staff: staff, Inside: count.Inside, Capacity: count.Capacity, Identity: identityOf(ev.IIN)}
	if ev.Source.Unchecked() {
		v.Policy = rv.policy
	}
	e.log.Warn("override: staff let a refused person in", "iin", v.MaskedIIN, "staff", staff, "reason", reason,
		"refused_for", rv.ev.Reason, "status", ev.Status, "source", ev.Source, "seq", v.Seq)
	return v, nil
}
