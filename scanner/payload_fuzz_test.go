package scanner

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

// FuzzClassify: any payload either classifies as a valid IIN or gives a
// PayloadError whose text is safe for a terminal.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"900101300017", "061211600012\r\n", "HC1:x", "https://x", "\x1b[2J", "9001013000\u202e17", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		code, err := Classify(raw)
		if err == nil {
			if code.Kind != KindIIN || len(code.IIN) != 12 || strings.TrimFunc(code.IIN, unicode.IsDigit) != "" {
				t.Fatalf("Classify(%q) accepted %+v", raw, code)
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
