package qrdecode

import (
	"math"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// shearedFinder draws a finder pattern seen steeply tilted: module
// coordinates (u, v) map to pixels by x = cx + a*u + b*v, y = cy + c*u +
// d*v, on a light matrix.
func shearedFinder(w, h int, cx, cy, a, b, c, d float64) *gozxing.BitMatrix {
	m, _ := gozxing.NewBitMatrix(w, h)
	det := a*d - b*c
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			px, py := float64(x)+0.5-cx, float64(y)+0.5-cy
			u := (d*px - b*py) / det
			v := (-c*px + a*py) / det
			ring := math.Max(math.Abs(u), math.Abs(v))
			if ring <= 1.5 || (ring >= 2.5 && ring <= 3.5) {
				m.Set(x, y)
			}
		}
	}
	return m
}

// TestConcentricCenterFindsAShearedFinder: a finder sheared as at the far
// corner of a code tilted 45 degrees in depth, which gozxing's cross checks
// turn down on every row, is a candidate of the concentric check, at its
// centre; an upright one is gozxing's own.
func TestConcentricCenterFindsAShearedFinder(t *testing.T) {
	never := func() bool { return false }
	for _, c := range []struct {
		name       string
		a, b, c, d float64
		gozxing    bool
	}{
		{"upright", 6, 0, 0, 6, true},
		{"sheared", 4, 3, -2, 7, false},
		{"sheared and squeezed", 7, 5, -2, 3, false},
	} {
		m := shearedFinder(160, 160, 80, 80, c.a, c.b, c.c, c.d)
		cands, extra := allCenters(m, 1, never, nil)
		if got := len(cands) > 0; got != c.gozxing {
			t.Fatalf("%s: gozxing's cross checks found %d candidates, want any: %v (the shape no longer shows the case)", c.name, len(cands), c.gozxing)
		}
		if c.gozxing {
			continue
		}
		if len(extra) != 1 {
			t.Fatalf("%s: %d concentric candidates, want 1", c.name, len(extra))
		}
		if e := extra[0]; math.Hypot(e.GetX()-80, e.GetY()-80) > 2 || e.GetCount() < 2 {
			t.Errorf("%s: candidate at %.1f,%.1f seen on %d rows, want 80,80 on two or more", c.name, e.GetX(), e.GetY(), e.GetCount())
		}
	}
}

func TestLooseRatio(t *testing.T) {
	for _, c := range []struct {
		r    [5]int
		want bool
	}{
		{[5]int{4, 4, 12, 4, 4}, true},
		{[5]int{5, 3, 14, 3, 5}, true},  // dark runs widened by the threshold
		{[5]int{4, 4, 4, 4, 4}, false},  // no wide centre
		{[5]int{4, 0, 12, 4, 4}, false}, // a run missing
		{[5]int{2, 12, 6, 12, 2}, false},
		{[5]int{1, 1, 3, 1, 1}, true},
	} {
		if got := looseRatio(c.r); got != c.want {
			t.Errorf("looseRatio(%v) = %v, want %v", c.r, got, c.want)
		}
	}
}

// TestSeenByCountsBothChecks: a concentric candidate that gozxing's cross
// checks saw in the same scan (on other rows) counts their rows too; one
// elsewhere, or of another size, does not.
func TestSeenByCountsBothChecks(t *testing.T) {
	e := extraCenters{detector.NewFinderPattern(100, 100, 3, 1), detector.NewFinderPattern(200, 100, 3, 1)}
	cands := []*detector.FinderPattern{
		detector.NewFinderPattern(101, 100.5, 3.5, 1), // the first, seen by gozxing on another row
		detector.NewFinderPattern(200, 160, 3, 2),     // elsewhere
		detector.NewFinderPattern(200, 100, 0.8, 3),   // another size
	}
	got := e.seenBy(cands)
	if len(got) != 2 || got[0].GetCount() != 2 || got[1].GetCount() != 1 {
		t.Fatalf("counts %d and %d, want 2 and 1", got[0].GetCount(), got[1].GetCount())
	}
	if got[0].GetX() != 100 || got[0].GetY() != 100 || got[0].GetEstimatedModuleSize() != 3 {
		t.Errorf("centre %.1f,%.1f size %.1f, want the concentric one's 100,100 size 3", got[0].GetX(), got[0].GetY(), got[0].GetEstimatedModuleSize())
	}
}

// TestRescanStepTwoSeenOnce: a scan that saw two finder candidates once
// each (a code at an angle) is scanned again at gozxing's smallest step;
// one that saw a single stray candidate is not.
func TestRescanStepTwoSeenOnce(t *testing.T) {
	two := []*detector.FinderPattern{detector.NewFinderPattern(100, 100, 5, 1), detector.NewFinderPattern(200, 130, 5, 1)}
	if step, ok := rescanStep(two, false); !ok || step != minRowStep {
		t.Errorf("two seen once: rescan %v step %d, want true %d", ok, step, minRowStep)
	}
	if _, ok := rescanStep(two[:1], false); ok {
		t.Error("one stray candidate of five-pixel modules is rescanned")
	}
}
