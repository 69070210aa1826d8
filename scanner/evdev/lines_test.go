package evdev

import (
	"strings"
	"testing"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/keymap"
	"github.com/ashyq/kiosk/scanner/watch"
)

// feedAll decodes a recording and collects the lines.
func feedAll(t *testing.T, l *Lines, rec []byte) []watch.Line {
	t.Helper()
	if len(rec)%EventSize != 0 {
		t.Fatalf("recording of %d bytes is not whole events", len(rec))
	}
	var out []watch.Line
	for off := 0; off < len(rec); off += EventSize {
		if line, ok := l.Feed(Decode(rec[off:])); ok {
			out = append(out, line)
		}
	}
	return out
}

func TestEventRoundTrip(t *testing.T) {
	rec := newRecorder()
	rec.ev(EvKey, 30, KeyPress)
	ev := Decode(rec.out)
	if len(rec.out) != EventSize || ev.Type != EvKey || ev.Code != 30 || ev.Value != KeyPress || !ev.Time.Equal(rec.at) {
		t.Fatalf("decoded %+v from %d bytes", ev, len(rec.out))
	}
}

func TestLinesFromRecording(t *testing.T) {
	rec := newRecorder().typeUS("900101300017\nAQ1:6BF-OXN%TS3DH\nIDKAZ0123456785900101300017<<<\n")
	got := feedAll(t, NewLines(keymap.US()), rec.out)
	want := []string{"900101300017", "AQ1:6BF-OXN%TS3DH", "IDKAZ0123456785900101300017<<<"}
	if len(got) != len(want) {
		t.Fatalf("got %d lines %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i].Text != want[i] || got[i].Cut {
			t.Errorf("line %d = %+v, want %q", i, got[i], want[i])
		}
	}
}

func TestLinesRussianModeScanner(t *testing.T) {
	// A scanner set to the Russian layout types ':' as shift+6 and the
	// letters on their US keys.
	rec := newRecorder()
	rec.ev(EvKey, keymap.KeyLeftShift, KeyPress)
	rec.key(30) // A
	rec.key(16) // Q
	rec.ev(EvKey, keymap.KeyLeftShift, KeyRelease)
	rec.key(2) // 1
	rec.ev(EvKey, keymap.KeyRightShift, KeyPress)
	rec.key(7) // shift+6: ':' in Russian
	rec.ev(EvKey, keymap.KeyRightShift, KeyRelease)
	rec.key(keymap.KeyKPEnter)
	ru, _ := keymap.Lookup("ru")
	got := feedAll(t, NewLines(ru), rec.out)
	if len(got) != 1 || got[0].Text != "AQ1:" {
		t.Fatalf("got %+v, want AQ1:", got)
	}
	// The same keys read as US give '^': the layout matters.
	if us := feedAll(t, NewLines(keymap.US()), rec.out); len(us) != 1 || us[0].Text != "AQ1^" {
		t.Fatalf("as US: %+v", us)
	}
}

func TestLinesEdgeCases(t *testing.T) {
	t.Run("repeat of a jammed key types nothing", func(t *testing.T) {
		rec := newRecorder()
		rec.ev(EvKey, 2, KeyPress)
		for i := 0; i < 100; i++ {
			rec.ev(EvKey, 2, KeyRepeat)
		}
		rec.ev(EvKey, 2, KeyRelease)
		rec.key(keymap.KeyEnter)
		if got := feedAll(t, NewLines(keymap.US()), rec.out); len(got) != 1 || got[0].Text != "1" {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("lone enter is no line", func(t *testing.T) {
		rec := newRecorder()
		rec.key(keymap.KeyEnter)
		rec.key(keymap.KeyTab)
		if got := feedAll(t, NewLines(keymap.US()), rec.out); len(got) != 0 {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("tab ends a line", func(t *testing.T) {
		rec := newRecorder().typeUS("12")
		rec.key(keymap.KeyTab)
		if got := feedAll(t, NewLines(keymap.US()), rec.out); len(got) != 1 || got[0].Text != "12" {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("events lost mid-line cut it", func(t *testing.T) {
		rec := newRecorder().typeUS("9001")
		rec.ev(EvSyn, SynDropped, 0)
		rec.typeUS("0017\n123\n")
		got := feedAll(t, NewLines(keymap.US()), rec.out)
		if len(got) != 2 || !got[0].Cut || got[0].Text != "" || got[1].Text != "123" {
			t.Fatalf("got %+v, want a cut line then 123", got)
		}
	})
	t.Run("ctrl gives a control character, kept for the classifier", func(t *testing.T) {
		rec := newRecorder()
		rec.ev(EvKey, keymap.KeyLeftCtrl, KeyPress)
		rec.key(27) // ]
		rec.ev(EvKey, keymap.KeyLeftCtrl, KeyRelease)
		rec.typeUS("01\n")
		got := feedAll(t, NewLines(keymap.US()), rec.out)
		if len(got) != 1 || got[0].Text != "\x1d01" {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("caps lock", func(t *testing.T) {
		rec := newRecorder()
		rec.key(keymap.KeyCapsLock)
		rec.typeUS("aq\n")
		if got := feedAll(t, NewLines(keymap.US()), rec.out); len(got) != 1 || got[0].Text != "AQ" {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("runaway line is bounded", func(t *testing.T) {
		l := NewLines(keymap.US())
		rec := newRecorder().typeUS(strings.Repeat("7", 3*scanner.MaxPayload) + "\n")
		got := feedAll(t, l, rec.out)
		if len(got) != 1 || len(got[0].Text) != scanner.MaxPayload+1 {
			t.Fatalf("got a line of %d characters, want MaxPayload+1 = %d", len(got[0].Text), scanner.MaxPayload+1)
		}
		if cap(l.buf) > 2*(scanner.MaxPayload+1) {
			t.Errorf("buffer grew to %d runes", cap(l.buf))
		}
	})
}

// BenchmarkLines decodes the events of one IIN scan (78 records) and
// assembles the line.
func BenchmarkLines(b *testing.B) {
	rec := newRecorder().typeUS("900101300017\n").out
	l := NewLines(keymap.US())
	b.ReportAllocs()
	b.SetBytes(int64(len(rec)))
	for i := 0; i < b.N; i++ {
		for off := 0; off < len(rec); off += EventSize {
			l.Feed(Decode(rec[off:]))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/scan")
}
