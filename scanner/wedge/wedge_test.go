package wedge

import (
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner"
)

// key is one input event: runes (or a backspace) after a pause.
type key struct {
	after time.Duration
	runes string
	back  bool
	paste bool
}

func TestDetector(t *testing.T) {
	ms := time.Millisecond
	each := func(s string, gap time.Duration) []key {
		var ks []key
		for _, r := range s {
			ks = append(ks, key{after: gap, runes: string(r)})
		}
		return ks
	}
	tests := []struct {
		name      string
		keys      []key
		enterGap  time.Duration
		wantText  string
		wantWedge bool
	}{
		{"scanner 3ms per key", each("900101300017", 3*ms), 3 * ms, "900101300017", true},
		{"scanner at the limit", each("900101300017", 25*ms), 25 * ms, "900101300017", true},
		{"one burst event", []key{{runes: "900101300017"}}, 1 * ms, "900101300017", true},
		{"two burst events", []key{{runes: "900101"}, {after: 4 * ms, runes: "300017"}}, 0, "900101300017", true},
		{"person typing", each("900101300017", 120*ms), 200 * ms, "900101300017", false},
		{"one slow key in a burst", append(each("900101", 3*ms), key{after: 80 * ms, runes: "300017"}), 3 * ms, "900101300017", false},
		{"slow enter", []key{{runes: "900101300017"}}, 500 * ms, "900101300017", false},
		{"too short", each("12345", 1*ms), 1 * ms, "12345", false},
		{"edited", append(each("9001013000178", 2*ms), key{after: 2 * ms, back: true}), 2 * ms, "900101300017", false},
		{"pasted", []key{{runes: "900101300017", paste: true}}, 1 * ms, "900101300017", false},
		{"cyrillic runes", each("ЖСН900101", 2*ms), 2 * ms, "ЖСН900101", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New()
			at := time.Date(2021, 7, 1, 10, 0, 0, 0, time.UTC)
			for _, k := range tt.keys {
				at = at.Add(k.after)
				if k.back {
					d.Backspace(at)
				} else {
					d.Feed([]rune(k.runes), at, k.paste)
				}
			}
			text, wedge := d.Enter(at.Add(tt.enterGap))
			if text != tt.wantText || wedge != tt.wantWedge {
				t.Errorf("Enter() = %q, %v; want %q, %v", text, wedge, tt.wantText, tt.wantWedge)
			}
			if d.Len() != 0 || d.Text() != "" {
				t.Errorf("line not empty after Enter: %q", d.Text())
			}
		})
	}
}

// TestLineIsReusable checks that a slow first line does not taint the next.
func TestLineIsReusable(t *testing.T) {
	d := New()
	at := time.Unix(0, 0)
	d.Feed([]rune("1"), at, false)
	d.Feed([]rune("2"), at.Add(time.Second), false)
	if _, wedge := d.Enter(at.Add(2 * time.Second)); wedge {
		t.Fatal("slow line detected as wedge")
	}
	at = at.Add(time.Minute)
	d.Feed([]rune("900101300017"), at, false)
	if text, wedge := d.Enter(at.Add(time.Millisecond)); !wedge || text != "900101300017" {
		t.Fatalf("second line = %q, %v; want wedge", text, wedge)
	}
	d.Feed([]rune("abc"), at, false)
	d.Clear()
	if d.Text() != "" {
		t.Fatalf("Clear left %q", d.Text())
	}
	d.Backspace(at) // on an empty line: no effect, no panic
	if Source(true) != scanner.SourceWedge || Source(false) != scanner.SourceKeyboard {
		t.Fatal("Source mapping is wrong")
	}
}

func BenchmarkScan(b *testing.B) {
	d := New()
	at := time.Unix(0, 0)
	digits := []rune("900101300017")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for j := range digits {
			at = at.Add(2 * time.Millisecond)
			d.Feed(digits[j:j+1], at, false)
		}
		if _, wedge := d.Enter(at); !wedge {
			b.Fatal("not detected")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/scan")
}
