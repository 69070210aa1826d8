package fhirin

import (
	"fmt"
	"regexp"
	"time"

	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// fhirDateTime is FHIR R4's dateTime: a year, a month, a day, or a time of
// day with seconds and a zone (the specification's regular expression).
var fhirDateTime = regexp.MustCompile(`^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$`)

// parseDay reads a FHIR dateTime with at least a day: a date alone is the
// start of that day in zone. A year or a month alone is too vague for a
// fact that lasts days, and refused.
func parseDay(s string, zone *time.Location) (time.Time, error) {
	if !fhirDateTime.MatchString(s) {
		return time.Time{}, fmt.Errorf("%q is not a FHIR dateTime (2021-03-01, or 2021-03-01T09:30:00+05:00)", clip(s, 40))
	}
	switch len(s) {
	case 4, 7:
		return time.Time{}, fmt.Errorf("%q has no day: a date or a date and time is needed", s)
	case 10:
		t, err := time.ParseInLocation(time.DateOnly, s, zone)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q is not a date: %v", s, err)
		}
		return t.UTC(), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil { // a leap second, or 31 February, passes the expression
		return time.Time{}, fmt.Errorf("%q is not a valid time: %v", s, err)
	}
	return t.UTC(), nil
}

// clip makes untrusted text safe to quote back in a message: at most n
// runes, no control characters, any run of twelve digits masked.
func clip(s string, n int) string { return safetext.Clean(s, n) }
