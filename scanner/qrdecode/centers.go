package qrdecode

import (
	"math"
	"slices"
	"sort"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// gozxing's finder stops scanning once it holds three confirmed finder
// patterns, and after two it jumps down the rows by half their distance.
// Data modules that happen to show the finder's 1:1:3:1:1 (near a code's
// alignment pattern, say) can be the third it confirms, before it reaches
// the rows of the real third; the real one is then never a candidate, and
// the code is not read although all three of its finders are clean.
// zxing-cpp 3 collects every candidate first and tries the triples in the
// order of their shape; rescanStep, allCenters and rankedTriples do that
// here.

// rescanStep reports whether gozxing's scan that found cs may have missed
// a finder pattern, and the row step to scan again with. It may have when
// it stopped at three confirmed candidates (stopped) or, having confirmed
// two, jumped down the rows; and for a small code (a candidate of modules
// under zoomBelow pixels) it may have whatever it did: a finder of two
// pixels a module shows the ratio on three or four rows, and gozxing's
// cross checks, a pixel off, fail on some of them. It may have, too, when
// it saw two candidates or more and confirmed fewer than two: the finders
// of a code seen at an angle (0.6 as high as wide) pass gozxing's column
// check, which wants the column within two fifths of the row, on a row or
// two each or on none; the rescan's concentric check (concentric.go) is
// what confirms them, and their rows are fewer than the row-measured
// module size says, so that rescan takes gozxing's smallest step.
// Otherwise it scanned every row it meant to, and its candidates are all
// there are. The step is about half the central band's height (three
// modules) of the smallest candidate, so that a finder of that size is
// still crossed at least twice, and at least gozxing's own smallest step.
func rescanStep(cs []*detector.FinderPattern, stopped bool) (int, bool) {
	confirmed, module := 0, math.Inf(1)
	for _, c := range cs {
		module = min(module, c.GetEstimatedModuleSize())
		if c.GetCount() >= 2 {
			confirmed++
		}
	}
	if !stopped && confirmed < 2 && module >= zoomBelow {
		if len(cs) < 2 {
			return 0, false
		}
		return minRowStep, true
	}
	return max(minRowStep, int(1.4*module)), true
}

// stopEvery is how many rows allCenters scans between two questions.
const stopEvery = 32

// minRowStep is gozxing's smallest row step: a finder of three-pixel
// modules (21 rows high) is crossed seven times.
const minRowStep = 3

// allCenters is every finder-pattern candidate of m: gozxing's own row
// scan and cross checks (FinderPatternFinder.HandlePossibleCenter), on
// every step-th row, without the early stop or the row skip. It asks stop
// every few rows and, when told to, returns what it has: a scan of a
// 640x480 matrix can take a millisecond. found (may be nil) hears of every
// candidate, as gozxing's finder's callback does. extra are the crossings
// gozxing's cross checks turned down that concentricCenter confirms, apart:
// they are looser, and a noisy background gives many.
func allCenters(m *gozxing.BitMatrix, step int, stop func() bool, found gozxing.ResultPointCallback) (cands, extra []*detector.FinderPattern) {
	f := detector.NewFinderPatternFinder(m, found)
	w, h := m.GetWidth(), m.GetHeight()
	counts := make([]int, 5)
	var more extraCenters // the crossings gozxing's cross checks turn down
	for i, n := step-1, 0; i < h; i, n = i+step, n+1 {
		if n%stopEvery == stopEvery-1 && stop() {
			break
		}
		clear(counts)
		state := 0
		for j := 0; j < w; j++ {
			if m.Get(j, i) {
				if state&1 == 1 { // light to dark
					state++
				}
				counts[state]++
				continue
			}
			if state&1 == 1 { // still light
				counts[state]++
				continue
			}
			if state < 4 { // dark to light
				state++
				counts[state]++
				continue
			}
			// The fifth run ended: a candidate, or slide by two runs.
			if detector.FinderPatternFinder_foundPatternCross(counts) && f.HandlePossibleCenter(counts, i, j) {
				clear(counts)
				state = 0
				continue
			}
			if looseRatio([5]int(counts)) {
				if c := concentricCenter(m, counts, i, j); c != nil {
					more.add(c)
				}
			}
			copy(counts, counts[2:])
			counts[3], counts[4] = 1, 0
			state = 3
		}
		if detector.FinderPatternFinder_foundPatternCross(counts) {
			f.HandlePossibleCenter(counts, i, w)
		}
	}
	cands = f.GetPossibleCenters()
	return cands, more.seenBy(cands)
}

// mergeCenters is the candidates of both scans, each once: a rescan's
// candidate that gozxing's scan also holds (the same centre and module
// size, as gozxing's own AboutEquals says) keeps whichever was seen on
// more rows. The rescan's step can cross a small finder only once, where
// gozxing's scan confirmed it.
func mergeCenters(first, again []*detector.FinderPattern) []*detector.FinderPattern {
	out := slices.Clone(first)
	for _, c := range again {
		i := slices.IndexFunc(out, func(o *detector.FinderPattern) bool {
			return o.AboutEquals(c.GetEstimatedModuleSize(), c.GetY(), c.GetX())
		})
		switch {
		case i < 0:
			out = append(out, c)
		case c.GetCount() > out[i].GetCount():
			out[i] = c
		}
	}
	return out
}

// Limits of rankedTriples: how far apart the module sizes of a tilted code's
// finder patterns may be (dense codes of the camera-like sets tilted so
// that the near finder's modules are 2.0-2.3 times the far one's, which
// zxing-cpp 3 reads), how far from an isosceles right triangle their
// centres may lie (|c²-2a²|+|c²-2b²| over c², with c the longest side), and
// how many candidates it looks at.
const (
	looseModuleRatio = 2.5
	looseShape       = 0.75
	looseCandidates  = 12
)

// rankedTriples is up to n triples of candidates, each seen on at least
// two scan lines and sized alike within looseModuleRatio, whose centres
// lie within looseShape of an isosceles right triangle, best shape first,
// as gozxing orders a triple (bottom left, top left, top right).
func rankedTriples(cs []*detector.FinderPattern, n int) []*detector.FinderPatternInfo {
	var ok []*detector.FinderPattern
	for _, c := range cs {
		if c.GetCount() >= 2 {
			ok = append(ok, c)
		}
	}
	if len(ok) > looseCandidates {
		// The candidates seen most often are the likeliest finders.
		sort.SliceStable(ok, func(i, j int) bool { return ok[i].GetCount() > ok[j].GetCount() })
		ok = ok[:looseCandidates]
	}
	type scored struct {
		t     [3]*detector.FinderPattern
		shape float64
	}
	var all []scored
	for i := 0; i < len(ok); i++ {
		for j := i + 1; j < len(ok); j++ {
			for k := j + 1; k < len(ok); k++ {
				t := [3]*detector.FinderPattern{ok[i], ok[j], ok[k]}
				if shape, fits := tripleShape(t); fits {
					all = append(all, scored{t, shape})
				}
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].shape < all[j].shape })
	var out []*detector.FinderPatternInfo
	for _, s := range all[:min(n, len(all))] {
		bl, tl, tr := gozxing.ResultPoint_OrderBestPatterns(s.t[0], s.t[1], s.t[2])
		out = append(out, detector.NewFinderPatternInfo(bl.(*detector.FinderPattern), tl.(*detector.FinderPattern), tr.(*detector.FinderPattern)))
	}
	return out
}

// tripleShape is how far t's centres lie from an isosceles right triangle
// (|c²-2a²|+|c²-2b²| over c², with c the longest side), and whether t is
// within the loose limits at all.
func tripleShape(t [3]*detector.FinderPattern) (float64, bool) {
	lo, hi := math.Inf(1), 0.0
	for _, p := range t {
		lo, hi = min(lo, p.GetEstimatedModuleSize()), max(hi, p.GetEstimatedModuleSize())
	}
	if hi > lo*looseModuleRatio {
		return 0, false
	}
	a, b, c := sort3(dist2(t[0], t[1]), dist2(t[1], t[2]), dist2(t[0], t[2]))
	if c == 0 {
		return 0, false
	}
	shape := (math.Abs(c-2*a) + math.Abs(c-2*b)) / c
	return shape, shape < looseShape
}

// dist2 is the squared distance between two candidates' centres.
func dist2(p, q *detector.FinderPattern) float64 {
	dx, dy := p.GetX()-q.GetX(), p.GetY()-q.GetY()
	return dx*dx + dy*dy
}

// sort3 returns its arguments in ascending order.
func sort3(a, b, c float64) (float64, float64, float64) {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b, c = c, b
	}
	if a > b {
		a, b = b, a
	}
	return a, b, c
}
