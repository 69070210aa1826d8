package scanner

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire/iin"
)

// A Kazakh ID card's machine-readable zone for the demo IIN: document
// number 012345678 (check digit 4), born 1990-01-01 (check digit 1).
const (
	mrz1 = "IDKAZ0123456784900101300017<<<"
	mrz2 = "9001011M3001019KAZ<<<<<<<<<<<6"
	mrz3 = "ZHUMABEKOV<<ARMAN<<<<<<<<<<<<<"
)

func TestClassifyKinds(t *testing.T) {
	tests := []struct {
		name string
		in   string
		kind Kind
		iin  string
	}{
		{"bare IIN (ID card barcode)", "900101300017", KindIIN, "900101300017"},
		{"MRZ first line", mrz1, KindIDCard, "900101300017"},
		{"MRZ three lines CR", mrz1 + "\r" + mrz2 + "\r" + mrz3 + "\r", KindIDCard, "900101300017"},
		{"MRZ three lines LF", mrz1 + "\n" + mrz2 + "\n" + mrz3, KindIDCard, "900101300017"},
		{"MRZ without breaks", mrz1 + mrz2 + mrz3, KindIDCard, "900101300017"},
		{"pass", "AQ1:6BFOXN%TS3DH0YOJ58S", KindPass, ""},
		{"pass, other version", "AQ2:6BFOXN", KindPass, ""},
		{"pass typed with caps lock on", "aq1:6bfoxn%ts3dh", KindPass, ""},
		{"MRZ typed with caps lock on", strings.ToLower(mrz1), KindIDCard, "900101300017"},
	}
	for _, tt := range tests {
		code, err := Classify(tt.in)
		if err != nil || code.Kind != tt.kind || code.IIN != tt.iin {
			t.Errorf("%s: Classify(%q) = %+v, %v; want %s %s", tt.name, tt.in, code, err, tt.kind, tt.iin)
		}
		if tt.kind == KindPass && !strings.HasPrefix(code.Pass, "AQ") {
			t.Errorf("%s: pass payload %q", tt.name, code.Pass)
		}
	}
}

func TestClassifyRefusals(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"venue door code", "AQV1:demo-cafe/main/entrance", ErrVenueCode},
		{"state venue link", "https://ashyq.kz/venue/12345", ErrVenueCode},
		{"state venue link, subdomain", "HTTPS://qr.ashyq.kz/v?id=1", ErrVenueCode},
		{"other web link", "https://ashyq.kz.example.com/x", ErrWebLink},
		{"pass far too long", "AQ1:" + strings.Repeat("A", MaxPass), ErrTooLong},
		{"not a pass: no version", "AQ:ABC", ErrUnsupported},
		{"foreign ID card", "IDUZB0123456784900101300017<<<", ErrIDCardForeign},
		{"ID card, document check digit wrong", "IDKAZ0123456785900101300017<<<", ErrIDCardUnread},
		{"ID card, IIN check digit wrong", "IDKAZ0123456784900101300018<<<", iin.ErrCheckDigit},
		{"ID card, birth date is not the IIN's", mrz1 + "\n" + "8501019M3001019KAZ<<<<<<<<<<<6" + "\n" + mrz3, ErrIDCardUnread},
		{"ID card, second line alone", mrz2, ErrIDCardUnread},
		{"ID card, third line alone", mrz3, ErrIDCardUnread},
		{"mixed case is no zone", "IDKAZ0123456784900101300017<<<"[:10] + "abc" + strings.Repeat("<", 17), ErrUnsupported},
	}
	for _, tt := range tests {
		_, err := Classify(tt.in)
		var pe *PayloadError
		if !errors.As(err, &pe) || !errors.Is(err, tt.want) {
			t.Errorf("%s: Classify(%q) = %v, want %v", tt.name, tt.in, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "900101300017") {
			t.Errorf("%s: error %q shows the IIN", tt.name, err)
		}
	}
}

func TestClassifyScanCut(t *testing.T) {
	_, err := ClassifyScan(Scan{Source: SourceHID, Cut: true, At: time.Now()})
	if !errors.Is(err, ErrCutOff) {
		t.Fatalf("cut scan: %v", err)
	}
	if code, err := ClassifyScan(Scan{Payload: "900101300017", Source: SourceSerial}); err != nil || code.IIN != "900101300017" {
		t.Fatalf("whole scan: %+v %v", code, err)
	}
}

func TestMRZCheckDigit(t *testing.T) {
	// Doc 9303 part 3's worked example: document number L898902C3 -> 6.
	if got := mrzCheck("L898902C3"); got != '6' {
		t.Errorf("check digit of L898902C3 = %c, want 6", got)
	}
	if got := mrzCheck("740812"); got != '2' {
		t.Errorf("check digit of 740812 = %c, want 2", got)
	}
}
