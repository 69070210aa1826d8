package qrdecode

import (
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// Limits of the estimated placements: the timing score a placement needs
// to be tried (a right one reads 0.8-1.0 even blurred or tiny, a wrong
// dimension or corner about a half), how far in modules a seeded grid fit
// searches around each alignment pattern's prediction, and how many of
// the nearby corners one search step samples for a version 1 and for
// versions 2-4 (each sample and decode costs about 50 and 120 us).
const (
	minTiming     = 0.75
	alignSeeded   = 2.0
	nearbyV1      = 4
	nearbyLarger  = 2
	nearbyRadius2 = 1.0 // squared, modules
)

// estimated is the perspective search's cheap first stage: the grids the
// traced fourth corner places (edges.go), for the dimension the timing
// patterns count and its neighbours, those whose timing patterns then
// read well through them, best first. A version 1 is sampled
// through the perspective fitted to the finder centres and the corner;
// larger ones get the grid fit seeded with it, which then looks for each
// alignment pattern close to where it is. Failing those, the corner is
// moved over the half-module grid within a module of the best placement's
// for versions 1-4, where the traced edges are shortest.
func (r *reader) estimated(m *gozxing.BitMatrix, info *detector.FinderPatternInfo, ps []placement) (string, bool) {
	for _, c := range ps {
		if c.timing < minTiming {
			break
		}
		if skip, stop := r.step(); stop {
			return "", false
		} else if skip {
			continue
		}
		if text, ok := r.placed(m, info, c); ok {
			return text, true
		}
	}
	if len(ps) == 0 || ps[0].timing < minTiming || ps[0].dim > maxRectifiedDimension {
		return "", false
	}
	best := ps[0]
	per := nearbyLarger
	if best.dim == 21 {
		per = nearbyV1
	}
	for i := 0; i < len(nearby); i += per {
		if skip, stop := r.step(); stop {
			return "", false
		} else if skip {
			continue
		}
		for _, o := range nearby[i:min(i+per, len(nearby))] {
			if h, ok := best.moved(o); ok {
				g := gridFit{m: m, dim: best.dim, h: h}
				if text, ok := r.decodeBits(g.sample(false)); ok {
					return text, true
				}
			}
		}
	}
	return "", false
}

// placed samples and decodes one placement's grid: through its own
// perspective for a version 1, through the grid fit it seeds for larger
// ones.
func (r *reader) placed(m *gozxing.BitMatrix, info *detector.FinderPatternInfo, c placement) (string, bool) {
	if c.dim < 25 {
		g := gridFit{m: m, dim: c.dim, h: c.h}
		return r.decodeBits(g.sample(false))
	}
	g := gridFit{m: m, dim: c.dim, minScore: alignMinScore, stop: r.cutShort}
	if !g.fitFrom(info, c.seed, alignSeeded) {
		return "", false
	}
	return r.decodeFit(&g)
}

// nearby are the corner displacements, in modules, within a module of the
// traced corner on the half-module grid, nearest first.
var nearby = func() [][2]float64 {
	var out [][2]float64
	for _, o := range offsets {
		if o[0]*o[0]+o[1]*o[1] <= nearbyRadius2 {
			out = append(out, o)
		}
	}
	return out
}()

// placement is one candidate grid: a dimension, the perspective that maps
// its modules to pixels, the correspondences it was fitted to (finder
// centres, then the traced corner's) and its timing patterns' score.
type placement struct {
	dim    int
	h      homography
	ms     []match
	seed   []match // ms's corner points
	timing float64
}

// placements are the grids the traced corner gives for dim and its
// neighbouring versions, the dimension whose timing patterns read best
// first; none when the corner cannot be traced. When the inner and outer
// crossings disagree by more than half a module (the ring's inner edge, a
// module from the next, is the first to blur away in a small code; the
// outer one can touch a dark data module), the grids through each alone
// follow the one through both.
func placements(m *gozxing.BitMatrix, info *detector.FinderPatternInfo, dim int) []placement {
	tl, tr, bl := pointOf(info.GetTopLeft()), pointOf(info.GetTopRight()), pointOf(info.GetBottomLeft())
	c, ok := traceCorner(m, tl, tr, bl, info.GetTopRight().GetEstimatedModuleSize(), info.GetBottomLeft().GetEstimatedModuleSize())
	if !ok {
		return nil
	}
	var out []placement
	for _, d := range candidateDims(m, info, dim) {
		far := float64(d) - 3.5
		base := []match{{3.5, 3.5, tl.x, tl.y}, {far, 3.5, tr.x, tr.y}, {3.5, far, bl.x, bl.y}}
		corner := c.matches(d)
		variants := [][]match{corner}
		if len(corner) == 2 && !consistent(corner[0], base, corner[1]) {
			variants = append(variants, corner[1:], corner[:1])
		}
		first := len(out)
		for _, v := range variants {
			ms := append(append([]match(nil), base...), v...)
			h, ok := fitHomography(ms)
			if !ok {
				continue
			}
			p := placement{dim: d, h: h, ms: ms, seed: ms[3:]}
			if len(out) > first {
				p.timing = out[first].timing // ordered by dimension
			} else {
				g := gridFit{m: m, dim: d, h: h}
				p.timing = g.timingScore()
			}
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].timing > out[j].timing })
	return out
}

// candidateDims are the dimensions to place: the one the timing patterns
// count (when the row and the column agree, or only one can be counted),
// then dim and its neighbouring versions.
func candidateDims(m *gozxing.BitMatrix, info *detector.FinderPatternInfo, dim int) []int {
	tl, tr, bl := pointOf(info.GetTopLeft()), pointOf(info.GetTopRight()), pointOf(info.GetBottomLeft())
	mtl, mtr, mbl := info.GetTopLeft().GetEstimatedModuleSize(), info.GetTopRight().GetEstimatedModuleSize(), info.GetBottomLeft().GetEstimatedModuleSize()
	row, rowOK := timingDim(m, tl, tr, bl.sub(tl), mtl, mtr)
	col, colOK := timingDim(m, tl, bl, tr.sub(tl), mtl, mbl)
	var out []int
	switch {
	case rowOK && (!colOK || col == row):
		out = append(out, row)
	case colOK && !rowOK:
		out = append(out, col)
	}
	for _, d := range [...]int{dim, dim + 4, dim - 4} {
		if d >= 21 && d <= 177 && (len(out) == 0 || out[0] != d) {
			out = append(out, d)
		}
	}
	return out
}

// consistent reports whether inner lies within half a module of where
// the perspective through base and outer puts its code point.
func consistent(inner match, base []match, outer match) bool {
	h, ok := fitHomography(append(append([]match(nil), base...), outer))
	if !ok {
		return false
	}
	x, y := h.apply(inner.mx, inner.my)
	x1, y1 := h.apply(inner.mx+0.5, inner.my)
	return math.Hypot(x-inner.px, y-inner.py) <= math.Hypot(x1-x, y1-y)
}

// moved is the placement's perspective refitted with its corner points
// displaced by o modules (along the code's rows and columns there).
func (p placement) moved(o [2]float64) (homography, bool) {
	ms := append([]match(nil), p.ms...)
	for i := 3; i < len(ms); i++ {
		x0, y0 := p.h.apply(ms[i].mx, ms[i].my)
		x1, y1 := p.h.apply(ms[i].mx+o[0], ms[i].my+o[1])
		ms[i].px, ms[i].py = ms[i].px+x1-x0, ms[i].py+y1-y0
	}
	return fitHomography(ms)
}

// timingScore is the share of the timing patterns' modules (row and
// column 6 between the finder patterns' separators) that read as they
// should through the fit: about a half for a wrong dimension or a wrong
// perspective, near one for the right ones.
func (g *gridFit) timingScore() float64 {
	ok, n := 0, 0
	for k := 8; k < g.dim-8; k++ {
		dark := k%2 == 0
		for _, p := range [...][2]float64{{float64(k) + 0.5, 6.5}, {6.5, float64(k) + 0.5}} {
			x, y := g.h.apply(p[0], p[1])
			if g.get(x, y) == dark {
				ok++
			}
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(ok) / float64(n)
}
