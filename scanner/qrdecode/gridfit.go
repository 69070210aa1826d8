package qrdecode

import (
	"math"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// Grid fitting for codes of version 2 and up, the way zxing-cpp 3 reads
// dense tilted codes: gozxing's detector maps a code from its three finder
// patterns and one alignment pattern, and a code tilted in depth bends its
// module rows more than one perspective fitted to four points can follow
// once there are 40 or more of them. Here every alignment pattern the
// version has is looked for, each where the points found so far predict it
// (nearest first, so each prediction is short), the perspective is refitted
// by least squares after each find, and the grid is sampled with it; failing
// that, each region between alignment patterns is sampled with a
// perspective fitted to its own corners.

// Template matching limits: an alignment pattern is accepted when at least
// alignMinScore of the 25 module centres around the best position match
// its 5x5 template (alignLooseScore in a second fit, when the first does
// not decode); positions are tried over +-alignSearch modules in whole
// steps around the prediction, then in alignStep steps around the best
// (a code tilted in depth puts the
// first alignment pattern up to about 4 modules from where the three
// finders' affine map predicts it). A wrong match costs a failed
// Reed-Solomon check, never a misread. Finder centres are refined over
// +-finderSearch modules.
const (
	alignMinScore   = 23
	alignLooseScore = 21 // second pass: far, foreshortened modules of two pixels
	alignSearch     = 5.0
	alignStep       = 0.25
	finderSearch    = 1.0
)

// fitted tries the dimensions nearest the finder patterns' estimate and
// decodes the first grid that passes Reed-Solomon.
func (r *reader) fitted(m *gozxing.BitMatrix, info *detector.FinderPatternInfo, dim int) (string, bool) {
	for _, d := range [...]int{dim, dim + 4, dim - 4, dim + 8, dim - 8} {
		if d < 25 || d > 177 {
			continue
		}
		for _, score := range [...]int{alignMinScore, alignLooseScore} {
			if skip, stop := r.step(); stop {
				return "", false
			} else if skip {
				continue // an earlier frame fitted this one
			}
			g := gridFit{m: m, dim: d, minScore: score, stop: r.cutShort}
			if !g.fit(info) {
				continue
			}
			if text, ok := r.decodeFit(&g); ok {
				return text, true
			}
		}
	}
	return "", false
}

// decodeFit decodes a fitted grid: sampled through the global fit, then,
// when more than two alignment patterns were found, through a fit per
// region (unless the deadline cuts the step in between).
func (r *reader) decodeFit(g *gridFit) (string, bool) {
	if text, ok := r.decodeBits(g.sample(false)); ok {
		return text, true
	}
	if len(g.found) <= 5 || r.cutShort() {
		return "", false
	}
	return r.decodeBits(g.sample(true))
}

// decodeBits decodes a sampled grid (nil is no grid).
func (r *reader) decodeBits(bits *gozxing.BitMatrix) (string, bool) {
	if bits == nil {
		return "", false
	}
	return r.decodeGrid(bits)
}

// gridFit is one fit of a dim x dim grid to a bit matrix.
type gridFit struct {
	m       *gozxing.BitMatrix
	dim     int
	centres []int            // alignment-pattern rows/columns of the version
	found   []match          // finder and alignment centres, module -> pixel
	at      map[[2]int]match // found alignment patterns by grid index
	h       homography       // least-squares fit of found
	local   map[[2]int]*homography
	// minScore is the template score an alignment pattern needs.
	minScore int
	// stop, when set, is asked after each alignment pattern's search
	// whether the fit must stop there (the deadline: a dense code's fit
	// looks for dozens of them); the fit then fails.
	stop func() bool
}

// fit places the grid: finder centres (refined by template matching), then
// every alignment pattern, each searched within alignSearch modules of its
// prediction. False when no usable fit was found.
func (g *gridFit) fit(info *detector.FinderPatternInfo) bool {
	return g.fitFrom(info, nil, alignSearch)
}

// fitFrom is fit starting from a perspective through the finder centres
// and seed, points of the code placed by other means (the traced corner):
// they join the least-squares fits until the bottom-right alignment
// pattern, which is searched first, is found where they are. A seeded fit
// predicts each alignment pattern closely, so it searches within radius
// modules instead of alignSearch.
func (g *gridFit) fitFrom(info *detector.FinderPatternInfo, seed []match, radius float64) bool {
	v, err := decoder.Version_GetVersionForNumber((g.dim - 17) / 4)
	if err != nil {
		return false
	}
	g.centres = v.GetAlignmentPatternCenters()
	far := float64(g.dim) - 3.5
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	g.found = []match{
		{3.5, 3.5, tl.GetX(), tl.GetY()},
		{far, 3.5, tr.GetX(), tr.GetY()},
		{3.5, far, bl.GetX(), bl.GetY()},
	}
	var ok bool
	if g.h, ok = fitHomography(append(g.found, seed...)); !ok {
		return false
	}
	// The finders' centres from gozxing are run-length estimates; refine
	// them against the 7x7 template under the fit so far.
	for i := range g.found {
		if x, y, score := g.search(g.found[i].mx, g.found[i].my, finderTemplate, finderSearch); score >= 45 {
			g.found[i].px, g.found[i].py = x, y
		}
	}
	refit := func() {
		if h, ok := fitHomography(append(g.found[:len(g.found):len(g.found)], seed...)); ok {
			g.h = h
		}
	}
	refit()
	g.at = map[[2]int]match{}
	n := len(g.centres)
	stopped := false
	look := func(i, j int) {
		if _, done := g.at[[2]int{i, j}]; done || stopped || isFinderCorner(i, j, n) {
			return
		}
		mx, my := float64(g.centres[i])+0.5, float64(g.centres[j])+0.5
		x, y, score := g.search(mx, my, alignTemplate, radius)
		if g.stop != nil && g.stop() {
			stopped = true
		}
		if stopped || score < g.minScore {
			return
		}
		mt := match{mx, my, x, y}
		g.at[[2]int{i, j}] = mt
		g.found = append(g.found, mt)
		if i == n-1 && j == n-1 {
			seed = nil // found where the seed only guessed
		}
		refit()
	}
	if seed != nil && n > 0 {
		look(n-1, n-1)
	}
	// Alignment patterns in order of distance from the top-left corner:
	// each is predicted from the ones found nearer to the finders.
	for s := 0; s <= 2*(n-1); s++ {
		for i := 0; i < n; i++ {
			if j := s - i; j >= 0 && j < n {
				look(i, j)
			}
		}
	}
	return !stopped
}

// isFinderCorner reports the alignment positions a finder pattern covers.
func isFinderCorner(i, j, n int) bool {
	return (i == 0 && j == 0) || (i == n-1 && j == 0) || (i == 0 && j == n-1)
}

// template is a square pattern of modules around a centre.
type template struct {
	cells []templateCell
}

// templateCell is one module of a template: its offset and colour.
type templateCell struct {
	dx, dy float64
	dark   bool
}

// ringTemplate is a side x side square of concentric rings, dark where
// dark says for a ring's distance from the centre (0 is the centre).
func ringTemplate(side int, dark func(ring int) bool) template {
	var t template
	half := side / 2
	for y := -half; y <= half; y++ {
		for x := -half; x <= half; x++ {
			t.cells = append(t.cells, templateCell{float64(x), float64(y), dark(max(abs(x), abs(y)))})
		}
	}
	return t
}

var (
	alignTemplate  = ringTemplate(5, func(r int) bool { return r != 1 })
	finderTemplate = ringTemplate(7, func(r int) bool { return r != 2 })
)

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// search slides a template around code point (mx, my) over +-radius
// modules and returns the image position of the best match and its score:
// first in whole-module steps, then in quarter modules around the best of
// those, taking the centroid of all offsets that score the best (where the
// pattern's centre is, to a fraction of a module). Module centres are
// sampled through the fit's affine approximation at (mx, my), which over a
// few modules is as good as the fit and costs two multiply-adds a sample.
func (g *gridFit) search(mx, my float64, t template, radius float64) (float64, float64, int) {
	x0, y0 := g.h.apply(mx, my)
	x1, y1 := g.h.apply(mx+1, my)
	x2, y2 := g.h.apply(mx, my+1)
	ux, uy, vx, vy := x1-x0, y1-y0, x2-x0, y2-y0
	score := func(ox, oy float64) int {
		n := 0
		for _, c := range t.cells {
			dx, dy := ox+c.dx, oy+c.dy
			if g.get(x0+dx*ux+dy*vx, y0+dx*uy+dy*vy) == c.dark {
				n++
			}
		}
		return n
	}
	best, bx, by := -1, 0.0, 0.0
	for oy := -radius; oy <= radius; oy++ {
		for ox := -radius; ox <= radius; ox++ {
			if s := score(ox, oy); s > best {
				best, bx, by = s, ox, oy
			}
		}
	}
	best, n := -1, 0
	var sx, sy float64
	for oy := by - 1; oy <= by+1; oy += alignStep {
		for ox := bx - 1; ox <= bx+1; ox += alignStep {
			switch s := score(ox, oy); {
			case s > best:
				best, n, sx, sy = s, 1, ox, oy
			case s == best:
				n++
				sx, sy = sx+ox, sy+oy
			}
		}
	}
	px, py := g.h.apply(mx+sx/float64(n), my+sy/float64(n))
	return px, py, best
}

// get reads the bit matrix at an image point; outside it reads light.
func (g *gridFit) get(px, py float64) bool {
	x, y := int(math.Floor(px)), int(math.Floor(py))
	if x < 0 || y < 0 || x >= g.m.GetWidth() || y >= g.m.GetHeight() {
		return false
	}
	return g.m.Get(x, y)
}

// sample reads the grid's modules: through the global fit, or with local
// through a fit per region between neighbouring alignment patterns, where
// those were found.
func (g *gridFit) sample(local bool) *gozxing.BitMatrix {
	bits, err := gozxing.NewSquareBitMatrix(g.dim)
	if err != nil {
		return nil
	}
	for y := 0; y < g.dim; y++ {
		for x := 0; x < g.dim; x++ {
			h := &g.h
			if local {
				h = g.regionFit(x, y)
			}
			px, py := h.apply(float64(x)+0.5, float64(y)+0.5)
			if g.get(px, py) {
				bits.Set(x, y)
			}
		}
	}
	return bits
}

// regionFit is the perspective fitted to the corners of the alignment
// region holding module (x, y) and their neighbours, or the global fit
// when fewer than four of them were found.
func (g *gridFit) regionFit(x, y int) *homography {
	ci, cj := region(g.centres, x), region(g.centres, y)
	if g.local == nil {
		g.local = map[[2]int]*homography{}
	}
	key := [2]int{ci, cj}
	if h, ok := g.local[key]; ok {
		return h
	}
	var pts []match
	for i := ci; i <= ci+1; i++ {
		for j := cj; j <= cj+1; j++ {
			if mt, ok := g.point(i, j); ok {
				pts = append(pts, mt)
			}
		}
	}
	h := &g.h
	if len(pts) == 4 {
		if fit, ok := fitHomography(pts); ok {
			h = &fit
		}
	}
	g.local[key] = h
	return h
}

// point is the found centre at alignment grid index (i, j): a finder's
// centre at the three corners, else an alignment pattern if it was found.
func (g *gridFit) point(i, j int) (match, bool) {
	n := len(g.centres)
	switch {
	case i == 0 && j == 0:
		return g.found[0], true
	case i == n-1 && j == 0:
		return g.found[1], true
	case i == 0 && j == n-1:
		return g.found[2], true
	}
	mt, ok := g.at[[2]int{i, j}]
	return mt, ok
}

// region is the index of the alignment interval holding module c.
func region(centres []int, c int) int {
	for i := 1; i < len(centres)-1; i++ {
		if c < centres[i] {
			return i - 1
		}
	}
	return len(centres) - 2
}
