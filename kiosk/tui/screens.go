package tui

import (
	"errors"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui/bigtext"
	"github.com/ashyq/kiosk/kiosk/tui/common"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// verdictScreen: the status colour, its name and the verdict with its
// symbol (a tick, a cross, an arrow: colour is never the only signal), then
// the masked IIN, where the status came from and why a refusal was made. A
// visitor turned away because the venue is full gets a screen of its own
// colour and symbol, with the status as a detail.
func verdictScreen(c i18n.Catalog, v door.Verdict) screen {
	word := v.Word()
	s := screen{tone: common.StatusTone(v.Status)}
	if word == door.WordFull {
		s.tone = common.ToneFull
	} else if name := colourName(c, v.Status); name != "" {
		s.titles = append(s.titles, name)
	}
	s.titles = append(s.titles, string(verdictSymbol(word))+" "+verdictTitle(c, v))
	// MaskedIIN comes from the engine; mask again in case it did not.
	s.details = append(s.details, c.F(i18n.IINLabel, iin.Mask(safetext.Clean(v.MaskedIIN, 20))))
	if word == door.WordFull {
		s.details = append(s.details, c.F(i18n.StatusWas, colourName(c, v.Status)))
	}
	switch v.Source {
	case wire.SourceOnline:
		s.details = append(s.details, c.T(i18n.SourceOnline))
		if why := because(c, v.StatusReason, v.At, time.Local); why != "" {
			s.details = append(s.details, why)
		}
	case wire.SourcePass:
		s.details = append(s.details, c.T(i18n.SourcePass))
	case wire.SourceCache:
		s.details = append(s.details, c.F(i18n.SourceCache, agoDur(c, v.CacheAge)))
	case wire.SourceNone:
		s.details = append(s.details, c.T(i18n.SourceNone))
	case wire.SourceSkipped:
		s.details = append(s.details, c.T(i18n.ExitRecorded))
	}
	if v.PassNote != "" {
		s.details = append(s.details, c.F(i18n.PassNote, c.T(i18n.PassReason(v.PassNote))))
	}
	switch {
	case word == door.WordFull:
		s.details = append(s.details, c.F(i18n.FullDetail, v.Inside, v.Capacity))
	case v.Kind == wire.Refusal || !v.Allowed:
		s.details = append(s.details, refusalReason(c, v))
	case v.Reason == wire.ReasonAlreadyInside:
		s.details = append(s.details, c.T(i18n.AlreadyInside))
	}
	return s
}

// verdictSymbol is drawn in the big font beside the verdict's word.
func verdictSymbol(w door.Word) rune {
	switch w {
	case door.WordWelcome:
		return bigtext.Tick
	case door.WordGoodbye:
		return bigtext.Arrow
	case door.WordFull:
		return bigtext.NoEntry
	}
	return bigtext.Cross
}

func verdictTitle(c i18n.Catalog, v door.Verdict) string {
	switch v.Word() {
	case door.WordGoodbye:
		return c.T(i18n.Goodbye)
	case door.WordWelcome:
		return c.T(i18n.Welcome)
	case door.WordFull:
		return c.T(i18n.Full)
	}
	return c.T(i18n.EntryDenied)
}

// refusalReason says exactly why: which status, or the offline policy.
func refusalReason(c i18n.Catalog, v door.Verdict) string {
	switch {
	case v.Reason == wire.ReasonStatus && v.Status == wire.Red:
		return c.T(i18n.RefusedRed)
	case v.Reason == wire.ReasonStatus && v.Status == wire.Yellow:
		return c.T(i18n.RefusedYellow)
	case v.Reason == wire.ReasonStatus:
		return c.T(i18n.RefusedStatus)
	case v.Reason == wire.ReasonOfflinePolicy:
		return c.T(i18n.RefusedOffline)
	}
	return c.F(i18n.RefusedOther, safetext.Clean(v.Reason, 60))
}

// invalidScreen: the code was refused before anything was recorded, with
// the specific reason, never a bare "error".
func invalidScreen(c i18n.Catalog, pe *scanner.PayloadError) screen {
	s := screen{tone: common.ToneInvalid, titles: []string{"? " + c.T(i18n.CodeNotAccepted)}}
	s.details = append(s.details, c.T(payloadReason(pe.Err)))
	if used := usedAt(c, pe.Err); used != "" {
		s.details = append(s.details, used)
	}
	if pe.Shown != "" {
		s.details = append(s.details, c.F(i18n.ScannedCode, safetext.Clean(pe.Shown, 40)))
	}
	s.details = append(s.details, c.T(i18n.NothingRecorded))
	return s
}

// usedAt says where and when another door used a code first, or "".
func usedAt(c i18n.Catalog, err error) string {
	var ue *door.ProofUsedError
	switch {
	case !errors.As(err, &ue):
		return ""
	case ue.Used.OtherVenue:
		return c.F(i18n.PassUsedOtherVenue, agoDur(c, ue.Ago))
	}
	return c.F(i18n.PassUsedAt, safetext.Clean(ue.Used.Door, 40), agoDur(c, ue.Ago))
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
	{scanner.ErrVenueCode, i18n.ReasonVenue},
	{scanner.ErrIDCardForeign, i18n.ReasonIDCardForeign},
	{scanner.ErrIDCardUnread, i18n.ReasonIDCardUnread},
	{iin.ErrLength, i18n.ReasonLength},
	{iin.ErrNotDigits, i18n.ReasonNotDigits},
	{iin.ErrCentury, i18n.ReasonCentury},
	{iin.ErrBirthDate, i18n.ReasonBirthDate},
	{iin.ErrCheckDigit, i18n.ReasonCheckDigit},
	{iin.ErrNoCheckDigit, i18n.ReasonNoCheckDigit},
}

func payloadReason(err error) i18n.Key {
	if r := door.PassReasonOf(err); r != "" {
		return i18n.PassReason(r)
	}
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
	cause := c.T(i18n.NotRecordedStorage)
	if errors.Is(err, outbox.ErrFull) {
		cause = problemText(c, syncer.ProblemOutboxFull, 0)
	}
	return screen{
		tone:    common.ToneNotRecorded,
		titles:  []string{"! " + c.T(i18n.NotRecorded)},
		details: []string{c.T(i18n.CallStaff), cause, c.T(i18n.SeeTheLog)},
	}
}

// errorScreen: anything else went wrong. The error's own text is English
// and for the log; the screen says it in the screen's language.
func errorScreen(c i18n.Catalog, err error) screen {
	return screen{
		tone:    common.ToneError,
		titles:  []string{"! " + c.T(i18n.ErrorTitle)},
		details: []string{c.T(i18n.SeeTheLog), c.T(i18n.CallStaff)},
	}
}
