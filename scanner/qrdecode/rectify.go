package qrdecode

import (
	"math"
	"sort"

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
}

// read decodes the code in m. With rectify, a code whose three finder
// patterns were found but whose sampled grid did not decode gets the
// perspective search too.
func (r *reader) read(m *gozxing.BitMatrix, rectify bool) (string, bool) {
	info, err := detector.NewFinderPatternFinder(m, r.found).Find(nil)
	if err != nil {
		return "", false
	}
	if det, err := detector.NewDetector(m).ProcessFinderPatternInfo(info); err == nil {
		if res, err := r.qr.Decode(det.GetBits(), nil); err == nil {
			return res.GetText(), true
		}
	}
	if !rectify {
		return "", false
	}
	return r.rectified(m, info)
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
func (r *reader) rectified(m *gozxing.BitMatrix, info *detector.FinderPatternInfo) (string, bool) {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	module := (tl.GetEstimatedModuleSize() + tr.GetEstimatedModuleSize() + bl.GetEstimatedModuleSize()) / 3
	if module < 1 {
		return "", false
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
	if dim < 21 || dim > maxRectifiedDimension {
		return "", false
	}
	n := float64(dim - 7)
	ux, uy := (tr.GetX()-tl.GetX())/n, (tr.GetY()-tl.GetY())/n // one module along the top
	vx, vy := (bl.GetX()-tl.GetX())/n, (bl.GetY()-tl.GetY())/n // one module down the left
	brX, brY := tr.GetX()+bl.GetX()-tl.GetX(), tr.GetY()+bl.GetY()-tl.GetY()
	far := float64(dim) - 3.5
	for _, o := range offsets {
		x := brX + o[0]*ux + o[1]*vx
		y := brY + o[0]*uy + o[1]*vy
		t := common.PerspectiveTransform_QuadrilateralToQuadrilateral(
			3.5, 3.5, far, 3.5, far, far, 3.5, far,
			tl.GetX(), tl.GetY(), tr.GetX(), tr.GetY(), x, y, bl.GetX(), bl.GetY())
		bits, err := r.sampler.SampleGridWithTransform(m, dim, dim, t)
		if err != nil {
			continue
		}
		if res, err := r.qr.Decode(bits, nil); err == nil {
			return res.GetText(), true
		}
	}
	return "", false
}
