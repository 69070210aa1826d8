package iin

import (
	"strings"
	"testing"
	"unicode"
)

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no digits", "no digits"},
		{"12345678901", "12345678901"}, // eleven digits: not an IIN
		{"900101300017", "••••••••0017"},
		{`{"iin":"900101300017"}`, `{"iin":"••••••••0017"}`},
		{"https://example.kz/check?iin=900101300017", "https://example.kz/check?iin=••••••••0017"},
		{"IIN-CODE:900101300017", "IIN-CODE:••••••••0017"},
		{"900101300017;Ivanov Ivan", "••••••••0017;Ivanov Ivan"},
		{"900101300017950630400059", strings.Repeat("•", 20) + "0059"},
		{"９００１０１３０００１７", "••••••••0017"},       // fullwidth
		{"٩٠٠١٠١٣٠٠٠١٧", "••••••••0017"},       // Arabic-Indic
		{"९००१०१३०००१७", "••••••••0017"},       // Devanagari
		{"9\u200b00101300017", "••••••••0017"}, // zero-width space inside
		{"90010130001７", "••••••••0017"},       // mixed scripts
		{"a 900101300017 b 771203300035 c", "a ••••••••0017 b ••••••••0035 c"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDigitValueEveryScript(t *testing.T) {
	for _, rg := range unicode.Nd.R16 {
		for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
			start := r
			for unicode.IsDigit(start - 1) {
				start--
			}
			if got, want := digitValue(r), int(r-start)%10; got != want {
				t.Fatalf("digitValue(%U) = %d, want %d", r, got, want)
			}
		}
	}
	// Mathematical bold digits begin a 50-rune run; bold 7 is 7.
	if got := digitValue('\U0001D7D5'); got != 7 {
		t.Fatalf("mathematical bold seven = %d", got)
	}
}

func FuzzRedactLeavesNoValidIIN(f *testing.F) {
	f.Add("x900101300017y")
	f.Add("٩٠٠١٠١٣٠٠٠١٧")
	f.Fuzz(func(t *testing.T, s string) {
		if out := Redact(s); FindValid(out) != "" {
			t.Fatalf("Redact(%q) = %q still holds a valid IIN", s, out)
		}
	})
}

func TestFindValid(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"900101300017", "900101300017"},
		{"x٩٠٠١٠١٣٠٠٠١٧y", "900101300017"},
		{"9\u200b00101300017", "900101300017"},
		{"1900101300017", "900101300017"}, // inside a longer run
		{"900101300018", ""},              // wrong check digit
		{"900101 300017", ""},             // a space ends a run
		{"••••••••0017", ""},
	}
	for _, tt := range tests {
		if got := FindValid(tt.in); got != tt.want {
			t.Errorf("FindValid(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
