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

// screenOpts are the kiosk's settings a verdict screen depends on.
type screenOpts struct {
	identity bool // show the birth date and sex the IIN holds
	staff    bool // a staff code is set: staff can let a refused person in
}

// verdictScreen: the status colour, its name and the verdict with its
// symbol (a tick, a cross, an arrow: colour is never the only signal), a
// headline that grows with the screen (why, in a few words), then the
// masked IIN, where the status came from and why a refusal was made. A
// visitor turned away because the venue is full gets a screen of its own
// colour and symbol, with the status as a detail; a person nobody could
// check gets NOT CHECKED (never a colour, never a tick), and a person staff
// let in gets a screen of its own.
func verdictScreen(c i18n.Catalog, v door.Verdict, o screenOpts) screen {
	switch v.Word() {
	case door.WordUnchecked:
		return uncheckedScreen(c, v, o)
	case door.WordAdmitted:
		return admittedScreen(c, v, o)
	}
	word := v.Word()
	s := screen{tone: common.StatusTone(v.Status)}
	if word == door.WordFull {
		s.tone = common.ToneFull
	} else if name := colourName(c, v.Status); name != "" {
		s.titles = append(s.titles, name)
	}
	sym := string(verdictSymbol(word))
	s.titles = append(s.titles, sym+" "+verdictTitle(c, v))
	if len(s.titles) == 2 {
		// On a small screen "✗ ENTRY DENIED" takes two lines where
		// "ENTRY DENIED" takes one: the symbol may go beside the colour.
		s.alt = []string{sym + " " + s.titles[0], verdictTitle(c, v)}
	}
	s.main = len(s.titles) - 1
	// Every headline of a checked verdict repeats a detail (the refusal's
	// reason, already inside, the saved status).
	s.headline, s.headlineSaid = headline(c, v), true
	s.details = append(s.details, personLines(c, v, o)...)
	if word == door.WordFull {
		s.details = append(s.details, c.F(i18n.StatusWas, statusName(c, v)))
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
	case wire.SourceSkipped:
		s.details = append(s.details, c.T(i18n.ExitRecorded))
	}
	if v.PassNote != "" {
		s.details = append(s.details, c.F(i18n.PassNote, c.T(i18n.PassReason(v.PassNote))))
	}
	switch {
	case word == door.WordFull && v.Capacity > 0 && v.Inside > int64(v.Capacity):
		s.details = append(s.details, c.F(i18n.OverLimit, v.Inside, v.Capacity))
	case word == door.WordFull:
		s.details = append(s.details, c.F(i18n.FullDetail, v.Inside, v.Capacity))
	case v.Kind == wire.Refusal || !v.Allowed:
		s.details = append(s.details, refusalReason(c, v))
	case v.Reason == wire.ReasonAlreadyInside:
		s.details = append(s.details, c.T(i18n.AlreadyInside))
	}
	if door.CanOverride(v) && o.staff {
		s.details = append(s.details, c.T(i18n.OverrideHint))
	}
	return s
}

// uncheckedScreen: nobody could check the person. Its own colour and
// symbol, NOT CHECKED and what the policy did, why in a headline, and what
// staff should do; never a status colour, never a tick, whatever the
// policy.
func uncheckedScreen(c i18n.Catalog, v door.Verdict, o screenOpts) screen {
	s := screen{tone: common.ToneUnchecked, headline: c.T(uncheckedWhy(v.Unchecked))}
	var next, do i18n.Key
	switch {
	case v.Allowed:
		next, do = i18n.UncheckedLetIn, i18n.UncheckedDoAdmit
	case v.Policy == door.PolicyAsk && o.staff:
		next, do = i18n.UncheckedAsk, i18n.UncheckedDoAsk
	case v.Policy == door.PolicyAsk:
		next, do = i18n.UncheckedNoEntry, i18n.UncheckedNoStaff
	default:
		next, do = i18n.UncheckedNoEntry, i18n.UncheckedDoRefuse
	}
	s.titles = []string{string(bigtext.Box) + " " + c.T(i18n.NotChecked), c.T(next)}
	s.details = append(s.details, personLines(c, v, o)...)
	s.details = append(s.details, c.T(i18n.UncheckedWhat), c.T(do))
	if v.PassNote != "" {
		s.details = append(s.details, c.F(i18n.PassNote, c.T(i18n.PassReason(v.PassNote))))
	}
	return s
}

// admittedScreen: door staff let a refused person in. The reason is the
// headline; the status the refusal had is a detail, never the colour.
func admittedScreen(c i18n.Catalog, v door.Verdict, o screenOpts) screen {
	s := screen{tone: common.ToneAdmitted, titles: []string{string(bigtext.Flag) + " " + c.T(i18n.Admitted)},
		headline: c.T(overrideReasonKey(v.Reason))}
	s.details = append(s.details, personLines(c, v, o)...)
	s.details = append(s.details, c.F(i18n.StatusWas, statusName(c, v)),
		c.F(i18n.OverrideBy, safetext.Clean(v.Staff, wire.MaxStaff)))
	return s
}

// personLines are the masked IIN and, when the kiosk shows it, the birth
// date and sex the IIN holds, for staff to compare with an ID card.
func personLines(c i18n.Catalog, v door.Verdict, o screenOpts) []string {
	// MaskedIIN comes from the engine; mask again in case it did not.
	out := []string{c.F(i18n.IINLabel, iin.Mask(safetext.Clean(v.MaskedIIN, 20)))}
	if line := identityLine(c, v.Identity); o.identity && v.Kind != wire.Exit && line != "" {
		out = append(out, line)
	}
	return out
}

// identityLine words an identity: "Born 01.01.1990 · male"; "" when the
// IIN holds none.
func identityLine(c i18n.Catalog, id door.Identity) string {
	if id.Born.IsZero() || id.Sex == "" {
		return ""
	}
	sex := c.T(i18n.SexFemale)
	if id.Sex == door.Male {
		sex = c.T(i18n.SexMale)
	}
	return c.F(i18n.IdentityLine, id.Born.Format("02.01.2006"), sex)
}

// statusName is the status's name, or "not checked" for a person nobody
// could check.
func statusName(c i18n.Catalog, v door.Verdict) string {
	if v.Source.Unchecked() || v.Status == "" {
		return c.T(i18n.NotCheckedWord)
	}
	return colourName(c, v.Status)
}

// headline says why in a few words, in the big font when the screen has
// room: the refusal's reason, already inside, a saved status.
func headline(c i18n.Catalog, v door.Verdict) string {
	switch {
	case v.Word() == door.WordFull:
		return c.T(i18n.HeadFull)
	case v.Reason == wire.ReasonStatus && v.Status == wire.Red:
		return c.T(i18n.HeadRed)
	case v.Reason == wire.ReasonStatus && v.Status == wire.Yellow:
		return c.T(i18n.HeadYellow)
	case v.Reason == wire.ReasonAlreadyInside:
		return c.T(i18n.HeadAlreadyInside)
	case v.Source == wire.SourceCache:
		return c.T(i18n.HeadSavedStatus)
	}
	return ""
}

// uncheckedWhy words why nobody could check the person.
func uncheckedWhy(u door.Unchecked) i18n.Key {
	switch u {
	case door.UncheckedTokenRefused:
		return i18n.WhyTokenRefused
	case door.UncheckedUpstreamError:
		return i18n.WhyUpstreamError
	case door.UncheckedNotAsked:
		return i18n.WhyNotAsked
	}
	return i18n.WhyUnreachable
}

// overrideReasonKey words an override's reason.
func overrideReasonKey(r string) i18n.Key {
	switch r {
	case wire.OverrideStaffMember:
		return i18n.ReasonStaffMember
	case wire.OverridePaperResult:
		return i18n.ReasonPaperResult
	case wire.OverrideIDChecked:
		return i18n.ReasonIDChecked
	case wire.OverrideManager:
		return i18n.ReasonManager
	}
	return i18n.ReasonOther
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
