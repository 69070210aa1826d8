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
	// ErrVenueCode: the code on a venue's poster, which visitors scan with
	// their own phone, held up to the kiosk instead of a personal code.
	ErrVenueCode = errors.New("the code is a venue code, not a personal one")
)

// Kind is what a payload turned out to be.
type Kind string

// Payload kinds.
const (
	KindIIN Kind = "iin" // a bare IIN: typed, from an ID card barcode, or a QR code
)

// Code is a classified, valid payload.
type Code struct {
	Kind Kind
	IIN  string
}

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
	case isVenueCode(upper):
		return Code{}, &PayloadError{Err: ErrVenueCode, Shown: safetext.Clean(p, 40)}
	case strings.HasPrefix(upper, "HTTP://") || strings.HasPrefix(upper, "HTTPS://"):
		return Code{}, &PayloadError{Err: ErrWebLink, Shown: safetext.Clean(p, 40)}
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

// isVenueCode recognises a venue's own code (upper-cased): the ashyq:venue:
// scheme, or a web link to a venue page.
func isVenueCode(upper string) bool {
	if strings.HasPrefix(upper, "ASHYQ:VENUE:") {
		return true
	}
	web := strings.HasPrefix(upper, "HTTP://") || strings.HasPrefix(upper, "HTTPS://")
	return web && (strings.Contains(upper, "/VENUE/") || strings.Contains(upper, "/VENUES/") || strings.Contains(upper, "?VENUE="))
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
