package tui

import (
	"errors"
	"strings"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/scanner"
)

// ResultWords is what the result screen says of a verdict (err nil) or of
// a scan that was not judged, in c's language, as plain lines: the titles,
// the headline, then the details. `ashyq-kiosk check` prints them for the
// person at the terminal beside its JSON line. staff says whether door
// staff have a code to let a refused person in.
func ResultWords(c i18n.Catalog, v door.Verdict, err error, staff bool) []string {
	var s screen
	if err != nil {
		s = errorScreenFor(c, err)
	} else {
		s = verdictScreen(c, v, screenOpts{staff: staff})
	}
	out := []string{strings.Join(s.titles, " · ")}
	if s.headline != "" && !s.headlineSaid {
		out = append(out, s.headline)
	}
	return append(out, s.details...)
}

// errorScreenFor is the screen of a scan that was not judged: the code
// refused with its reason, not recorded, or another failure.
func errorScreenFor(c i18n.Catalog, err error) screen {
	var pe *scanner.PayloadError
	switch {
	case errors.As(err, &pe):
		return invalidScreen(c, pe)
	case errors.Is(err, door.ErrNotRecorded):
		return notRecordedScreen(c, err)
	}
	return errorScreen(c, err)
}
