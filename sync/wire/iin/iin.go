// Package iin validates and masks Kazakhstan individual identification
// numbers (IIN): twelve digits holding a birth date, a century-and-sex digit,
// four registration digits and a check digit.
package iin

import (
	"errors"
	"fmt"
	"time"
)

// Each way an IIN can be wrong has its own error, so the screen can say why.
var (
	ErrLength       = errors.New("an IIN has exactly 12 digits")
	ErrNotDigits    = errors.New("an IIN has digits only")
	ErrCentury      = errors.New("the 7th digit (century and sex) must be 1 to 6")
	ErrBirthDate    = errors.New("the first six digits are not a real birth date")
	ErrCheckDigit   = errors.New("the check digit does not match")
	ErrNoCheckDigit = errors.New("no check digit exists for these digits")
)

// Error wraps one of the Err values with the (masked) number it concerns.
type Error struct {
	Masked string
	Err    error
}

func (e *Error) Error() string { return fmt.Sprintf("invalid IIN %s: %v", e.Masked, e.Err) }

// Unwrap lets errors.Is find the reason.
func (e *Error) Unwrap() error { return e.Err }

var (
	weights1 = [11]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	weights2 = [11]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2}
)

// CheckDigit computes the check digit for the first eleven digits of d.
// It returns ErrNoCheckDigit when both weight sets give 10.
func CheckDigit(d []byte) (int, error) {
	if len(d) < 11 {
		return 0, ErrLength
	}
	sum := func(w [11]int) int {
		s := 0
		for i, wi := range w {
			s += int(d[i]-'0') * wi
		}
		return s % 11
	}
	c := sum(weights1)
	if c == 10 {
		c = sum(weights2)
	}
	if c == 10 {
		return 0, ErrNoCheckDigit
	}
	return c, nil
}

// Validate checks an IIN and returns an *Error naming the first problem.
func Validate(s string) error {
	if err := validate(s); err != nil {
		return &Error{Masked: Mask(s), Err: err}
	}
	return nil
}

func validate(s string) error {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return ErrNotDigits
		}
	}
	if len(s) != 12 {
		return ErrLength
	}
	if c := s[6]; c < '1' || c > '6' {
		return ErrCentury
	}
	if _, ok := BirthDate(s); !ok {
		return ErrBirthDate
	}
	c, err := CheckDigit([]byte(s))
	if err != nil {
		return err
	}
	if int(s[11]-'0') != c {
		return ErrCheckDigit
	}
	return nil
}

// BirthDate decodes the birth date of a 12-digit IIN whose century digit is
// valid. ok is false when the date does not exist.
func BirthDate(s string) (time.Time, bool) {
	if len(s) < 7 {
		return time.Time{}, false
	}
	num := func(i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }
	century := map[byte]int{'1': 1800, '2': 1800, '3': 1900, '4': 1900, '5': 2000, '6': 2000}[s[6]]
	if century == 0 {
		return time.Time{}, false
	}
	y, m, d := century+num(0), num(2), num(4)
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// Male decodes the sex of an IIN from its century digit (odd: male, even:
// female). ok is false when that digit is not 1 to 6.
func Male(s string) (male, ok bool) {
	if len(s) < 7 || s[6] < '1' || s[6] > '6' {
		return false, false
	}
	return (s[6]-'0')%2 == 1, true
}

// Mask hides all but the last four characters: "900101300017" becomes
// "••••••••0017". Anything shorter than five characters is hidden entirely,
// and a non-digit among the last four shows as '?'.
// Use it for every IIN that reaches a screen or a log.
func Mask(s string) string {
	const dot = "•"
	r := []rune(s)
	if len(r) <= 4 {
		out := ""
		for range r {
			out += dot
		}
		return out
	}
	out := make([]rune, 0, len(r))
	for i := range r {
		switch {
		case i < len(r)-4:
			out = append(out, '•')
		case r[i] >= '0' && r[i] <= '9':
			out = append(out, r[i])
		default:
			out = append(out, '?') // never echo untrusted non-digits
		}
	}
	return string(out)
}
