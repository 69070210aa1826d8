package safetext

import (
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"plain", 0, "plain"},
		{"a\x1b[31mb", 0, `a\x1b[31mb`},
		{"bidi\u202eevil", 0, `bidi\u202eevil`},
		{"\xff\xfe", 0, "\ufffd\ufffd"},
		{"abcdef", 3, "abc…"},
		{"Сәлем", 0, "Сәлем"},
		{`{"iin":"900101300017"}`, 0, `{"iin":"••••••••0017"}`},
		{"900101300017 then cut", 4, "••••…"},
		{"\x1b[2J900101300017", 0, `\x1b[2J••••••••0017`},
	}
	for _, tt := range tests {
		if got := Clean(tt.in, tt.max); got != tt.want {
			t.Errorf("Clean(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestEscapeKeepsDigits(t *testing.T) {
	if got := Escape("/dev/video0 900101300017", 0); got != "/dev/video0 900101300017" {
		t.Fatalf("Escape changed digits: %q", got)
	}
}

func FuzzCleanNeverEmitsControls(f *testing.F) {
	f.Add("\x1b]0;x\x07900101300017", 10)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 0 || max > 1000 {
			max = 0
		}
		out := Clean(s, max)
		for _, r := range out {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("Clean(%q) = %q holds control %U", s, out, r)
			}
		}
		if strings.ContainsRune(out, '\u202e') {
			t.Fatalf("bidi override survived: %q", out)
		}
	})
}
