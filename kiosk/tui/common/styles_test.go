package common

import (
	"testing"

	"github.com/ashyq/kiosk/sync/wire"
)

// TestTonesAreDistinct: a refused code, a failed record or an error must
// never look like a health status, and no two statuses may share a colour.
func TestTonesAreDistinct(t *testing.T) {
	st := DefaultStyles()
	seen := map[string]Tone{}
	for _, tone := range []Tone{ToneGreen, ToneYellow, ToneRed, ToneBlue, ToneNeutral, ToneInvalid, ToneNotRecorded, ToneError} {
		p, ok := st.Tones[tone]
		if !ok || p.Background == "" || p.Foreground == "" {
			t.Fatalf("tone %d has no palette", tone)
		}
		if p.Background == p.Foreground {
			t.Errorf("tone %d is unreadable", tone)
		}
		if other, dup := seen[string(p.Background)]; dup {
			t.Errorf("tones %d and %d share the background %s", other, tone, p.Background)
		}
		seen[string(p.Background)] = tone
	}
}

func TestStatusTone(t *testing.T) {
	want := map[wire.Status]Tone{wire.Green: ToneGreen, wire.Yellow: ToneYellow, wire.Red: ToneRed, wire.Blue: ToneBlue, "": ToneNeutral, "purple": ToneNeutral}
	for s, tone := range want {
		if got := StatusTone(s); got != tone {
			t.Errorf("StatusTone(%q) = %d, want %d", s, got, tone)
		}
	}
}
