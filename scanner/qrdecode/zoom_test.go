package qrdecode

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// TestZoomedIsBilinear checks the fixed-point zoom against bilinear
// interpolation in floating point, with sample centres aligned and the
// edges repeated, to within rounding.
func TestZoomedIsBilinear(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const w, h, stride = 37, 23, 41
	src := make([]byte, h*stride)
	for i := range src {
		src[i] = byte(rng.IntN(256))
	}
	f := frameState{src: src, w: w, h: h, stride: stride}
	r := image.Rect(5, 3, 30, 20)
	p := f.zoomed(r)
	if p.w != 2*r.Dx() || p.h != 2*r.Dy() {
		t.Fatalf("zoomed %v to %dx%d, want %dx%d", r, p.w, p.h, 2*r.Dx(), 2*r.Dy())
	}
	at := func(x, y int) float64 {
		x = min(max(x, r.Min.X), r.Max.X-1)
		y = min(max(y, r.Min.Y), r.Max.Y-1)
		return float64(src[y*stride+x])
	}
	for oy := 0; oy < p.h; oy++ {
		for ox := 0; ox < p.w; ox++ {
			sx, sy := (float64(ox)+0.5)/2-0.5, (float64(oy)+0.5)/2-0.5
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			fx, fy := sx-float64(x0), sy-float64(y0)
			x0, y0 = x0+r.Min.X, y0+r.Min.Y
			want := (1-fy)*((1-fx)*at(x0, y0)+fx*at(x0+1, y0)) + fy*((1-fx)*at(x0, y0+1)+fx*at(x0+1, y0+1))
			if got := float64(p.pix[oy*p.w+ox]); math.Abs(got-want) > 0.51 {
				t.Fatalf("pixel %d,%d = %v, want %.2f", ox, oy, got, want)
			}
		}
	}
}

// TestZoomBox: the box is around the best-confirmed small candidate and
// its neighbours, at least zoomMinSide, inside the frame; large candidates
// (a code read at its own scale) ask for none.
func TestZoomBox(t *testing.T) {
	f := frameState{w: 640, h: 480}
	if r := f.zoomBox(); !r.Empty() {
		t.Fatalf("no candidates: box %v, want none", r)
	}
	f.cands = []candidate{{x: 300, y: 200, module: 6, count: 5}}
	if r := f.zoomBox(); !r.Empty() {
		t.Fatalf("only a 6-pixel-module candidate: box %v, want none", r)
	}
	f.cands = append(f.cands, candidate{x: 20, y: 30, module: 2, count: 3}, candidate{x: 60, y: 40, module: 2.2, count: 2},
		candidate{x: 600, y: 400, module: 2, count: 1})
	r := f.zoomBox()
	if !image.Pt(20, 30).In(r) || !image.Pt(60, 40).In(r) || image.Pt(600, 400).In(r) {
		t.Errorf("box %v: want it to hold the two near candidates and not the far one", r)
	}
	if r.Min.X < 0 || r.Min.Y < 0 || r.Dx() < zoomMinSide || r.Dx() > zoomMaxSide || r.Dx() != r.Dy() {
		t.Errorf("box %v: want a square of %d to %d pixels inside the frame", r, zoomMinSide, zoomMaxSide)
	}
}

// TestZoomBoxKeepsTheBestCandidatesCode: the best candidate can be any of
// a code's three finders, so its code can lie on any side of it; a false
// candidate near it must not pull the box off that side. A version-5 code
// of two-pixel modules turned by 15 degrees reaches 36 modules from its
// bottom-left finder's centre with its quiet zone (a 1280x720 frame of
// gen.sh's wide set whose top finders the box cut off, before it kept 40
// modules around the best candidate).
func TestZoomBoxKeepsTheBestCandidatesCode(t *testing.T) {
	f := frameState{w: 1280, h: 720}
	best := candidate{x: 670, y: 406, module: 2.14, count: 3}
	f.cands = []candidate{best, {x: 607, y: 518, module: 2.8, count: 1}, {x: 740, y: 300, module: 2, count: 1}}
	r := f.zoomBox()
	reach := int(36 * best.module)
	for _, p := range []image.Point{{670 - reach, 406 - reach}, {670 + reach, 406 - reach}, {670 - reach, 406 + reach}, {670 + reach, 406 + reach}} {
		if !p.In(r) {
			t.Errorf("box %v: want it to hold %v, 36 modules from the best candidate", r, p)
		}
	}
}
