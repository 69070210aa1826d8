package iin

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redact masks every IIN-shaped part of free text: each run of twelve or more
// decimal digits, in any Unicode digit script (ASCII, fullwidth, Arabic-Indic,
// Devanagari, ...), keeps only its last four digits, written as ASCII.
// Invisible format characters and combining marks inside a run do not break
// it, so "9\u200b00101300017" is masked too. Runs of twelve digits that are
// not valid IINs are masked as well: better a masked order number than a
// leaked IIN.
//
// It is the one function for masking free text; screens, logs, headless
// output and error messages reach it through safetext.Clean.
func Redact(s string) string {
	if !mayHoldIIN(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsDigit(r) {
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		end, digits := scanRun(s, i)
		if digits < 12 {
			b.WriteString(s[i:end])
		} else {
			writeMasked(&b, s[i:end], digits)
		}
		i = end
	}
	return b.String()
}

// mayHoldIIN is a cheap pre-check: fewer than twelve digit runes in all
// means nothing to mask.
func mayHoldIIN(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			if n++; n >= 12 {
				return true
			}
		}
	}
	return false
}

// scanRun returns the end of the digit run that starts at i and how many
// digits it holds. Format characters and combining marks continue a run.
func scanRun(s string, i int) (end, digits int) {
	end = i
	for j := i; j < len(s); {
		r, size := utf8.DecodeRuneInString(s[j:])
		switch {
		case unicode.IsDigit(r):
			digits++
			end = j + size
		case Transparent(r):
		default:
			return end, digits
		}
		j += size
	}
	return end, digits
}

// Transparent reports whether r continues a digit run for Redact: an
// invisible format character or a combining mark.
func Transparent(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me)
}

// writeMasked writes run with all digits but the last four as '•', and
// those four as ASCII digits; the invisible characters between digits are
// dropped, since they carry nothing worth showing.
func writeMasked(b *strings.Builder, run string, digits int) {
	k := 0
	for _, r := range run {
		if !unicode.IsDigit(r) {
			continue
		}
		if k < digits-4 {
			b.WriteString("•")
		} else {
			b.WriteByte('0' + byte(digitValue(r)))
		}
		k++
	}
}

// digitValue is the value of a decimal digit in any script. Unicode encodes
// every script's digits 0 to 9 contiguously and in order, so the value is the
// distance from the start of the digit range modulo ten (ranges such as the
// mathematical digits hold several sets of ten back to back).
func digitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	start := r
	for start > 0 && unicode.IsDigit(start-1) {
		start--
	}
	return int(r-start) % 10
}

// FindValid returns the first valid IIN written anywhere in text, as ASCII,
// or "". Digits count in any script, and the invisible characters Redact
// looks through do not hide one. Tests use it to prove that an output
// carries no IIN; whatever Redact returns has none.
func FindValid(text string) string {
	var run []byte // the current run of digits, as ASCII
	for _, r := range text {
		switch {
		case unicode.IsDigit(r):
			run = append(run, '0'+byte(digitValue(r)))
			if len(run) >= 12 {
				if c := string(run[len(run)-12:]); Validate(c) == nil {
					return c
				}
			}
		case Transparent(r):
		default:
			run = run[:0]
		}
	}
	return ""
}
