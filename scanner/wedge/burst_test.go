package wedge

import (
	"testing"
	"time"
)

// typist replays timed keys on a Detector with an injected clock.
type typist struct {
	d  *Detector
	at time.Time
}

func newTypist() *typist {
	return &typist{d: New(), at: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
}

// keys types s one rune at a time, gap apart (the first after gap too),
// and reports whether any key found a cut burst.
func (ty *typist) keys(s string, gap time.Duration) (cut bool) {
	for _, r := range s {
		ty.at = ty.at.Add(gap)
		cut = ty.d.Feed([]rune{r}, ty.at, false) || cut
	}
	return cut
}

func (ty *typist) enter(gap time.Duration) (string, bool) {
	ty.at = ty.at.Add(gap)
	return ty.d.Enter(ty.at)
}

const ms = time.Millisecond

func TestBurstIntoHalfTypedEntry(t *testing.T) {
	ty := newTypist()
	ty.keys("9001", 180*ms)            // staff start typing an IIN...
	ty.at = ty.at.Add(2 * time.Second) // ...and a visitor scans meanwhile
	ty.keys("061211600012", 3*ms)
	text, wedge := ty.enter(3 * ms)
	if text != "061211600012" || !wedge {
		t.Fatalf("scan = %q, wedge %v; want the burst alone", text, wedge)
	}
	if ty.d.Text() != "9001" {
		t.Fatalf("staff entry after the scan = %q, want 9001 kept", ty.d.Text())
	}
	ty.keys("01300017", 150*ms) // staff finish their IIN
	text, wedge = ty.enter(200 * ms)
	if text != "900101300017" || wedge {
		t.Fatalf("staff entry = %q, wedge %v", text, wedge)
	}
}

func TestBurstCutOffHalfway(t *testing.T) {
	ty := newTypist()
	ty.keys("900101", 3*ms) // the scanner is pulled away mid-code
	if ty.d.Expire(ty.at.Add(DefaultCutAfter)) {
		t.Fatal("cut at exactly CutAfter: a scanner may still finish")
	}
	if !ty.d.Expire(ty.at.Add(DefaultCutAfter + ms)) {
		t.Fatal("an unfinished burst was not cut")
	}
	if ty.d.Len() != 0 {
		t.Fatalf("line after the cut = %q", ty.d.Text())
	}
	// The next scan is read whole, not joined to the cut one.
	ty.at = ty.at.Add(time.Second)
	ty.keys("900101300017", 3*ms)
	if text, wedge := ty.enter(3 * ms); text != "900101300017" || !wedge {
		t.Fatalf("next scan = %q, %v", text, wedge)
	}
}

func TestCutFoundByTheNextKey(t *testing.T) {
	ty := newTypist()
	ty.keys("12", 300*ms) // staff typed two digits
	ty.at = ty.at.Add(time.Second)
	ty.keys("9001013", 3*ms) // a burst that never ends
	if cut := ty.keys("3", time.Second); !cut {
		t.Fatal("the key after a dead burst did not report the cut")
	}
	if ty.d.Text() != "123" {
		t.Fatalf("line = %q, want the staff's digits and the new key", ty.d.Text())
	}
}

func TestNoCutForPeopleOrHiccups(t *testing.T) {
	ty := newTypist()
	ty.keys("12345", 2*ms) // shorter than any scan: a person's quick double tap
	if ty.d.Expire(ty.at.Add(time.Minute)) {
		t.Fatal("a short fast run was cut")
	}
	ty.d.Clear()
	ty.keys("900101", 3*ms)
	if cut := ty.keys("300017", 80*ms); cut { // a USB hiccup mid-code
		t.Fatal("a hiccup below CutAfter cut the burst")
	}
	if text, wedge := ty.enter(3 * ms); text != "900101300017" || wedge {
		t.Fatalf("hiccup line = %q, wedge %v: want whole, as typed input", text, wedge)
	}
	ty.keys("900101300017", 120*ms) // a person typing
	if ty.d.Expire(ty.at.Add(time.Hour)) {
		t.Fatal("a person's slow entry was cut")
	}
}

func TestPasteIsNotAScan(t *testing.T) {
	ty := newTypist()
	ty.d.Feed([]rune("900101300017"), ty.at, true)
	if ty.d.Expire(ty.at.Add(time.Hour)) {
		t.Fatal("a paste was cut like a burst")
	}
	if _, wedge := ty.enter(ms); wedge {
		t.Fatal("a paste counted as a scan")
	}
}
