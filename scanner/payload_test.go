package scanner

import (
	"errors"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/wire/iin"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		in      string
		want    error
		wantIIN string
	}{
		{"900101300017", nil, "900101300017"},
		{"900101300017\r\n", nil, "900101300017"},
		{"\t061211600012 ", nil, "061211600012"},
		{"", ErrEmpty, ""},
		{"   ", ErrEmpty, ""},
		{"HC1:6BFOXN%TS3DH0YOJ58S", ErrEUDCC, ""},
		{"https://example.invalid/x", ErrWebLink, ""},
		{"https://ashyq.example/venue/cafe-12", ErrVenueCode, ""},
		{"ashyq:venue:demo-cafe:main", ErrVenueCode, ""},
		{"hello world", ErrUnsupported, ""},
		{strings.Repeat("9", MaxPayload+1), ErrTooLong, ""},
		{"900101300018", iin.ErrCheckDigit, ""},
		{"9001013000", iin.ErrLength, ""},
		{"90010130001x", iin.ErrNotDigits, ""},
		{"900101300800", iin.ErrNoCheckDigit, ""},
	}
	for _, tt := range tests {
		code, err := Classify(tt.in)
		if tt.want == nil {
			if err != nil || code.IIN != tt.wantIIN || code.Kind != KindIIN {
				t.Errorf("Classify(%q) = %+v, %v; want IIN %s", tt.in, code, err, tt.wantIIN)
			}
			continue
		}
		var pe *PayloadError
		if !errors.As(err, &pe) || !errors.Is(err, tt.want) {
			t.Errorf("Classify(%q) error = %v, want %v", tt.in, err, tt.want)
		}
	}
}

func TestClassifyNeverEchoesEscapes(t *testing.T) {
	_, err := Classify("\x1b]0;pwned\x07\x1b[2J")
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\x07") {
		t.Fatalf("error %q must exist and carry no raw control characters", err)
	}
}
