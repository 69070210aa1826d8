package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/wire"
)

// A refused pass says its own reason in every language: never the bare key,
// never another reason's words.
func TestPassReasonsOnScreen(t *testing.T) {
	errs := map[string]error{
		"clock-untrusted": door.ErrClockUntrusted,
		"no-pass-keys":    door.ErrNoPassKeys,
	}
	for _, lang := range i18n.Supported() {
		c := i18n.For(lang)
		seen := map[string]string{}
		for _, r := range i18n.PassReasons {
			err, ok := errs[r]
			if !ok {
				err = &pass.Error{Reason: pass.Reason(r), Detail: "x"}
			}
			s := invalidScreen(c, &scanner.PayloadError{Err: err})
			reason := s.details[0]
			if reason == string(i18n.PassReason(r)) || reason == c.T(i18n.ReasonUnknown) {
				t.Errorf("%s: %s has no message of its own: %q", lang, r, reason)
			}
			if other, dup := seen[reason]; dup {
				t.Errorf("%s: %s and %s show the same %q", lang, r, other, reason)
			}
			seen[reason] = r
		}
	}
}

func TestPassVerdictSaysWhereTheStatusCameFrom(t *testing.T) {
	c := i18n.For("en")
	v := door.Verdict{Allowed: true, Kind: wire.Entry, Status: wire.Green, Source: wire.SourcePass, MaskedIIN: "••••••••0017"}
	if s := strings.Join(verdictScreen(c, v, screenOpts{}).details, "\n"); !strings.Contains(s, "status from the signed pass") {
		t.Errorf("pass verdict details:\n%s", s)
	}
	v = door.Verdict{Kind: wire.Refusal, Source: wire.SourceUnchecked, Reason: wire.ReasonOfflinePolicy,
		PassNote: string(door.NoteKeysStale), Policy: door.PolicyRefuse}
	s := strings.Join(verdictScreen(i18n.For("ru"), v, screenOpts{}).details, "\n")
	if !strings.Contains(s, "Цвет из пропуска не использован: Ключи пропусков устарели") {
		t.Errorf("pass note in Russian:\n%s", s)
	}
}

// The idle screen shows the keys' age, says when they are too old to trust
// a pass offline, a wrong clock, and an upstream the kiosk stopped waiting for.
func TestIdleShowsPassKeys(t *testing.T) {
	for _, tt := range []struct {
		name  string
		state door.TrustState
		want  []string
	}{
		{"fresh", door.TrustState{Enabled: true, Keys: 1, RefreshedAt: t0.Add(-5 * time.Minute), Age: 5 * time.Minute,
			Clock: door.ClockState{Trusted: true}}, []string{"Pass keys updated 5 min ago"}},
		{"stale", door.TrustState{Enabled: true, Keys: 1, RefreshedAt: t0.Add(-80 * time.Hour), Age: 80 * time.Hour,
			Stale: true, MaxAge: 72 * time.Hour, Clock: door.ClockState{Trusted: true}},
			[]string{"Pass keys older than 72 h: passes are not trusted offline", "3 d ago"}},
		{"never, bad clock, breaker", door.TrustState{Enabled: true, Stale: true, BreakerOpen: true},
			[]string{"Pass keys never updated", "Device clock is wrong", "Upstream not answering"}},
		{"deny list too long", door.TrustState{Enabled: true, Keys: 1, RefreshedAt: t0.Add(-time.Minute), Age: time.Minute,
			Clock: door.ClockState{Trusted: true}, Deny: trust.DenyFull, Denied: 500000, MaxDenied: 500000},
			[]string{"List of revoked passes too long for this kiosk (500000): passes are not trusted offline"}},
		{"deny list loading", door.TrustState{Enabled: true, Keys: 1, RefreshedAt: t0.Add(-time.Minute), Age: time.Minute,
			Clock: door.ClockState{Trusted: true}, Deny: trust.DenyBehind},
			[]string{"List of revoked passes still loading"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opts := baseOptions(newClock())
			state := tt.state
			opts.Trust = func() door.TrustState { return state }
			tm := start(t, opts, newRegistry(door.Entrance), Sources{})
			waitFor(t, tm, tt.want...)
		})
	}
}
