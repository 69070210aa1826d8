package qrdecode

import (
	"math"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// gozxing's cross checks reject finder patterns that a steep tilt shears:
// the column through a row's centre must cross rings whose total is within
// two fifths of the row's, each of its runs within half a module of the
// ratio, and no ring run may be longer than the centre run. A finder at
// the far corner of a code tilted 45 degrees in depth and turned is a
// parallelogram whose rings, crossed by a row or a column, run longer on
// one side than on the other, and it fails one of those tests on every row.
// zxing-cpp 3 confirms a row's crossing as concentric rings instead: from
// the centre outwards along the column, the row again, and both diagonals,
// each with a looser tolerance that sizes the dark and the light modules
// apart (blur and the threshold widen one and narrow the other), and only
// asks that the four widths stay within a factor of each other, which
// perspective allows. concentricCenter does that for the crossings
// gozxing's own checks turned down, so that the candidate joins the others
// (allCenters) for the ranked triples.

// maxSpread is how far the four directions' widths of one finder may
// differ: a finder seen at 45 degrees in depth and turned is about twice as
// wide one way as the other, and a diagonal crossing a corner longer.
const maxSpread = 4

// concentricCenter checks the crossing of a row's five runs (counts, in
// m's row y, ending before column x) as concentric rings and returns the
// candidate at their centre, or nil.
func concentricCenter(m *gozxing.BitMatrix, counts []int, y, x int) *detector.FinderPattern {
	total := 0
	for _, c := range counts[:5] {
		total += c
	}
	cx := x - counts[4] - counts[3] - counts[2]/2 - 1
	limit := 2 * total // perspective may stretch a finder twice in one direction
	v, dy, ok := ringRuns(m, cx, y, 0, 1, limit)
	if !ok {
		return nil
	}
	cy := y + dy
	h, dx, ok := ringRuns(m, cx, cy, 1, 0, limit)
	if !ok {
		return nil
	}
	cx += dx
	lo, hi := min(h, v), max(h, v)
	for _, d := range [2][2]int{{1, 1}, {1, -1}} {
		s, _, ok := ringRuns(m, cx, cy, d[0], d[1], limit)
		if !ok {
			return nil
		}
		lo, hi = min(lo, s), max(hi, s)
	}
	if hi > maxSpread*lo {
		return nil
	}
	return detector.NewFinderPattern1(float64(cx)+0.5, float64(cy)+0.5, float64(h+v)/14)
}

// ringRuns walks from (x, y), which must be dark, both ways along (dx, dy)
// over the centre run and two rings on each side, at most limit pixels in
// all, and reports their width in steps, the offset (in steps) from (x, y)
// to the middle of the centre run, and whether the runs show the 1:1:3:1:1
// ratio (looseRatio).
func ringRuns(m *gozxing.BitMatrix, x, y, dx, dy, limit int) (width, mid int, ok bool) {
	w, h := m.GetWidth(), m.GetHeight()
	dark := func(k int) (d, in bool) {
		xx, yy := x+k*dx, y+k*dy
		if xx < 0 || yy < 0 || xx >= w || yy >= h {
			return false, false
		}
		return m.Get(xx, yy), true
	}
	if d, _ := dark(0); !d {
		return 0, 0, false
	}
	var r [5]int
	back, fwd, left := 0, 0, limit-1
	// extend moves *edge (steps walked that way, sign -1 or 1) over the
	// pixels of colour and returns how many; cut is a ring the frame's
	// edge cuts.
	extend := func(edge *int, sign int, colour bool) (n int, cut bool) {
		for left > 0 {
			d, in := dark(sign * (*edge + 1))
			if !in {
				return n, true
			}
			if d != colour {
				break
			}
			*edge, n, left = *edge+1, n+1, left-1
		}
		return n, false
	}
	for k, colour := range [3]bool{true, false, true} {
		a, cutA := extend(&back, -1, colour)
		if cutA {
			return 0, 0, false
		}
		b, cutB := extend(&fwd, 1, colour)
		if cutB || left == 0 {
			return 0, 0, false
		}
		if k == 0 {
			r[2], mid = a+b+1, (b-a)/2
		} else {
			r[2-k], r[2+k] = a, b
		}
	}
	if !looseRatio(r) {
		return 0, 0, false
	}
	return r[0] + r[1] + r[2] + r[3] + r[4], mid, true
}

// looseRatio reports runs in the ratio 1:1:3:1:1 with the dark and the
// light modules sized apart (the dark runs hold five modules, the light
// two; the sizes may differ threefold), each run within three quarters of
// its module and half a pixel.
func looseRatio(r [5]int) bool {
	for _, v := range r {
		if v == 0 {
			return false
		}
	}
	dark := float64(r[0]+r[2]+r[4]) / 5
	light := float64(r[1]+r[3]) / 2
	if max(dark, light) > 3*min(dark, light) {
		return false
	}
	want := [5]float64{dark, light, 3 * dark, light, dark}
	tol := [5]float64{dark, light, dark, light, dark}
	for i, v := range r {
		if math.Abs(float64(v)-want[i]) > 0.75*tol[i]+0.5 {
			return false
		}
	}
	return true
}

// extraCenters gathers concentricCenter's candidates of one scan, each
// once: a centre seen again (gozxing's AboutEquals) counts one more row.
type extraCenters []*detector.FinderPattern

func (e *extraCenters) add(c *detector.FinderPattern) {
	for i, o := range *e {
		if o.AboutEquals(c.GetEstimatedModuleSize(), c.GetY(), c.GetX()) {
			(*e)[i] = o.CombineEstimate(c.GetY(), c.GetX(), c.GetEstimatedModuleSize())
			return
		}
	}
	*e = append(*e, c)
}

// seenBy is e with the rows of gozxing's candidates of the same scan
// counted in: a finder seen at an angle passes gozxing's cross checks on
// one row and only the concentric check on the others, and each alone may
// see it on one row of a rescan, which rankedTriples does not trust.
// gozxing's checks and concentricCenter never confirm a crossing of the
// same row, so the counts add up. The centre stays the concentric one,
// measured along the column and both diagonals.
func (e extraCenters) seenBy(cands []*detector.FinderPattern) []*detector.FinderPattern {
	out := make([]*detector.FinderPattern, len(e))
	for i, c := range e {
		out[i] = c
		for _, g := range cands {
			if g.AboutEquals(c.GetEstimatedModuleSize(), c.GetY(), c.GetX()) {
				out[i] = detector.NewFinderPattern(c.GetX(), c.GetY(), c.GetEstimatedModuleSize(), out[i].GetCount()+g.GetCount())
			}
		}
	}
	return out
}
