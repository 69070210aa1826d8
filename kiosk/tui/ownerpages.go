package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// ownerContext is what the menu shows of state other parts own: the
// Engine's count and capacity, the idle page's closing time, link and
// camera.
type ownerContext struct {
	count   door.Count
	closing string
	idle    idlePage
}

// actName is a menu item's label, with the current value where it has one.
func actName(c i18n.Catalog, a ownerActKind, ctx ownerContext) string {
	switch a {
	case actCapacity:
		if ctx.count.Capacity == 0 {
			return c.T(i18n.OwnerCapacityNone)
		}
		return c.F(i18n.OwnerCapacity, ctx.count.Capacity)
	case actClosing:
		if ctx.closing == "" {
			return c.T(i18n.OwnerClosingNone)
		}
		return c.F(i18n.OwnerClosing, ctx.closing)
	case actSync:
		return c.T(i18n.OwnerSyncNow)
	case actQueue:
		return c.T(i18n.OwnerQueue)
	case actHealth:
		return c.T(i18n.OwnerHealth)
	case actCheckout:
		return c.T(i18n.OwnerCheckout)
	case actQuit:
		return c.T(i18n.OwnerQuit)
	}
	return ""
}

// pageLines draws an item's page.
func (p ownerPanel) pageLines(now time.Time, ctx ownerContext) []string {
	st, c := p.c.Styles, p.c.Lang
	var out []string
	switch p.page {
	case pageEdit:
		label := c.T(i18n.OwnerEditCapacity)
		if p.editing == actClosing {
			label = c.T(i18n.OwnerEditClosing)
		}
		typed := safetext.Clean(string(p.held)+p.det.Text(), 12)
		out = append(out, st.Label.Render(label), st.Input.Render(typed)+st.Cursor.Render(" "), "",
			p.noteLine(), st.Hint.Render(c.T(i18n.OwnerEditHelp)))
	case pageConfirm:
		out = append(out, st.Warn.Render(c.F(i18n.OwnerCheckoutAsk, ctx.count.Inside)), "", p.noteLine())
	case pageQueue:
		out = append(out, p.queueLines(now)...)
		out = append(out, "", p.noteLine(), st.Hint.Render(c.T(i18n.OwnerQueueHelp)))
	case pageHealth:
		out = append(out, p.healthLines(now, ctx)...)
		out = append(out, "", p.noteLine(), st.Hint.Render(c.T(i18n.OwnerBackHelp)))
	}
	return out
}

// queueShown is how many dead letters the queue page lists at once.
const queueShown = 8

func (p ownerPanel) queueLines(now time.Time) []string {
	st, c := p.c.Styles, p.c.Lang
	q := p.queue
	var out []string
	if q.Waiting == 0 {
		out = append(out, st.OK.Render(c.T(i18n.OwnerQueueEmpty)))
	} else {
		out = append(out, st.Warn.Render(c.F(i18n.OwnerQueueWaiting, q.Waiting, ago(c, now, q.Oldest))))
	}
	out = append(out, st.Label.Render(c.F(i18n.OwnerQueueDead, len(q.Dead))))
	first := max(0, min(p.qcursor-queueShown/2, len(q.Dead)-queueShown))
	for i := first; i < min(len(q.Dead), first+queueShown); i++ {
		d := q.Dead[i]
		row := fmt.Sprintf("%s  %s  %s  %s", d.ScannedAt.Format("02.01 15:04"), safetext.Clean(d.MaskedIIN, 16),
			kindName(c, d.Kind), safetext.Clean(d.Reason, 50))
		if i == p.qcursor {
			out = append(out, st.Cursor.Render("▸ "+row+" "))
		} else {
			out = append(out, "  "+row)
		}
	}
	return out
}

func (p ownerPanel) healthLines(now time.Time, ctx ownerContext) []string {
	st, c := p.c.Styles, p.c.Lang
	h, idle := p.health, ctx.idle
	var out []string
	if line := idle.cameraLine(now); line != "" {
		out = append(out, line)
	}
	scan := c.T(i18n.HealthScannerNever)
	if !h.LastScan.IsZero() {
		scan = c.F(i18n.HealthScannerSeen, ago(c, now, h.LastScan))
	}
	out = append(out, st.Dim.Render(c.T(i18n.HealthScanner)+": "+scan))
	out = append(out, st.Dim.Render(c.F(i18n.HealthStorage, bytesText(h.FileBytes), bytesText(h.MaxBytes), h.Pending, h.Dead)))
	if idle.haveSync {
		s := idle.sync
		if s.ClockSkew > skewLimit || s.ClockSkew < -skewLimit {
			out = append(out, st.Warn.Render(c.F(i18n.HealthClock, span(c, s.ClockSkew))))
		} else {
			out = append(out, st.Dim.Render(c.T(i18n.HealthClockOK)))
		}
		link := c.T(i18n.Offline)
		if s.Link == syncer.LinkOnline {
			link = c.T(i18n.Online)
		}
		last := c.T(i18n.NeverSynced)
		if !s.LastSync.IsZero() {
			last = c.F(i18n.LastSync, ago(c, now, s.LastSync))
		}
		out = append(out, st.Dim.Render(c.T(i18n.HealthLastSync)+": "+link+" · "+last))
	}
	if h.SoundALSA {
		out = append(out, st.Dim.Render(c.F(i18n.HealthSoundALSA, safetext.Clean(h.SoundDevice, 30))))
	} else {
		out = append(out, st.Warn.Render(c.T(i18n.HealthSound)))
	}
	return out
}

// bytesText is a size in MiB with one decimal.
func bytesText(n int64) string {
	return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MiB"
}

// kindName is an event kind in the screen's language.
func kindName(c i18n.Catalog, k wire.Kind) string {
	switch k {
	case wire.Entry:
		return c.T(i18n.ModeEntrance)
	case wire.Exit:
		return c.T(i18n.ModeExit)
	}
	return c.T(i18n.EntryDenied)
}
