package safetext

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strconv"
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
	f.Add("\uf7d9００１０１２０００１０", 0) // CI's find: slog quoted U+F7D9 as \uf7d9, whose 9 joined the digits
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
		// What a log handler or a JSON encoder would escape, Clean has
		// escaped already, so their quoting adds no hex digits. (Checked
		// by rune rather than through slog and encoding/json: fuzzing
		// those would spend the run on their coverage.)
		for _, r := range out {
			if !strconv.IsPrint(r) && r != ' ' {
				t.Fatalf("Clean(%q) = %q holds %U, which quoting would escape", s, out, r)
			}
		}
		if q := strconv.Quote(out); iin.FindValid(q) != "" {
			t.Fatalf("Clean(%q, %d) = %q shows an IIN once quoted: %s", s, max, out, q)
		}
	})
}

// requoted writes out as the log and the JSON outputs do, and returns the
// first form that shows a valid IIN, with the IIN, or "", "".
func requoted(out string) (form, found string) {
	var logLine bytes.Buffer
	slog.New(slog.NewTextHandler(&logLine, nil)).Info("m", "k", out)
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false) // as every JSON output of ours is written
	_ = enc.Encode(out)
	for _, f := range []string{strconv.Quote(out), logLine.String(), js.String()} {
		if found := iin.FindValid(f); found != "" {
			return f, found
		}
	}
	return "", ""
}

// TestCleanSurvivesQuoting: what Clean returns stays free of IINs when a
// log handler or a JSON encoder quotes it. Those quote every rune that is
// not printable as a \u escape, whose hex digits can join the digits next to
// it ("\uf7d9" + "00101200010" reads 900101200010), so Clean escapes those
// runes itself, before it masks.
func TestCleanSurvivesQuoting(t *testing.T) {
	for _, s := range []string{
		"\uf7d9００１０１２０００１０",      // private use, found by FuzzNoIINInOutput
		"\U000f7d9900101200010",  // supplementary private use
		"\u0379" + "00101200010", // unassigned
		"\u3000" + "0010120001",  // a space that is not ASCII
		"\u00a0" + "00101200010",
		"\u2029" + "00101200010",
	} {
		out := Clean(s, 0)
		if form, found := requoted(out); found != "" {
			t.Errorf("Clean(%q) = %q shows IIN %s once quoted: %s", s, out, iin.Mask(found), form)
		}
		if form, _ := requoted(out); strings.Contains(form, "\\\\u") {
			t.Errorf("Clean(%q) = %q was escaped twice: %s", s, out, form)
		}
	}
	// Spaces stay spaces: a server message with a no-break space reads.
	if got := Clean("5\u00a0мин", 0); got != "5 мин" {
		t.Errorf("Clean(no-break space) = %q, want a plain space", got)
	}
}

// TestRedactingWriter: a log line that quotes an IIN itself is masked.
func TestRedactingWriter(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(RedactingWriter(&buf), nil))
	log.Error("store failed", "error", `pq: duplicate key (iin)=(900101300017)`)
	if found := iin.FindValid(buf.String()); found != "" || !strings.Contains(buf.String(), "••••••••0017") {
		t.Fatalf("log line not masked: %s", buf.String())
	}
}
