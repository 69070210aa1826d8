package iin

import (
	"errors"
	"testing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"900101300017", nil},
		{"950630400059", nil},
		{"850523400026", nil},
		{"771203300035", nil},
		{"010202500042", nil},
		{"061211600012", nil}, // valid only through the second weights
		{"900101300811", nil}, // valid only through the second weights
		{"900101300018", ErrCheckDigit},
		{"90010130001", ErrLength},
		{"9001013000170", ErrLength},
		{"", ErrLength},
		{"90010130001a", ErrNotDigits},
		{"900101 300017", ErrNotDigits},
		{"900101700017", ErrCentury},
		{"900101000017", ErrCentury},
		{"901301300017", ErrBirthDate},
		{"900230300017", ErrBirthDate},
		{"900000300017", ErrBirthDate},
		{"900101300800", ErrNoCheckDigit}, // prefix 90010130080 has no check digit
	}
	for _, tt := range tests {
		err := Validate(tt.in)
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("Validate(%q) = %v, want %v", tt.in, err, tt.want)
		}
	}
}

func TestSecondWeightsAreNeeded(t *testing.T) {
	for _, s := range []string{"061211600012", "900101300811"} {
		sum := 0
		for i, w := range weights1 {
			sum += int(s[i]-'0') * w
		}
		if sum%11 != 10 {
			t.Errorf("%s: first weights give %d, the test wants a number that needs the second set", s, sum%11)
		}
	}
	if _, err := CheckDigit([]byte("90010130080")); !errors.Is(err, ErrNoCheckDigit) {
		t.Errorf("CheckDigit(90010130080) = %v, want ErrNoCheckDigit", err)
	}
}

func TestLeapDay(t *testing.T) {
	if _, ok := BirthDate("000229500000"); !ok {
		t.Error("2000-02-29 is a real date")
	}
	if _, ok := BirthDate("000229300000"); ok {
		t.Error("1900-02-29 is not a real date")
	}
}

func TestMask(t *testing.T) {
	tests := map[string]string{
		"900101300017":      "••••••••0017",
		"1234":              "••••",
		"":                  "",
		"1234567\x1b[2J":    "•••••••??2?", // only digits among the last four survive
		"90010130001\u202e": "••••••••001?",
	}
	for in, want := range tests {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBirthDateAndSex: the IIN's first seven digits hold the birth date and,
// with the century, the sex (odd: male). The example IINs come from
// PRODUCT.md's rules, worked by hand.
func TestBirthDateAndSex(t *testing.T) {
	tests := []struct {
		iin  string
		born string
		male bool
	}{
		{"900101300017", "1990-01-01", true},
		{"850523400026", "1985-05-23", false},
		{"061211600012", "2006-12-11", false},
		{"010202500042", "2001-02-02", true},
		{"771203300035", "1977-12-03", true},
		{"991231200000", "1899-12-31", false},
	}
	for _, tt := range tests {
		b, ok := BirthDate(tt.iin)
		m, mok := Male(tt.iin)
		if !ok || !mok || b.Format("2006-01-02") != tt.born || m != tt.male {
			t.Errorf("%s: born %v %v, male %v %v", tt.iin, b, ok, m, mok)
		}
	}
	if _, ok := Male("900101700017"); ok {
		t.Error("century digit 7 gave a sex")
	}
}
