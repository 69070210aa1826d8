package tui

import (
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/syncer"
)

// offline reports whether the idle screen is to say, in large letters,
// that the kiosk gets no answer from the upstream: a check failed, or the
// token was refused. Before the first check it is connecting, not
// offline, and a kiosk not yet told anything says nothing.
func (p idlePage) offline() bool {
	if !p.haveSync || p.sync.Online() {
		return false
	}
	return p.sync.Link == syncer.LinkTokenRefused || p.sync.Problem != syncer.ProblemNone
}

// offlineWord is the big word of the offline idle screen.
func (p idlePage) offlineWord() string {
	if p.sync.Link == syncer.LinkTokenRefused {
		return p.c.Lang.T(i18n.TokenRefused)
	}
	return p.c.Lang.T(i18n.Offline)
}

// offlineLines say since when nothing answers, why, and what still works
// at this door: passes (with the keys' age), saved statuses, what happens
// to everyone else under the offline policy, and that every scan is kept.
// On a short screen (the 25-row console) they leave out the last sync
// and the cause, so that OFFLINE keeps its large letters.
func (p idlePage) offlineLines(now time.Time) []string {
	st, c := p.c.Styles, p.c.Lang
	s := p.sync
	compact := p.c.Height < compactHeight
	since := c.F(i18n.OfflineSinceStart, ago(c, now, s.LinkSince))
	if s.WasOnline {
		since = c.F(i18n.OfflineSince, s.LinkSince.Format("15:04"), ago(c, now, s.LinkSince))
	}
	var out []string
	if !compact {
		out = append(out, st.Bad.Render("● "+p.offlineWord())+st.Dim.Render(" · "+p.lastSyncText(now)))
	}
	if !s.LinkSince.IsZero() {
		out = append(out, st.Warn.Render("! "+since))
	}
	if text := problemText(c, s.Problem, s.HTTPStatus); text != "" && !compact {
		out = append(out, st.Dim.Render("  "+text))
	}
	indent := "  • "
	if compact {
		indent = "• "
	} else {
		out = append(out, st.Label.Render(c.T(i18n.OfflineWorks)))
	}
	item := func(text string) { out = append(out, st.Dim.Render(indent+text)) }
	if line := p.passesItem(); line != "" {
		item(line)
	}
	if p.opts.CacheTTL > 0 {
		item(c.F(i18n.OfflineCache, span(c, p.opts.CacheTTL)))
	}
	switch p.opts.Policy {
	case door.PolicyAdmit:
		item(c.T(i18n.OfflineOthersAdmit))
	case door.PolicyRefuse:
		item(c.T(i18n.OfflineOthersRefuse))
	case door.PolicyAsk:
		if p.opts.Staff != nil {
			item(c.T(i18n.OfflineOthersAsk))
		} else {
			item(c.T(i18n.OfflineOthersRefuse))
		}
	}
	item(c.T(i18n.OfflineRecords))
	return out
}

// compactHeight: a screen with fewer rows gets the compact offline lines.
const compactHeight = 30

// passesItem says whether passes still work offline, with the keys' age.
func (p idlePage) passesItem() string {
	if p.opts.Trust == nil {
		return ""
	}
	c := p.c.Lang
	ts := p.opts.Trust()
	switch {
	case !ts.Enabled:
		return ""
	case ts.RefreshedAt.IsZero():
		return c.T(i18n.OfflinePassesNone)
	case ts.Stale:
		return c.F(i18n.OfflinePassesStale, agoDur(c, ts.Age))
	}
	return c.F(i18n.OfflinePasses, agoDur(c, ts.Age))
}

// lastSyncText is when the last records were taken upstream (this run or
// an earlier one), or that nothing was sent yet.
func (p idlePage) lastSyncText(now time.Time) string {
	c, s := p.c.Lang, p.sync
	switch {
	case !s.LastSync.IsZero():
		return c.F(i18n.LastSync, s.LastSync.Format("15:04:05")+" ("+ago(c, now, s.LastSync)+")")
	case s.Online() && s.Pending == 0:
		return c.T(i18n.ConnectedNothingSent)
	}
	return c.T(i18n.NeverSynced)
}
