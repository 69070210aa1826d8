package qrdecode

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// reader finds and decodes one code in a bit matrix. It runs gozxing's
// finder, detector and decoder itself (instead of qrcode.QRCodeReader) so
// that when the finder patterns are found but the code does not decode it can
// retry with a rectified grid: see rectified.
type reader struct {
	qr      *decoder.Decoder
	sampler common.GridSampler
	found   gozxing.ResultPointCallback // counts finder-pattern candidates
	// watch and budget end the perspective searches, which try many
	// grids, when the frame's budget is spent (clock.go).
	watch  *stopwatch
	budget time.Duration
	// carry, when not nil, is this rung's search carried over from earlier
	// frames (carry.go): resumed if live, and set when the deadline cuts
	// this frame's search. Files read with it nil.
	carry *carry
	frame int         // the camera frame being read (Decoder.frames)
	steps searchSteps // this read's progress through the perspective search
	// searched is the time the last read spent in the perspective search,
	// which the deadline bounds: the ladder leaves it out of a rung's
	// measured cost, or a rung that once searched long would look too
	// dear to start.
	searched time.Duration
	// stepLimit, when positive, cuts each read's perspective search after
	// that many steps whatever the deadline, and when negative skips it
	// (tests: a schedule that does not depend on machine load).
	stepLimit int
	// zoomed says the matrix is a zoomed region (zoom.go).
	zoomed bool
	// exhaustive, in tests, skips the estimated corners and searches only
	// as the decoder did before them, for comparisons in one run.
	exhaustive bool
	// noConcentric, in tests, leaves out the concentric check's
	// candidates (concentric.go), to test the rungs after it alone.
	noConcentric bool
	// checked is when the deadline was last checked, and longest the
	// longest stretch of the perspective search between two checks (for
	// the benchmarks: each must be short, as the deadline is only seen
	// at a check).
	checked time.Time
	longest time.Duration
}

// expired reports whether the deadline has passed, and marks the search cut.
// The deadline is only seen between the search's steps, which take up to
// about 0.3 ms: it falls a thirty-second of the budget early (0.25 ms of
// 8), so that a step begun just before it ends about when the budget does.
func (r *reader) expired() bool {
	r.lap()
	if r.watch.spent() > r.budget-r.budget/32 {
		r.steps.cut = true
		return true
	}
	return false
}

// step moves the perspective search on to its next step: stop when the
// deadline (or the tests' step limit) ends the search, skip when an
// earlier frame did this step.
func (r *reader) step() (skip, stop bool) {
	if r.expired() {
		return false, true
	}
	skip, stop = r.steps.next()
	if !skip && !stop {
		r.watch.charge(modelSearchStep)
	}
	return skip, stop
}

// cutShort reports, within a search step, whether the deadline stops it
// there; the step is then counted as not done, so that a carried search
// does it again in the next frame.
func (r *reader) cutShort() bool {
	r.watch.charge(modelAlignSearch)
	if !r.expired() {
		return false
	}
	r.steps.n--
	return true
}

// lap notes a deadline check: the time, and the longest stretch since the
// last one.
func (r *reader) lap() time.Time {
	now := time.Now()
	r.longest = max(r.longest, now.Sub(r.checked))
	r.checked = now
	return now
}

// read decodes the code in m. With rectify, a code whose three finder
// patterns were found but whose sampled grid did not decode gets the
// perspective search too.
func (r *reader) read(m *gozxing.BitMatrix, rectify bool) (string, bool) {
	r.steps = searchSteps{limit: r.stepLimit}
	r.searched = 0
	text, ok, infos := r.find(m, rectify)
	if ok || !rectify || len(infos) == 0 {
		return text, ok
	}
	t0 := r.watch.spent()
	defer func() { r.searched = r.watch.spent() - t0 }()
	r.checked, r.longest = time.Now(), 0
	defer r.lap() // the last stretch counts too
	if r.carry.live(r.frame) && r.carry.holds(infos[0]) {
		// The code is where it was: search on from where that stopped.
		infos, r.steps.skip = r.carry.infos, r.carry.step
	} else if r.carry != nil {
		*r.carry = carry{}
	}
	for _, info := range infos {
		if r.expired() {
			break // the frame's budget is spent: carried on, below
		}
		if text, ok := r.perspective(m, info); ok {
			r.keep(nil, 0)
			return text, true
		}
	}
	if r.steps.cut {
		born := r.frame
		if r.carry.live(r.frame) {
			born = r.carry.born
		}
		r.keep(infos, born)
	} else {
		r.keep(nil, 0)
	}
	return "", false
}

// keep sets or (infos nil) clears this rung's carried search.
func (r *reader) keep(infos []*detector.FinderPatternInfo, born int) {
	if r.carry != nil {
		*r.carry = carry{infos: infos, step: r.steps.reached(), born: born}
	}
}

// find runs gozxing's finder and detector on m and decodes what they
// sample; failing that (with rectify), every candidate of a full scan
// (centers.go) in its best-shaped triples, and it returns the triples the
// perspective search should try, in order.
func (r *reader) find(m *gozxing.BitMatrix, rectify bool) (string, bool, []*detector.FinderPatternInfo) {
	r.watch.charge(time.Duration(m.GetWidth()*m.GetHeight()) * searchPerPixel)
	finder := detector.NewFinderPatternFinder(m, r.found)
	info, err := finder.Find(r.hints(m))
	if err == nil {
		if text, ok := r.detect(m, info); ok {
			return text, true, nil
		}
	}
	if !rectify {
		return "", false, nil
	}
	// gozxing's choice of three can hold a false candidate (a data blob
	// or an alignment pattern), while the real third finder was never
	// scanned (its scan stops at three) or was rejected for its size
	// (a strong tilt makes the near finder's modules twice the far
	// one's): rank every candidate's triples, with a looser size rule,
	// and try those too.
	var infos []*detector.FinderPatternInfo
	if err == nil {
		infos = append(infos, info)
	}
	cands := finder.GetPossibleCenters()
	step, partial := rescanStep(cands, err == nil)
	if r.zoomed {
		// A zoomed region is small: scan it all again whatever
		// gozxing's scan saw (its modules are four pixels, but blurred
		// two-pixel ones, whose finders its cross checks still miss).
		step, partial = minRowStep, true
	}
	var extra []*detector.FinderPattern
	if partial && !r.expired() {
		// Past the deadline, gozxing's candidates still give the
		// perspective search its triples, which it carries on with.
		rows := time.Duration(stopEvery*m.GetWidth()) * modelRescanPerPixel
		var again []*detector.FinderPattern
		again, extra = allCenters(m, step, func() bool {
			r.watch.charge(rows)
			return r.expired()
		}, r.found)
		cands = mergeCenters(cands, again)
	}
	tried := func(t *detector.FinderPatternInfo) bool {
		return slices.ContainsFunc(infos, func(i *detector.FinderPatternInfo) bool { return sameTriple(i, t) })
	}
	for _, t := range rankedTriples(cands, maxTriples) {
		if tried(t) {
			continue
		}
		// Past the deadline the triples still go to the perspective
		// search, which carries them to the next frame.
		if !r.expired() {
			if text, ok := r.detect(m, t); ok {
				return text, true, nil
			}
		}
		infos = append(infos, t)
	}
	// Then the triples with a candidate only the concentric check
	// confirmed (a sheared finder): they come after gozxing's, whose
	// triples they must not crowd out, as on a noisy background most of
	// them are noise; only the best-shaped gets the perspective search.
	var sheared []*detector.FinderPatternInfo
	if len(extra) > 0 && !r.noConcentric {
		for _, t := range rankedTriples(mergeCenters(cands, extra), maxTriples+len(infos)) {
			if len(sheared) == maxTriples || r.expired() {
				break
			}
			if tried(t) || slices.ContainsFunc(sheared, func(i *detector.FinderPatternInfo) bool { return sameTriple(i, t) }) {
				continue
			}
			if text, ok := r.detect(m, t); ok {
				return text, true, nil
			}
			sheared = append(sheared, t)
		}
	}
	// The perspective search tries the best-shaped triple first: a
	// triple of gozxing's that holds a false candidate is seldom close
	// to an isosceles right triangle, and each search may take frames.
	slices.SortStableFunc(infos, func(a, b *detector.FinderPatternInfo) int {
		return cmp.Compare(infoShape(a), infoShape(b))
	})
	infos = infos[:min(len(infos), maxSearched)]
	if len(sheared) > 0 {
		// The best of them gets a search of its own.
		infos = append(infos, sheared[0])
	}
	return "", false, infos
}

// hints are gozxing's finder's for m. On a matrix taller than
// denseRows its row step (three quarters of a 97-module code's rows)
// passes five rows and more, and a finder of two-pixel modules, whose
// centre band is six rows high, is crossed once or not at all; try
// harder's step of three rows crosses it twice.
func (r *reader) hints(m *gozxing.BitMatrix) map[gozxing.DecodeHintType]interface{} {
	if m.GetHeight() <= denseRows {
		return nil
	}
	return tryHarder
}

// denseRows is the tallest matrix gozxing's finder scans every third or
// fourth row by itself.
const denseRows = 520

var tryHarder = map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}

// infoShape is tripleShape of info's three patterns.
func infoShape(info *detector.FinderPatternInfo) float64 {
	s, _ := tripleShape([3]*detector.FinderPattern{info.GetBottomLeft(), info.GetTopLeft(), info.GetTopRight()})
	return s
}

// maxSearched is how many triples the perspective search gets. A search
// step on a false triple far apart (a large dimension, many alignment
// patterns) can take milliseconds, and the deadline is only seen between
// steps.
const maxSearched = 2

// maxTriples is how many of a full scan's triples find tries: a false
// candidate makes a few well-shaped triples, and each costs a sampling.
const maxTriples = 4

// detect samples the code that info's finder patterns place, as gozxing's
// detector does, and decodes it. gozxing's detector looks for the
// alignment pattern with one module size for both directions, over a
// square four to sixteen modules wide around where the finders put it,
// and takes the first pattern its cross checks confirm: on a code seen at
// an angle (its modules 0.6 as high as wide), the real one fails the
// vertical check and a clump of data modules up to eight modules away
// passes, and the grid bent to it does not decode. zxing-cpp 3 looks only
// within about two modules of its estimate and otherwise samples through
// the parallelogram of the three finders; failing gozxing's grid, detect
// tries that parallelogram too.
func (r *reader) detect(m *gozxing.BitMatrix, info *detector.FinderPatternInfo) (string, bool) {
	r.watch.charge(modelDetect)
	det, err := detector.NewDetector(m).ProcessFinderPatternInfo(info)
	if err != nil {
		return "", false
	}
	if text, ok := r.decodeGrid(det.GetBits()); ok || len(det.GetPoints()) < 4 {
		return text, ok
	}
	r.watch.charge(modelDetect)
	dim := det.GetBits().GetWidth()
	t := detector.Detector_createTransform(info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft(), nil, dim)
	bits, err := r.sampler.SampleGridWithTransform(m, dim, dim, t)
	if err != nil {
		return "", false
	}
	return r.decodeGrid(bits)
}

// accepted is the text of a decoded grid that holds up as a read: the
// error correction passed (err nil), the code holds text, and it is a
// whole message, not one symbol of a structured-append sequence (whose
// text is a fragment of it). Anything else is a miss, never a read: a
// grid sampled from the wrong place that passes Reed-Solomon with no data
// in it once made `decode` report an empty payload for a code holding an
// IIN.
func accepted(res *common.DecoderResult, err error) (string, bool) {
	if err != nil || res == nil || res.GetText() == "" || res.HasStructuredAppend() {
		return "", false
	}
	return res.GetText(), true
}

// sameTriple reports whether two choices of finder patterns are the same.
// Two scans see one pattern at slightly different centres: within half a
// module is the same.
func sameTriple(a, b *detector.FinderPatternInfo) bool {
	near := func(p, q *detector.FinderPattern) bool {
		return math.Sqrt(dist2(p, q)) <= max(1, p.GetEstimatedModuleSize()/2)
	}
	return near(a.GetTopLeft(), b.GetTopLeft()) && near(a.GetTopRight(), b.GetTopRight()) && near(a.GetBottomLeft(), b.GetBottomLeft())
}

// perspective runs the searches for a code whose finder patterns were
// found but whose grid as gozxing samples it did not decode, cheapest and
// likeliest first: the grids placed by the traced fourth corner and the
// timing patterns (estimate.go), which read most tilted codes in a step or
// two; failing those, the exhaustive ones: the grid fit over alignment
// patterns (gridfit.go) from version 2 over neighbouring dimensions and
// score limits, and the corner search for versions 1-4.
func (r *reader) perspective(m *gozxing.BitMatrix, info *detector.FinderPatternInfo) (string, bool) {
	dim := estimateDim(info)
	if !r.exhaustive && dim >= 17 {
		ps := placements(m, info, dim)
		if text, ok := r.estimated(m, info, ps); ok {
			return text, true
		}
		if len(ps) > 0 && ps[0].timing >= minTiming {
			dim = ps[0].dim // the timing patterns know better
		}
	}
	if dim >= 25 {
		if text, ok := r.fitted(m, info, dim); ok {
			return text, true
		}
	}
	if dim >= 21 && dim <= maxRectifiedDimension {
		return r.rectified(m, info, dim)
	}
	return "", false
}

// estimateDim is the dimension (4v+17) the finder patterns' distances and
// module sizes suggest; 0 when their module size is under a pixel.
func estimateDim(info *detector.FinderPatternInfo) int {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	module := (tl.GetEstimatedModuleSize() + tr.GetEstimatedModuleSize() + bl.GetEstimatedModuleSize()) / 3
	if module < 1 {
		return 0
	}
	top := math.Hypot(tr.GetX()-tl.GetX(), tr.GetY()-tl.GetY()) / module
	left := math.Hypot(bl.GetX()-tl.GetX(), bl.GetY()-tl.GetY()) / module
	dim := int(math.Round((top+left)/2)) + 7
	switch dim % 4 { // a QR dimension is 4v+17, so 1 mod 4
	case 0:
		dim++
	case 2:
		dim--
	case 3:
		dim -= 2
	}
	return dim
}

// maxRectifiedDimension bounds the perspective search to versions 1-4 (up
// to 33 modules): those have at most one alignment pattern, so gozxing maps
// them with at most four points and, for version 1, a guessed fourth one.
// The kiosk's IIN codes are version 1.
const maxRectifiedDimension = 33

// searchRadius is how far, in modules, the search moves the guessed
// bottom-right point: a code tilted so that its corners move by 18% of its
// side (the strongest tilt the robustness set makes) puts it up to about 5
// modules away from the parallelogram guess. searchStep is the grid step:
// a strongly tilted version-1 code in the set decodes only within a window
// half a module wide, which whole-module steps jump over.
const (
	searchRadius = 5.0
	searchStep   = 0.5
)

// offsets are the bottom-right displacements to try (a disc of the grid),
// nearest first, so a mild tilt costs few grid samplings.
var offsets = func() [][2]float64 {
	var out [][2]float64
	for a := -searchRadius; a <= searchRadius; a += searchStep {
		for b := -searchRadius; b <= searchRadius; b += searchStep {
			if (a != 0 || b != 0) && a*a+b*b <= searchRadius*searchRadius {
				out = append(out, [2]float64{a, b})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i][0]*out[i][0]+out[i][1]*out[i][1] < out[j][0]*out[j][0]+out[j][1]*out[j][1]
	})
	return out
}()

// rectified handles perspective the way gozxing's detector cannot for small
// versions: gozxing places the fourth corner where a parallelogram would
// have it, which a tilted code's corner is not. Here the fourth point (the
// centre a bottom-right finder pattern would have) is moved over a grid of
// module-sized steps around that guess, nearest first, and each full
// perspective transform from the four points is sampled and decoded. The
// Reed-Solomon check rejects wrong grids, so a wrong guess costs time, not a
// misread.
func (r *reader) rectified(m *gozxing.BitMatrix, info *detector.FinderPatternInfo, dim int) (string, bool) {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	n := float64(dim - 7)
	ux, uy := (tr.GetX()-tl.GetX())/n, (tr.GetY()-tl.GetY())/n // one module along the top
	vx, vy := (bl.GetX()-tl.GetX())/n, (bl.GetY()-tl.GetY())/n // one module down the left
	brX, brY := tr.GetX()+bl.GetX()-tl.GetX(), tr.GetY()+bl.GetY()-tl.GetY()
	far := float64(dim) - 3.5
	for _, o := range offsets {
		if skip, stop := r.step(); stop {
			return "", false
		} else if skip {
			continue
		}
		x := brX + o[0]*ux + o[1]*vx
		y := brY + o[0]*uy + o[1]*vy
		t := common.PerspectiveTransform_QuadrilateralToQuadrilateral(
			3.5, 3.5, far, 3.5, far, far, 3.5, far,
			tl.GetX(), tl.GetY(), tr.GetX(), tr.GetY(), x, y, bl.GetX(), bl.GetY())
		bits, err := r.sampler.SampleGridWithTransform(m, dim, dim, t)
		if err != nil {
			continue
		}
		if text, ok := r.decodeGrid(bits); ok {
			return text, true
		}
	}
	return "", false
}
