package scanner

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Reasons a payload is not accepted, besides the iin package's own errors.
// Each maps to a specific message on screen: "nothing happens" is never an
// answer.
var (
	ErrEmpty       = errors.New("the code is empty")
	ErrTooLong     = errors.New("the code is too long to be an Ashyq code")
	ErrWebLink     = errors.New("the code is a web link, not an Ashyq code")
	ErrEUDCC       = errors.New("EU digital COVID certificates are not supported here")
	ErrUnsupported = errors.New("this kind of code is not supported")

	// ErrCutOff: a scanner started a code and never finished it (unplugged
	// halfway, a burst that stopped before Enter, lost input events).
	ErrCutOff = errors.New("the code was cut off before its end; scan it again")
	// ErrVenueCode: a venue's door code (the poster visitors scan with
	// their phone) was held to the kiosk instead of a personal code.
	ErrVenueCode = errors.New("this is a venue's door code, not a personal code")
	// ErrIDCardForeign: the machine-readable zone of an ID card that
	// Kazakhstan did not issue; it carries no IIN.
	ErrIDCardForeign = errors.New("this ID card was not issued in Kazakhstan")
	// ErrIDCardUnread: an ID card's machine-readable zone with a wrong
	// check digit, or only its second or third line.
	ErrIDCardUnread = errors.New("the ID card's code did not read correctly")
)

// Kind is what a payload turned out to be.
type Kind string

// Payload kinds.
const (
	// KindIIN is a bare IIN: typed, the barcode on the back of a Kazakh
	// ID card (which holds the twelve digits and nothing else), or a QR
	// code of them.
	KindIIN Kind = "iin"
	// KindIDCard is the machine-readable zone of a Kazakh ID card (ICAO
	// 9303 TD1) read by an MRZ reader; the IIN comes from its first line.
	KindIDCard Kind = "id-card"
	// KindPass is a signed pass (the "AQ1:" format of docs/pass-format.md).
	// Classify only recognises the prefix; the pass verifier judges it.
	KindPass Kind = "pass"
)

// Code is a classified, valid payload.
type Code struct {
	Kind Kind
	// IIN is the visitor's IIN for KindIIN and KindIDCard.
	IIN string
	// Pass is the whole payload for KindPass, white space trimmed.
	Pass string
}

// MaxPass is the longest pass the kiosk reads: an issued pass fits QR
// version 10 (at most 395 alphanumeric characters), so anything far longer
// is refused before the verifier parses it.
const MaxPass = 1024

// PassPrefix starts every pass; VenuePrefix starts a venue's door code.
const (
	PassPrefix  = "AQ"
	VenuePrefix = "AQV"
)

// PayloadError says why a payload was refused. Err is one of the Err values
// of this package or of package iin; match it with errors.Is.
type PayloadError struct {
	Err error
	// Shown is a sanitized, shortened form of the payload, safe for a
	// terminal; IIN-looking input is masked.
	Shown string
}

func (e *PayloadError) Error() string {
	if e.Shown == "" {
		return e.Err.Error()
	}
	return fmt.Sprintf("%v (%s)", e.Err, e.Shown)
}

// Unwrap lets errors.Is find the reason.
func (e *PayloadError) Unwrap() error { return e.Err }

// ClassifyScan classifies a scan from any source: a scan its source saw
// cut off is refused with ErrCutOff, anything else goes through Classify.
func ClassifyScan(s Scan) (Code, error) {
	if s.Cut {
		return Code{}, &PayloadError{Err: ErrCutOff}
	}
	return Classify(s.Payload)
}

// Classify decides what a raw payload is. Surrounding white space (a wedge
// scanner's CR, LF or Tab) is ignored; anything else that is not a valid code
// gives a *PayloadError with a specific reason.
func Classify(raw string) (Code, error) {
	if len(raw) > MaxPayload {
		return Code{}, &PayloadError{Err: ErrTooLong, Shown: safetext.Clean(raw, 24)}
	}
	p := strings.TrimSpace(raw)
	upper := strings.ToUpper(p)
	switch {
	case p == "":
		return Code{}, &PayloadError{Err: ErrEmpty}
	case strings.HasPrefix(upper, "HC1:"):
		return Code{}, &PayloadError{Err: ErrEUDCC}
	case isVenueCode(p, upper):
		return Code{}, &PayloadError{Err: ErrVenueCode, Shown: safetext.Clean(p, 40)}
	case isPass(capsLockUndone(p)):
		p = capsLockUndone(p)
		if len(p) > MaxPass {
			return Code{}, &PayloadError{Err: ErrTooLong, Shown: safetext.Clean(p, 24)}
		}
		return Code{Kind: KindPass, Pass: p}, nil
	case strings.HasPrefix(upper, "HTTP://") || strings.HasPrefix(upper, "HTTPS://"):
		return Code{}, &PayloadError{Err: ErrWebLink, Shown: safetext.Clean(p, 40)}
	case looksLikeMRZ(capsLockUndone(p)):
		return classifyMRZ(capsLockUndone(p))
	case looksLikeIIN(p):
		if err := iin.Validate(p); err != nil {
			var ie *iin.Error
			if errors.As(err, &ie) {
				return Code{}, &PayloadError{Err: ie.Err, Shown: iin.Mask(p)}
			}
			return Code{}, &PayloadError{Err: err, Shown: iin.Mask(p)}
		}
		return Code{Kind: KindIIN, IIN: p}, nil
	}
	return Code{}, &PayloadError{Err: ErrUnsupported, Shown: safetext.Clean(p, 24)}
}

// looksLikeIIN is true for input that a person meant as an IIN: mostly digits
// and short. Such input gets the IIN's own reason (length, check digit, ...)
// rather than "unsupported code".
func looksLikeIIN(p string) bool {
	if len(p) > 20 {
		return false
	}
	digits := 0
	for i := 0; i < len(p); i++ {
		if p[i] >= '0' && p[i] <= '9' {
			digits++
		}
	}
	return digits*2 > len(p)
}

// isPass matches the pass prefix: "AQ", a version number, ":" ("AQ1:...").
// A version this kiosk does not know is still a pass, so the verifier can
// say "unsupported version" rather than "unsupported code".
func isPass(p string) bool {
	rest, ok := strings.CutPrefix(p, PassPrefix)
	if !ok {
		return false
	}
	n := 0
	for n < len(rest) && n < 3 && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	return n > 0 && n < len(rest) && rest[n] == ':'
}

// isVenueCode matches a venue's door code: this system's "AQV1:venue/door"
// posters, the ashyq:venue: scheme, links to a venue page (/venue/,
// /venues/, ?venue=) and links to the Ashyq service's own pages (the state
// system's door posters were links a visitor's phone opened).
func isVenueCode(p, upper string) bool {
	if rest, ok := strings.CutPrefix(p, VenuePrefix); ok && isPass("AQ"+rest) {
		return true
	}
	if strings.HasPrefix(upper, "ASHYQ:VENUE:") {
		return true
	}
	host, ok := strings.CutPrefix(upper, "HTTPS://")
	if !ok {
		host, ok = strings.CutPrefix(upper, "HTTP://")
	}
	if !ok {
		return false
	}
	if strings.Contains(host, "/VENUE/") || strings.Contains(host, "/VENUES/") || strings.Contains(host, "?VENUE=") {
		return true // a link to any venue page
	}
	host, _, _ = strings.Cut(host, "/")
	return host == "ASHYQ.KZ" || strings.HasSuffix(host, ".ASHYQ.KZ")
}

// capsLockUndone reverses caps lock on a host terminal, which turns the
// upper-case letters of a pass or an ID card's zone (their alphabets have no
// lower-case letters) into lower case: a payload with no upper-case letter
// is upper-cased. Mixed case is left alone.
func capsLockUndone(p string) string {
	if strings.ToLower(p) == p {
		return strings.ToUpper(p)
	}
	return p
}
