// Package report writes a venue's record of a period for an inspector: the
// records (IINs masked: the caller hands them so) as CSV, the counts per
// hour as CSV, and both as a printable PDF with a chart of the hours. The
// records come in pages from a function, never as a whole: a month of a
// busy venue is written with one page of records in memory at a time
// (the PDF's own document grows with its pages; it is compressed).
//
// Well-kept libraries do the formats: encoding/csv, codeberg.org/go-pdf/fpdf
// for the PDF (with DejaVu Sans, cut to Latin and Cyrillic with the Kazakh
// letters: fonts/gen.sh), github.com/go-analyze/charts for the chart (SVG
// for the owner's page, PNG in the PDF).
package report

import (
	"fmt"
	"time"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Period is what a report covers: [From, To) in the venue's zone.
type Period struct {
	Venue    string
	From, To time.Time
	Location *time.Location
	// Generated is when the report was made, and by whom (a credential id).
	Generated time.Time
	By        string
}

// Each calls fn with the period's records, in pages, in scan order; it
// stops at fn's first error.
type Each func(fn func([]wire.Event) error) error

// Totals adds up hour counts.
func Totals(hours []store.HourCount) store.HourCount {
	var t store.HourCount
	for _, h := range hours {
		t.Plus(h)
	}
	return t
}

// localTime shows a time in the venue's zone, to the second.
func (p Period) localTime(t time.Time) string { return t.In(p.loc()).Format("2006-01-02 15:04:05") }

func (p Period) loc() *time.Location {
	if p.Location == nil {
		return time.UTC
	}
	return p.Location
}

// zoneName names the period's zone for a reader: "Asia/Almaty (UTC+05:00)".
func (p Period) zoneName() string {
	_, off := p.From.In(p.loc()).Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%s (UTC%c%02d:%02d)", p.loc().String(), sign, off/3600, off%3600/60)
}

// kindWord and sourceWord say an event's kind and source in words an
// inspector reads.
func kindWord(k wire.Kind) string {
	switch k {
	case wire.Entry:
		return "entry"
	case wire.Exit:
		return "exit"
	case wire.Refusal:
		return "refused"
	case wire.Override:
		return "let in by staff"
	}
	return string(k)
}

func sourceWord(s wire.Source) string {
	switch s {
	case wire.SourceOnline:
		return "checked online"
	case wire.SourcePass:
		return "signed pass"
	case wire.SourceCache:
		return "saved status"
	case wire.SourceUnchecked, wire.SourceNone:
		return "NOT CHECKED"
	case wire.SourceSkipped:
		return "exit (no check)"
	}
	return string(s)
}

// reasonWords say a record's reason as an inspector reads it; another
// reason is shown as it came (cleaned).
var reasonWords = map[string]string{
	wire.ReasonStatus:        "health status",
	wire.ReasonOfflinePolicy: "nobody could check",
	wire.ReasonFull:          "venue full",
	wire.ReasonAlreadyInside: "already inside",
	wire.ReasonClosingTime:   "closed at closing time",
	wire.ReasonMaxStay:       "closed after the maximum stay",
	wire.ReasonCheckout:      "checked out by the owner",
	wire.OverrideStaffMember: "a member of staff",
	wire.OverridePaperResult: "paper result shown",
	wire.OverrideIDChecked:   "ID document checked",
	wire.OverrideManager:     "manager's decision",
}

// ReasonWord says a record's reason in words.
func ReasonWord(r string) string {
	if w, ok := reasonWords[r]; ok {
		return w
	}
	return safetext.Clean(r, 60)
}
