package safetext

import (
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/wire/iin"
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

// TestCleanLongInput: a huge input cut short costs what the cut keeps, and
// a digit run crossing the point where the input is dropped shows no digit.
func TestCleanLongInput(t *testing.T) {
	huge := strings.Repeat("9", 16<<20)
	if got := Clean(huge, 10); got != "…" { // the run crosses the drop: not shown at all
		t.Errorf("Clean(16 MiB of digits, 10) = %q", got)
	}
	allocs := testing.AllocsPerRun(3, func() { Clean(huge, 200) })
	if allocs > 20 {
		t.Errorf("Clean of a 16 MiB input allocates %v times", allocs)
	}
	for pad := 0; pad < 80; pad++ {
		// Four-byte runes first, so the budget holds few more runes than
		// are shown, then an IIN that moves across the drop.
		s := strings.Repeat("😀", 199) + strings.Repeat("a", pad) + "900101300017" + strings.Repeat("b", 1000)
		out := Clean(s, 200)
		if found := iin.FindValid(out); found != "" || strings.ContainsAny(out, "0123456789") {
			t.Fatalf("pad %d: %q", pad, out)
		}
	}
	if got := Clean(strings.Repeat("ab", 1000)+"900101300017", 3000); !strings.HasSuffix(got, "••••••••0017") {
		t.Errorf("an input within the budget is masked, not dropped: %q", got[len(got)-30:])
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
		if found := iin.FindValid(out); found != "" {
			t.Fatalf("Clean(%q, %d) = %q shows an IIN", s, max, out)
		}
	})
}
