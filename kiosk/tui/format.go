package tui

import (
	"math"
	"time"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/wire"
)

// ago says how long before now t was, in the catalog's language.
func ago(c i18n.Catalog, now, t time.Time) string {
	return agoDur(c, now.Sub(t))
}

func agoDur(c i18n.Catalog, d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return c.T(i18n.JustNow)
	case d < time.Minute:
		return c.F(i18n.SecondsAgo, int(d/time.Second))
	case d < time.Hour:
		return c.F(i18n.MinutesAgo, int(d/time.Minute))
	case d < 48*time.Hour:
		return c.F(i18n.HoursAgo, int(d/time.Hour))
	}
	return c.F(i18n.DaysAgo, int(d/(24*time.Hour)))
}

// span formats a duration without sign, in the catalog's units: seconds
// when short, else rounded minutes, else rounded hours.
func span(c i18n.Catalog, d time.Duration) string {
	if d < 0 {
		d = -d
		if d < 0 { // -d overflowed: the most negative duration
			d = math.MaxInt64
		}
	}
	switch {
	case d < 2*time.Minute:
		return c.F(i18n.Seconds, int(d/time.Second))
	case d < 2*time.Hour:
		return c.F(i18n.Minutes, int(d.Round(time.Minute)/time.Minute))
	}
	return c.F(i18n.Hours, int(d.Round(time.Hour)/time.Hour))
}

// colourName is a status's name in the catalog's language, or "" for an
// unknown status.
func colourName(c i18n.Catalog, s wire.Status) string {
	switch s {
	case wire.Green:
		return c.T(i18n.ColourGreen)
	case wire.Yellow:
		return c.T(i18n.ColourYellow)
	case wire.Red:
		return c.T(i18n.ColourRed)
	case wire.Blue:
		return c.T(i18n.ColourBlue)
	}
	return ""
}

// because words why the registry gave a status ("Tested negative 2 d ago",
// "Contact of a sick person, until 12 March"), with dates in loc; "" when
// the upstream gave no reason, or one this kiosk does not know.
func because(c i18n.Catalog, r *wire.StatusReason, now time.Time, loc *time.Location) string {
	if r == nil {
		return ""
	}
	date := func(t time.Time) string {
		t = t.In(loc)
		return c.F(i18n.DayMonth, t.Day(), c.T(i18n.Month(t.Month())))
	}
	switch {
	case r.Code == wire.BecausePositive && !r.Until.IsZero():
		return c.F(i18n.BecausePositive, date(r.Until))
	case r.Code == wire.BecauseContact && !r.Until.IsZero():
		return c.F(i18n.BecauseContact, date(r.Until))
	case r.Code == wire.BecauseVaccinated && !r.Until.IsZero():
		return c.F(i18n.BecauseVaccinated, date(r.Until))
	case r.Code == wire.BecauseNegative && !r.Since.IsZero():
		return c.F(i18n.BecauseNegative, ago(c, now, r.Since))
	case r.Code == wire.BecauseManual:
		return c.T(i18n.BecauseManual)
	case r.Code == wire.BecauseNothing:
		return c.T(i18n.BecauseNothing)
	}
	return ""
}
