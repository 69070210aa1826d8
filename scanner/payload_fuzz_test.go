package scanner

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

// FuzzClassify: any payload either classifies as a valid IIN (bare or from
// an ID card's zone) or a pass of bounded length, or gives a PayloadError
// whose text is safe for a terminal.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"900101300017", "061211600012\r\n", "HC1:x", "https://x", "\x1b[2J", "9001013000\u202e17", "",
		"AQ1:6BFOXN", "AQV1:cafe/main", "IDKAZ0123456784900101300017<<<", "idkaz0123456784900101300017<<<\n9001011M3001019KAZ<<<<<<<<<<<6"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		code, err := Classify(raw)
		if err == nil {
			switch code.Kind {
			case KindIIN, KindIDCard:
				if len(code.IIN) != 12 || strings.TrimFunc(code.IIN, unicode.IsDigit) != "" {
					t.Fatalf("Classify(%q) accepted %+v", raw, code)
				}
			case KindPass:
				if !strings.HasPrefix(code.Pass, PassPrefix) || len(code.Pass) > MaxPass {
					t.Fatalf("Classify(%q) accepted the pass %q", raw, code.Pass)
				}
			default:
				t.Fatalf("Classify(%q) gave kind %q", raw, code.Kind)
			}
			return
		}
		var pe *PayloadError
		if !errors.As(err, &pe) {
			t.Fatalf("Classify(%q): %T is not a PayloadError", raw, err)
		}
		for _, r := range err.Error() {
			if r < 0x20 || r == 0x7f || unicode.Is(unicode.Cf, r) || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("error text carries control character %U: %q", r, err.Error())
			}
		}
	})
}
