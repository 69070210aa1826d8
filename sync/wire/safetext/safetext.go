// Package safetext makes untrusted text safe to show or log: scanned
// payloads, file names, server messages and error strings that may quote
// them.
//
// It lives at the bottom of the import graph, beside the protocol's types
// (sync/wire) and the IIN rules (sync/wire/iin), because every part of the
// system handles untrusted text — the scanners, the syncer, the server and
// the kiosk's screens — and all of them must escape it and mask IINs the same
// way. One function, Clean, does both; there is no second way to do it.
package safetext

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ashyq/kiosk/sync/wire/iin"
)

// Clean makes untrusted text safe for a terminal, a log line or JSON output:
// every run of twelve or more digits (in any Unicode digit script) is masked
// as an IIN, control characters, escape sequences, bidi overrides and every
// other rune Go does not count as printable become visible \x.. / \u....
// escapes, spaces other than ASCII become spaces, invalid UTF-8 becomes
// U+FFFD, and the result is cut to max runes (0 = no limit) with an
// ellipsis.
//
// Masking happens before cutting, so a cut can never leave the start of an
// IIN visible.
//
// The work is bounded by max, not by len(s): a 16 MiB error message cut to
// 200 runes costs a few hundred bytes, not a full copy. Text far past the
// cut is dropped before masking, and so is a digit run that the drop cuts
// through, since the part shown could otherwise end in digits that would
// not be masked.
func Clean(s string, max int) string {
	if max <= 0 || len(s) <= cleanBudget(max) {
		// Redacted again after escaping: an escape's hex digits next to a
		// run of digits ("\x10" + "00501100000") can form a new IIN.
		return iin.Redact(Escape(iin.Redact(s), max))
	}
	cut := cleanBudget(max)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	head := strings.TrimRightFunc(s[:cut], func(r rune) bool { return unicode.IsDigit(r) || iin.Transparent(r) })
	out := iin.Redact(Escape(iin.Redact(head), max))
	if !strings.HasSuffix(out, "…") {
		out += "…"
	}
	return out
}

// cleanBudget is how many bytes of the input Clean looks at for max runes:
// every rune can take utf8.UTFMax bytes, plus room for the run that
// crosses the cut.
func cleanBudget(max int) int { return max*utf8.UTFMax + 64 }

// Escape is Clean without the IIN masking, for text that is known to carry
// none (a device name from the config, a file path chosen by staff).
// Anything that came from a scan, a request or a peer goes through Clean.
func Escape(s string, max int) string {
	var b strings.Builder
	n := 0
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		if max > 0 && n >= max {
			b.WriteString("…")
			break
		}
		n++
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(unicode.ReplacementChar)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[r>>4])
			b.WriteByte(hexDigits[r&0xf])
		case unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		case !strconv.IsPrint(r):
			// Every rune a quoting log handler or JSON encoder would
			// escape is escaped here, before masking: their \u escape's hex
			// digits could join the digits beside it into an IIN that the
			// masking never saw ("\uf7d9" + "00101200010").
			writeHexEscape(&b, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeHexEscape writes r as Go writes it in a quoted string: \uXXXX, or
// \UXXXXXXXX past the Basic Multilingual Plane.
func writeHexEscape(b *strings.Builder, r rune) {
	top, prefix := 12, `\u`
	if r > 0xffff {
		top, prefix = 28, `\U`
	}
	b.WriteString(prefix)
	for shift := top; shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[(r>>uint(shift))&0xf])
	}
}

const hexDigits = "0123456789abcdef"
