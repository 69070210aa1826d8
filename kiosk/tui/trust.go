package tui

import (
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/trust"
)

// trustLines say on the idle screen what a pass scanned now would meet:
// how old the pass keys are (and that past the limit passes are not
// trusted offline), a device clock too wrong to judge passes, and an
// upstream the kiosk has stopped waiting for, and a deny list the kiosk does
// not hold whole. Offline, the keys' age is in the list of what still works
// instead.
func (p idlePage) trustLines(offline bool) []string {
	if p.opts.Trust == nil {
		return nil
	}
	st, c := p.c.Styles, p.c.Lang
	ts := p.opts.Trust()
	var out []string
	if ts.BreakerOpen {
		out = append(out, st.Warn.Render("! "+c.T(i18n.BreakerOpen)))
	}
	if !ts.Clock.Trusted {
		out = append(out, st.Bad.Render("! "+c.T(i18n.PassClockWrong)))
	}
	if !ts.Enabled {
		return out
	}
	switch {
	case offline: // the offline list says the keys' age
	case ts.RefreshedAt.IsZero():
		out = append(out, st.Warn.Render("! "+c.T(i18n.PassKeysNever)))
	case ts.Stale:
		out = append(out, st.Warn.Render("! "+c.F(i18n.PassKeysStale, span(c, ts.MaxAge))+
			" · "+c.F(i18n.PassKeysAge, agoDur(c, ts.Age))))
	default:
		out = append(out, st.Dim.Render(c.F(i18n.PassKeysAge, agoDur(c, ts.Age))))
	}
	switch ts.Deny {
	case trust.DenyFull:
		out = append(out, st.Warn.Render("! "+c.F(i18n.PassDenyFull, ts.MaxDenied)))
	case trust.DenyBehind:
		out = append(out, st.Warn.Render("! "+c.T(i18n.PassDenyBehind)))
	}
	return out
}
