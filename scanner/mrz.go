package scanner

import (
	"errors"
	"strings"

	"github.com/ashyq/kiosk/sync/wire/iin"
)

// The machine-readable zone (MRZ) of an ID card, ICAO Doc 9303 part 5
// (TD1): three lines of 30 characters from A-Z, 0-9 and '<'. A Kazakh ID
// card (issued since December 2014) carries the holder's IIN at the end of
// its first line, in the optional data field:
//
//	IDKAZ0123456784900101300017<<<   document code, state, document number + check digit, IIN, filler
//	9001011M3001019KAZ<<<<<<<<<<<6   birth date + check, sex, expiry + check, nationality, ..., composite check
//	SURNAME<<GIVEN<NAMES<<<<<<<<<<
//
// An MRZ reader on a serial port sends the lines separated by CR or LF;
// Classify accepts the whole zone or its first line alone, checks the
// document number's check digit, and when the second line is there, that
// its birth date (with its check digit) is the IIN's.
const mrzLine = 30

// looksLikeMRZ: a first line of an ID card's zone, alone or followed by the
// others, or a second or third line alone (a reader that sent the lines as
// separate codes).
func looksLikeMRZ(p string) bool {
	lines := mrzLines(p)
	if len(lines) == 0 || len(lines) > 3 {
		return false
	}
	for _, l := range lines {
		if len(l) != mrzLine || strings.Trim(l, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<") != "" {
			return false
		}
	}
	return true
}

// mrzLines splits at line breaks; a zone sent without them (90 characters)
// is split every 30.
func mrzLines(p string) []string {
	lines := strings.FieldsFunc(p, func(r rune) bool { return r == '\r' || r == '\n' })
	if len(lines) == 1 && len(p) == 3*mrzLine {
		return []string{p[:mrzLine], p[mrzLine : 2*mrzLine], p[2*mrzLine:]}
	}
	return lines
}

func classifyMRZ(p string) (Code, error) {
	lines := mrzLines(p)
	first := lines[0]
	if !isTD1First(first) {
		// A second or third line on its own: the reader split the zone.
		return Code{}, &PayloadError{Err: ErrIDCardUnread}
	}
	if first[2:5] != "KAZ" {
		return Code{}, &PayloadError{Err: ErrIDCardForeign, Shown: first[2:5]}
	}
	if mrzCheck(first[5:14]) != first[14] {
		return Code{}, &PayloadError{Err: ErrIDCardUnread}
	}
	number := strings.TrimRight(first[15:30], "<")
	if err := iin.Validate(number); err != nil {
		var ie *iin.Error
		if errors.As(err, &ie) {
			err = ie.Err
		}
		return Code{}, &PayloadError{Err: err, Shown: iin.Mask(number)}
	}
	if len(lines) >= 2 {
		second := lines[1]
		if mrzCheck(second[0:6]) != second[6] || second[0:6] != number[0:6] {
			return Code{}, &PayloadError{Err: ErrIDCardUnread}
		}
	}
	return Code{Kind: KindIDCard, IIN: number}, nil
}

// isTD1First: document code I, A or C, then a letter or filler, then a
// three-letter state.
func isTD1First(l string) bool {
	if !strings.ContainsRune("IAC", rune(l[0])) {
		return false
	}
	for _, c := range l[2:5] {
		if (c < 'A' || c > 'Z') && c != '<' {
			return false
		}
	}
	return true
}

// mrzCheck is Doc 9303's check digit: weights 7, 3, 1 repeating; digits
// count as themselves, A-Z as 10-35, '<' as 0; the sum modulo 10.
func mrzCheck(s string) byte {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		v := 0
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10)
}
