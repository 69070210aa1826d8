package qrdecode

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner/qrgen"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// TestTimingPatternsCountTheDimension counts the timing patterns of
// qrgen's tilted version-1 codes (the demo IIN) whose finder patterns the
// full-size matrix shows: both the row and the column must count 21, and
// the traced corner must place them.
func TestTimingPatternsCountTheDimension(t *testing.T) {
	rateSweep(t)
	counted := 0
	for seed := int64(1); seed <= 8; seed++ {
		img := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Distortion: qrgen.Perspective, Seed: seed})
		m, info := finderTriple(t, img)
		if info == nil {
			continue
		}
		tl, tr, bl := pointOf(info.GetTopLeft()), pointOf(info.GetTopRight()), pointOf(info.GetBottomLeft())
		mtl, mtr, mbl := info.GetTopLeft().GetEstimatedModuleSize(), info.GetTopRight().GetEstimatedModuleSize(), info.GetBottomLeft().GetEstimatedModuleSize()
		row, rowOK := timingDim(m, tl, tr, bl.sub(tl), mtl, mtr)
		col, colOK := timingDim(m, tl, bl, tr.sub(tl), mtl, mbl)
		if !rowOK || !colOK || row != 21 || col != 21 {
			t.Errorf("seed %d: timing row %d (%v), column %d (%v), want 21", seed, row, rowOK, col, colOK)
			continue
		}
		if _, ok := traceCorner(m, tl, tr, bl, mtr, mbl); !ok {
			t.Errorf("seed %d: corner not traced", seed)
		}
		counted++
	}
	t.Logf("timing patterns counted on %d/8 codes", counted)
	if counted < 6 {
		t.Errorf("counted %d/8 codes' timing patterns, want at least 6", counted)
	}
}

// finderTriple binarizes img at full size and returns the matrix and the
// finder triple the perspective search would get, nil when none.
func finderTriple(t *testing.T, img *image.Gray) (*gozxing.BitMatrix, *detector.FinderPatternInfo) {
	t.Helper()
	var f frameState
	if !f.reset(img.Pix, img.Rect.Dx(), img.Rect.Dy(), img.Stride, image.Rectangle{}) {
		t.Fatal("reset")
	}
	m := f.matrix(pFull, bHybrid)
	watch := startWatch(threadMeter{})
	defer watch.stop()
	r := reader{watch: &watch, budget: time.Minute}
	r.qr = New(Options{}).reader.qr
	_, ok, infos := r.find(m, true)
	if ok || len(infos) == 0 {
		return m, nil
	}
	return m, infos[0]
}

// TestTracedCornerOnNoise runs the estimated placements on random bit
// matrices with finder triples anywhere, in and out of the matrix: no
// panic, and nothing decodes.
func TestTracedCornerOnNoise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	d := New(Options{})
	watch := startWatch(threadMeter{})
	defer watch.stop()
	d.reader.watch, d.reader.budget = &watch, DefaultFileBudget
	placed := 0
	for i := 0; i < 200; i++ {
		w, h := 40+rng.IntN(200), 40+rng.IntN(200)
		m, _ := gozxing.NewBitMatrix(w, h)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				if rng.IntN(3) == 0 || (x/(1+i%7)+y/(1+i%5))%2 == 0 {
					m.Set(x, y)
				}
			}
		}
		p := func() *detector.FinderPattern {
			cx, cy, ms := rng.Float64()*float64(w+40)-20, rng.Float64()*float64(h+40)-20, 0.5+rng.Float64()*8
			if rng.IntN(4) > 0 { // mostly real rings, for the tracing to follow
				for y := int(cy - 3.5*ms); y <= int(cy+3.5*ms); y++ {
					for x := int(cx - 3.5*ms); x <= int(cx+3.5*ms); x++ {
						if x < 0 || y < 0 || x >= w || y >= h {
							continue
						}
						ring := int(max(math.Abs(float64(x)-cx), math.Abs(float64(y)-cy))/ms + 0.5)
						if ring != 2 {
							m.Set(x, y)
						} else {
							m.Unset(x, y)
						}
					}
				}
			}
			return detector.NewFinderPattern1(cx, cy, ms)
		}
		info := detector.NewFinderPatternInfo(p(), p(), p())
		dim := 17 + 4*rng.IntN(12)
		ps := placements(m, info, dim)
		placed += len(ps)
		if text, ok := d.reader.estimated(m, info, ps); ok {
			t.Fatalf("matrix %d: noise decoded as %q", i, text)
		}
	}
	t.Logf("%d placements tried on noise", placed)
	if placed == 0 {
		t.Error("no placement on noise: the test tests nothing")
	}
}
