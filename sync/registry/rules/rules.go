// Package rules turns a person's facts into a colour at a moment: the
// registry's only judge. It is pure (no clock, no store): the caller says
// when, so a status expires by itself without a cron job, and the same facts
// and time give the same answer on every replica.
//
// Each fact makes a colour for a window of time: a positive test red from
// its collection for Positive, a contact yellow from the contact for
// Contact, a negative test green from its collection for Negative (or
// NegativeAntigen), a completed vaccination green for Vaccinated (0: off),
// a colour set by hand for as long as it is set. At a moment the most severe
// colour of the windows that hold wins (red > yellow > green > blue), so a
// later negative never clears an earlier positive before its window ends;
// no window: blue. docs/registry.md says where the defaults come from.
package rules

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/registry"
	"github.com/ashyq/kiosk/sync/wire"
)

// Day is 24 hours: windows are measured in elapsed time from the fact, not
// in calendar days of some zone.
const Day = 24 * time.Hour

// Rules are how long each kind of fact makes its colour.
type Rules struct {
	Positive        time.Duration // red from a positive test's collection
	Contact         time.Duration // yellow from the contact
	Negative        time.Duration // green from a negative PCR test's collection
	NegativeAntigen time.Duration // green from a negative antigen test's collection
	Vaccinated      time.Duration // green from a completed vaccination; 0: vaccinations give no colour
}

// Default is the rules docs/registry.md explains: positive 14 days, contact
// 14 days, negative 72 hours (antigen too), vaccinations off.
func Default() Rules {
	return Rules{Positive: 14 * Day, Contact: 14 * Day, Negative: 72 * time.Hour, NegativeAntigen: 72 * time.Hour}
}

// maxWindow bounds every window: ten years is "for good" for a rule.
const maxWindow = 3650 * Day

// Validate refuses negative or absurd windows, naming the rule.
func (r Rules) Validate() error {
	var errs []error
	for _, w := range []struct {
		name string
		d    time.Duration
		zero bool // may be 0
	}{{"positive", r.Positive, false}, {"contact", r.Contact, false}, {"negative", r.Negative, false},
		{"negative_antigen", r.NegativeAntigen, false}, {"vaccinated", r.Vaccinated, true}} {
		switch {
		case w.d < 0 || (w.d == 0 && !w.zero):
			errs = append(errs, fmt.Errorf("rule %s: %v is not a positive duration", w.name, w.d))
		case w.d > maxWindow:
			errs = append(errs, fmt.Errorf("rule %s: %v is longer than ten years", w.name, w.d))
		}
	}
	return errors.Join(errs...)
}

// Answer is a person's status at a moment.
type Answer struct {
	Status wire.Status
	// ValidUntil is the next moment the colour changes by time alone;
	// zero when no fact will change it.
	ValidUntil time.Time
	// Reason is the fact that decided, in as little personal data as the
	// door needs (wire.StatusReason).
	Reason wire.StatusReason
}

// window is one fact's colour over [from, until); a zero until is open.
type window struct {
	colour      wire.Status
	from, until time.Time
	fact        registry.Fact
	open        bool // no start: a colour set by hand holds whenever asked
}

func (w window) holds(t time.Time) bool {
	return (w.open || !t.Before(w.from)) && (w.until.IsZero() || t.Before(w.until))
}

// windows are the colour windows of the facts.
func (r Rules) windows(facts []registry.Fact) []window {
	out := make([]window, 0, len(facts))
	for _, f := range facts {
		if f.Retracted {
			continue
		}
		w := window{from: f.At, fact: f}
		switch {
		case f.Kind == registry.Test && f.Result == registry.Positive:
			w.colour, w.until = wire.Red, f.At.Add(r.Positive)
		case f.Kind == registry.Test && f.Result == registry.Negative && f.Method == registry.Antigen:
			w.colour, w.until = wire.Green, f.At.Add(r.NegativeAntigen)
		case f.Kind == registry.Test && f.Result == registry.Negative:
			w.colour, w.until = wire.Green, f.At.Add(r.Negative)
		case f.Kind == registry.Contact:
			w.colour, w.until = wire.Yellow, f.At.Add(r.Contact)
		case f.Kind == registry.Vaccination && f.Complete && r.Vaccinated > 0:
			w.colour, w.until = wire.Green, f.At.Add(r.Vaccinated)
		case f.Kind == registry.Manual && f.Colour.Valid() && f.Colour != wire.Blue:
			w.colour, w.open = f.Colour, true
		default:
			continue // inconclusive, incomplete vaccination, vaccinations off, manual blue
		}
		out = append(out, w)
	}
	return out
}

// severity orders the colours: the highest holding window wins.
func severity(s wire.Status) int {
	switch s {
	case wire.Red:
		return 3
	case wire.Yellow:
		return 2
	case wire.Green:
		return 1
	}
	return 0
}

// decide is the winning window at t; ok false when none holds (blue).
// Among windows of the winning colour the one that lasts longest decides
// (an open one before any other), so "until" names the end of that colour's
// longest cause; between equal ends the latest fact decides.
func decide(ws []window, t time.Time) (window, bool) {
	var best window
	found := false
	for _, w := range ws {
		if !w.holds(t) {
			continue
		}
		if !found || better(w, best) {
			best, found = w, true
		}
	}
	return best, found
}

func better(a, b window) bool {
	if sa, sb := severity(a.colour), severity(b.colour); sa != sb {
		return sa > sb
	}
	switch {
	case a.until.IsZero() != b.until.IsZero():
		return a.until.IsZero()
	case !a.until.Equal(b.until):
		return a.until.After(b.until)
	}
	return a.fact.At.After(b.fact.At)
}

// Evaluate is the status the facts give at t.
func (r Rules) Evaluate(facts []registry.Fact, t time.Time) Answer {
	ws := r.windows(facts)
	cur, ok := decide(ws, t)
	a := Answer{Status: wire.Blue, Reason: wire.StatusReason{Code: wire.BecauseNothing}}
	if ok {
		a.Status, a.Reason = cur.colour, reason(cur)
	} else {
		for _, f := range facts {
			if f.Kind == registry.Manual && f.Colour == wire.Blue && !f.Retracted {
				a.Reason.Code = wire.BecauseManual // blue set by hand: say so
			}
		}
	}
	// The colour can change only where a window starts or ends: try each
	// such moment after t in order.
	var edges []time.Time
	for _, w := range ws {
		if !w.open && w.from.After(t) {
			edges = append(edges, w.from)
		}
		if !w.until.IsZero() && w.until.After(t) {
			edges = append(edges, w.until)
		}
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].Before(edges[j]) })
	for _, e := range edges {
		next := wire.Blue
		if w, ok := decide(ws, e); ok {
			next = w.colour
		}
		if next != a.Status {
			a.ValidUntil = e
			break
		}
	}
	return a
}

// reason words the deciding window for the door: since for a negative test
// ("tested negative 2 days ago"), until for the rest ("contact, until 12
// March"), the method for a test, nothing else.
func reason(w window) wire.StatusReason {
	f := w.fact
	switch {
	case f.Kind == registry.Manual:
		return wire.StatusReason{Code: wire.BecauseManual}
	case f.Kind == registry.Contact:
		return wire.StatusReason{Code: wire.BecauseContact, Until: w.until}
	case f.Kind == registry.Vaccination:
		return wire.StatusReason{Code: wire.BecauseVaccinated, Until: w.until}
	case f.Result == registry.Positive:
		return wire.StatusReason{Code: wire.BecausePositive, Method: string(f.Method), Until: w.until}
	}
	return wire.StatusReason{Code: wire.BecauseNegative, Method: string(f.Method), Since: f.At, Until: w.until}
}

// ParseDuration reads a rule's duration: Go's form ("72h", "90m") or whole
// days ("14d").
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("duration %q: want whole days such as 14d, or hours such as 72h", s)
		}
		return time.Duration(n) * Day, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: want whole days such as 14d, or hours such as 72h", s)
	}
	return d, nil
}
