package tui

import (
	"errors"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// bigRowsMin is the height of one line of big text without accents.
const bigRowsMin = 7

// verdictScreen: the status colour, its name and the verdict, then the
// masked IIN, where the status came from and why a refusal was made.
func verdictScreen(c i18n.Catalog, v door.Verdict) screen {
	s := screen{tone: common.StatusTone(v.Status)}
	if name := colourName(c, v.Status); name != "" {
		s.titles = append(s.titles, name)
	}
	s.titles = append(s.titles, verdictTitle(c, v))
	// MaskedIIN comes from the engine; mask again in case it did not.
	s.details = append(s.details, c.F(i18n.IINLabel, iin.Mask(safetext.Clean(v.MaskedIIN, 20))))
	switch v.Source {
	case wire.SourceOnline:
		s.details = append(s.details, c.T(i18n.SourceOnline))
	case wire.SourceCache:
		s.details = append(s.details, c.F(i18n.SourceCache, agoDur(c, v.CacheAge)))
	case wire.SourceNone:
		s.details = append(s.details, c.T(i18n.SourceNone))
	}
	if v.Kind == wire.Refusal || !v.Allowed {
		s.details = append(s.details, refusalReason(c, v.Reason))
	}
	return s
}

func verdictTitle(c i18n.Catalog, v door.Verdict) string {
	switch v.Word() {
	case door.WordGoodbye:
		return c.T(i18n.Goodbye)
	case door.WordWelcome:
		return c.T(i18n.Welcome)
	}
	return c.T(i18n.EntryDenied)
}

func refusalReason(c i18n.Catalog, reason string) string {
	switch reason {
	case wire.ReasonStatus:
		return c.T(i18n.RefusedStatus)
	case wire.ReasonOfflinePolicy:
		return c.T(i18n.RefusedOffline)
	}
	return c.F(i18n.RefusedOther, safetext.Clean(reason, 60))
}

// invalidScreen: the code was refused before anything was recorded, with
// the specific reason, never a bare "error".
func invalidScreen(c i18n.Catalog, pe *scanner.PayloadError) screen {
	s := screen{tone: common.ToneInvalid, titles: []string{c.T(i18n.CodeNotAccepted)}}
	s.details = append(s.details, c.T(payloadReason(pe.Err)))
	if pe.Shown != "" {
		s.details = append(s.details, c.F(i18n.ScannedCode, safetext.Clean(pe.Shown, 40)))
	}
	s.details = append(s.details, c.T(i18n.NothingRecorded))
	return s
}

// payloadReasons maps each reason the classifier gives to its message.
var payloadReasons = []struct {
	err error
	key i18n.Key
}{
	{scanner.ErrEmpty, i18n.ReasonEmpty},
	{scanner.ErrTooLong, i18n.ReasonTooLong},
	{scanner.ErrWebLink, i18n.ReasonWebLink},
	{scanner.ErrEUDCC, i18n.ReasonEUDCC},
	{scanner.ErrUnsupported, i18n.ReasonUnsupported},
	{scanner.ErrCutOff, i18n.ReasonCutOff},
	{scanner.ErrVenueCode, i18n.ReasonVenueCode},
	{scanner.ErrIDCardForeign, i18n.ReasonIDCardForeign},
	{scanner.ErrIDCardUnread, i18n.ReasonIDCardUnread},
	{door.ErrPassNotChecked, i18n.ReasonPassNotChecked},
	{iin.ErrLength, i18n.ReasonLength},
	{iin.ErrNotDigits, i18n.ReasonNotDigits},
	{iin.ErrCentury, i18n.ReasonCentury},
	{iin.ErrBirthDate, i18n.ReasonBirthDate},
	{iin.ErrCheckDigit, i18n.ReasonCheckDigit},
	{iin.ErrNoCheckDigit, i18n.ReasonNoCheckDigit},
}

func payloadReason(err error) i18n.Key {
	for _, r := range payloadReasons {
		if errors.Is(err, r.err) {
			return r.key
		}
	}
	return i18n.ReasonUnknown
}

// notRecordedScreen: storage failed, so there is no verdict; staff must
// act. The cause is shown sanitized, for whoever fixes the device.
func notRecordedScreen(c i18n.Catalog, err error) screen {
	return screen{
		tone:    common.ToneNotRecorded,
		titles:  []string{c.T(i18n.NotRecorded)},
		details: []string{c.T(i18n.CallStaff), safetext.Clean(err.Error(), 160)},
	}
}

// errorScreen: anything else went wrong.
func errorScreen(c i18n.Catalog, err error) screen {
	return screen{
		tone:    common.ToneError,
		titles:  []string{c.T(i18n.ErrorTitle)},
		details: []string{safetext.Clean(err.Error(), 160), c.T(i18n.CallStaff)},
	}
}
