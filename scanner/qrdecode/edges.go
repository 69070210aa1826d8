package qrdecode

import (
	"math"

	"github.com/makiuchi-d/gozxing"
)

// Edge tracing places a tilted code's fourth corner the way zxing-cpp 3
// does, instead of trying hundreds of guesses around the parallelogram's:
// the side of the top-right finder pattern that faces the top-left one lies
// on the code's column dim-7 (outer edge of its ring) and dim-6 (inner
// edge), the facing side of the bottom-left one on rows dim-7 and dim-6. A
// perspective keeps lines straight, so those edges, traced over the
// finder's width and extended, cross where the code's modules (dim-7,
// dim-7) and (dim-6, dim-6) are: around the bottom-right alignment
// pattern's centre, which small versions lack but whose place still fixes
// the perspective. The timing patterns, counted from ring to ring along
// the middle of the finders' ring sides they continue, give the dimension
// (timingDim), which the finders' module sizes misjudge under strong tilt.

// vec is an image point or direction, in pixels.
type vec struct{ x, y float64 }

func (a vec) add(b vec) vec             { return vec{a.x + b.x, a.y + b.y} }
func (a vec) sub(b vec) vec             { return vec{a.x - b.x, a.y - b.y} }
func (a vec) scale(k float64) vec       { return vec{a.x * k, a.y * k} }
func (a vec) cross(b vec) float64       { return a.x*b.y - a.y*b.x }
func (a vec) norm() float64             { return math.Hypot(a.x, a.y) }
func pointOf(p gozxing.ResultPoint) vec { return vec{p.GetX(), p.GetY()} }

// line is an image line: a point on it and its unit direction.
type line struct{ p, d vec }

// minEdgePoints is the fewest traced points a line is fitted to.
const minEdgePoints = 5

// fitLine fits a line to points by total least squares, once more without
// the points far off the first fit (a data module touching the edge).
func fitLine(pts []vec) (line, bool) {
	l, ok := principal(pts)
	if !ok {
		return l, false
	}
	var rms float64
	for _, p := range pts {
		d := l.d.cross(p.sub(l.p))
		rms += d * d
	}
	rms = math.Sqrt(rms / float64(len(pts)))
	keep := pts[:0:0]
	for _, p := range pts {
		if math.Abs(l.d.cross(p.sub(l.p))) <= max(1, 2*rms) {
			keep = append(keep, p)
		}
	}
	if len(keep) == len(pts) {
		return l, true
	}
	return principal(keep)
}

// principal is the line through the points' centroid along their main
// axis; false for too few points or a spread under two pixels.
func principal(pts []vec) (line, bool) {
	if len(pts) < minEdgePoints {
		return line{}, false
	}
	var c vec
	for _, p := range pts {
		c = c.add(p)
	}
	c = c.scale(1 / float64(len(pts)))
	var sxx, sxy, syy float64
	for _, p := range pts {
		d := p.sub(c)
		sxx, sxy, syy = sxx+d.x*d.x, sxy+d.x*d.y, syy+d.y*d.y
	}
	a := 0.5 * math.Atan2(2*sxy, sxx-syy)
	d := vec{math.Cos(a), math.Sin(a)}
	var lo, hi float64
	for _, p := range pts {
		t := p.sub(c).x*d.x + p.sub(c).y*d.y
		lo, hi = min(lo, t), max(hi, t)
	}
	if hi-lo < 2 {
		return line{}, false
	}
	return line{c, d}, true
}

// intersect is where two lines cross; false when they are within about
// ten degrees of parallel, where the crossing is too uncertain to use.
func (l line) intersect(o line) (vec, bool) {
	den := l.d.cross(o.d)
	if math.Abs(den) < 0.17 {
		return vec{}, false
	}
	a := o.p.sub(l.p).cross(o.d) / den
	return l.p.add(l.d.scale(a)), true
}

// finderEdge traces the side of the finder pattern centred at c that
// faces toward, at the inner edge of its dark ring (outer false: light to
// dark going out) or the outer one (dark to light), and fits a line to it.
// module is the finder's module size in pixels.
func finderEdge(m *gozxing.BitMatrix, c, toward vec, module float64, outer bool) (line, bool) {
	u := toward.sub(c)
	n := u.norm()
	if n == 0 || module < 1 {
		return line{}, false
	}
	u = u.scale(1 / n)
	w := vec{-u.y, u.x}
	get := func(p vec) bool { return darkAt(m, p) }
	inner, outerEdge, ok := ringEdges(m, c, u, module)
	if !ok {
		return line{}, false
	}
	const step = 0.5
	s0 := inner
	if outer {
		s0 = outerEdge
	}
	// Along the edge both ways, each crossing looked for near where the
	// ones before predict it (the edge is not square to u in a tilted
	// code), up to short of the ring's corners.
	inside := outer // the colour before the edge going out: light, or the dark ring
	half := 1.8 * module
	if outer {
		half = 2.8 * module
	}
	dt := max(1, half/12)
	win := max(1.5, 0.7*module)
	pts := []vec{c.add(u.scale(s0))}
	for _, dir := range [...]float64{-1, 1} {
		slope := 0.0
		for t := dt; t <= half; t += dt {
			base := c.add(w.scale(dir * t))
			pred := s0 + slope*t
			best, found := 0.0, false
			prev := get(base.add(u.scale(pred - win)))
			for s := pred - win + step; s <= pred+win; s += step {
				cur := get(base.add(u.scale(s)))
				if prev == inside && cur != inside {
					if e := s - step/2; !found || math.Abs(e-pred) < math.Abs(best-pred) {
						best, found = e, true
					}
				}
				prev = cur
			}
			if !found {
				break // past the corner, or a gap: the rest is not this edge
			}
			pts = append(pts, base.add(u.scale(best)))
			slope = (best - s0) / t
		}
	}
	l, ok := fitLine(pts)
	return l, ok
}

// darkAt reads the bit matrix at an image point; outside it reads light.
func darkAt(m *gozxing.BitMatrix, p vec) bool {
	x, y := int(math.Floor(p.x)), int(math.Floor(p.y))
	return x >= 0 && y >= 0 && x < m.GetWidth() && y < m.GetHeight() && m.Get(x, y)
}

// ringEdges walks from a finder pattern's centre c along the unit vector
// u, from the dark centre through the light ring into the dark ring and
// out of it, and returns the distances to the dark ring's inner and outer
// edges; false when the runs are not a finder's (module is its module
// size; a tilted code's finder may be foreshortened along u by half).
func ringEdges(m *gozxing.BitMatrix, c, u vec, module float64) (inner, outer float64, ok bool) {
	const step = 0.5
	if !darkAt(m, c) || module < 1 {
		return 0, 0, false
	}
	var at [3]float64
	edges, prev := 0, true
	for s := step; s <= 6*module && edges < 3; s += step {
		if cur := darkAt(m, c.add(u.scale(s))); cur != prev {
			prev = cur
			at[edges] = s - step/2
			edges++
		}
	}
	inner, outer = at[1], at[2]
	if edges < 3 || inner < 0.5*2.5*module || outer > 1.6*3.5*module {
		return 0, 0, false
	}
	return inner, outer, true
}

// timingDim is the dimension the timing pattern between finder patterns a
// and b shows: it runs along the middle of their dark rings' sides that
// face along u (row 6 for the top-left and top-right finders and u towards
// the bottom-left one), light and dark module by module between the two
// rings, dim-14 modules in all. Counted along that line from ring to ring,
// so it holds under any perspective; false when the line cannot be placed
// or the count is not a QR dimension.
func timingDim(m *gozxing.BitMatrix, a, b, u vec, ma, mb float64) (int, bool) {
	u = u.scale(1 / u.norm())
	ai, ao, ok := ringEdges(m, a, u, ma)
	if !ok {
		return 0, false
	}
	bi, bo, ok := ringEdges(m, b, u, mb)
	if !ok {
		return 0, false
	}
	p, q := a.add(u.scale((ai+ao)/2)), b.add(u.scale((bi+bo)/2))
	d := q.sub(p)
	n := d.norm()
	if n < 21 {
		return 0, false
	}
	const step = 0.5
	changes, prev := 0, true
	if !darkAt(m, p) || !darkAt(m, q) {
		return 0, false
	}
	for s := step; s < n; s += step {
		if cur := darkAt(m, p.add(d.scale(s/n))); cur != prev {
			prev = cur
			changes++
		}
	}
	// Dark ring, then dim-14 single modules from light to light, then
	// the dark ring again: dim-13 changes.
	dim := changes + 13
	if dim < 21 || dim > 177 || dim%4 != 1 {
		return 0, false
	}
	return dim, true
}

// corner is the traced fourth corner: the crossings of the facing edges
// of the top-right and bottom-left finder patterns, inner and outer.
type corner struct {
	inner, outer vec
	has          [2]bool
}

// traceCorner traces the facing edges of info's top-right and bottom-left
// finder patterns and crosses them; false when neither pair crosses.
func traceCorner(m *gozxing.BitMatrix, tl, tr, bl vec, mtr, mbl float64) (corner, bool) {
	var c corner
	for k, outer := range [...]bool{false, true} {
		a, ok := finderEdge(m, tr, tl, mtr, outer)
		if !ok {
			continue
		}
		b, ok := finderEdge(m, bl, tl, mbl, outer)
		if !ok {
			continue
		}
		p, ok := a.intersect(b)
		if !ok {
			continue
		}
		if outer {
			c.outer = p
		} else {
			c.inner = p
		}
		c.has[k] = true
	}
	return c, c.has[0] || c.has[1]
}

// matches are the corner's correspondences in a code of dimension dim:
// module corners (dim-6, dim-6) inside the ring, (dim-7, dim-7) outside.
func (c corner) matches(dim int) []match {
	var out []match
	if k := float64(dim - 6); c.has[0] {
		out = append(out, match{k, k, c.inner.x, c.inner.y})
	}
	if k := float64(dim - 7); c.has[1] {
		out = append(out, match{k, k, c.outer.x, c.outer.y})
	}
	return out
}
