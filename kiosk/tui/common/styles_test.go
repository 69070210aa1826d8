package common

import (
	"testing"

	"github.com/ashyq/kiosk/sync/wire"
)

// minToneDistance is the least CIEDE2000 difference (in ΔE units) two
// tones may have as a display shows them: 15 is far apart at a glance,
// where 2 is the smallest difference most people see side by side.
const minToneDistance = 15

// allTones lists every tone.
var allTones = []Tone{ToneGreen, ToneYellow, ToneRed, ToneBlue, ToneNeutral, ToneInvalid, ToneNotRecorded,
	ToneError, ToneFull, ToneUnchecked, ToneAdmitted}

// TestTonesAreDistinct: a refused code, a failed record, an unchecked
// person or an error must never look like a health status, an exit
// recorded never like a code refused, and no two tones alike, as each
// display shows them: 256 and 16 colours once turned GOODBYE's slate and
// CODE NOT ACCEPTED's grey into one grey.
func TestTonesAreDistinct(t *testing.T) {
	for _, d := range displays {
		st := NewStyles(Display{Profile: d.profile, Linux: d.linux})
		for i, a := range allTones {
			p, ok := st.Tones[a]
			if !ok || p.Background == "" || p.Foreground == "" || p.Background == p.Foreground {
				t.Fatalf("tone %d has no readable palette", a)
			}
			for _, b := range allTones[i+1:] {
				ca := Shown(string(p.Background), d.profile, d.linux)
				cb := Shown(string(st.Tones[b].Background), d.profile, d.linux)
				if dist := ca.DistanceCIEDE2000(cb) * 100; dist < minToneDistance {
					t.Errorf("%s: tones %d and %d look alike (%s and %s, ΔE %.1f)", d.name, a, b, ca.Hex(), cb.Hex(), dist)
				}
			}
		}
	}
	if len(st(t).Tones) != len(allTones) {
		t.Errorf("%d tones, the test knows %d", len(st(t).Tones), len(allTones))
	}
}

func st(*testing.T) *Styles { return DefaultStyles() }

func TestStatusTone(t *testing.T) {
	want := map[wire.Status]Tone{wire.Green: ToneGreen, wire.Yellow: ToneYellow, wire.Red: ToneRed, wire.Blue: ToneBlue, "": ToneNeutral, "purple": ToneNeutral}
	for s, tone := range want {
		if got := StatusTone(s); got != tone {
			t.Errorf("StatusTone(%q) = %d, want %d", s, got, tone)
		}
	}
}
