package qrdecode

import (
	"image"
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// Zoom reads codes too small for the frame's own scale. With modules of
// two pixels, a finder pattern's rings are runs of two, four... pixels that
// blur, JPEG and a slight rotation push past the half-module tolerance of
// gozxing's finder, which then confirms one finder pattern of the three, or
// two, and the code is lost, while the same region scaled up twice (so
// that a module spans four pixels and a pixel's error is a quarter of one)
// reads at once. zxing-cpp 3 scans at several scales for the same reason.
// The rungs before the zoom rung note every finder-pattern candidate
// gozxing's finder confirms (noteCandidate), and a camera's last frame's
// stay, as a code held still is where it was; the zoom rung then scales up,
// bilinearly, the region around the best one, where the rest of its code
// must be, and searches it. A frame whose candidates are all large needs
// no zoom, and one without any has nothing to zoom into.

// Limits of the zoomed region, in frame pixels: zoomMargin modules around
// the candidates (the best candidate can be any of the three finders, so
// the code lies on any side of it: a version-5 code, 37 modules, turned by
// 15 degrees, reaches 40 modules from a corner finder's centre with its
// quiet zone; 30 cut the far finder of such a code), at least zoomMinSide
// and at most zoomMaxSide on a side (scaled up to at most 512x512, about a
// VGA frame's cost); only candidates of modules under zoomBelow pixels ask
// for it, and at most maxCandidates are noted a frame.
const (
	zoomFactor    = 2
	zoomMargin    = 40.0
	zoomMinSide   = 96
	zoomMaxSide   = 256
	zoomBelow     = 3.5
	maxCandidates = 32
)

// candidate is a finder-pattern candidate in frame coordinates.
type candidate struct {
	x, y, module float64
	count        int // scan lines that confirmed it
}

// noteCandidate keeps a finder-pattern candidate of the matrix being
// searched, scaled to frame coordinates (scale 0: not a frame plane).
func (f *frameState) noteCandidate(p gozxing.ResultPoint) {
	if f.scale == 0 || len(f.cands) >= maxCandidates {
		return
	}
	c := candidate{x: p.GetX(), y: p.GetY(), module: 1, count: 1}
	if fp, ok := p.(*detector.FinderPattern); ok {
		c.module, c.count = fp.GetEstimatedModuleSize(), fp.GetCount()
	}
	s := float64(f.scale)
	c.x, c.y, c.module = float64(f.origin.X)+c.x*s, float64(f.origin.Y)+c.y*s, c.module*s
	f.cands = append(f.cands, c)
}

// zoomBox is the region to scale up: around the best-confirmed small
// candidate and those near it (within zoomMargin of its modules); empty
// when no candidate asks for a zoom.
func (f *frameState) zoomBox() image.Rectangle {
	var small []candidate
	for _, c := range append(f.cands[:len(f.cands):len(f.cands)], f.prevCands...) {
		if c.module > 0 && c.module < zoomBelow {
			small = append(small, c)
		}
	}
	if len(small) == 0 {
		return image.Rectangle{}
	}
	sort.SliceStable(small, func(i, j int) bool { return small[i].count > small[j].count })
	best := small[0]
	reach := zoomMargin * best.module
	x0, y0, x1, y1 := best.x, best.y, best.x, best.y
	for _, c := range small[1:] {
		if math.Hypot(c.x-best.x, c.y-best.y) <= 2*reach {
			x0, y0, x1, y1 = min(x0, c.x), min(y0, c.y), max(x1, c.x), max(y1, c.y)
		}
	}
	side := int(max(x1-x0, y1-y0) + 2*reach)
	cx, cy := int((x0+x1)/2), int((y0+y1)/2)
	if side > zoomMaxSide {
		// Candidates too far apart for one region: some are false (a
		// code's three finders are closer), and the middle between them
		// can leave the best one's code outside. Keep its surroundings.
		cx, cy = int(best.x), int(best.y)
	}
	side = min(max(side, zoomMinSide), zoomMaxSide)
	r := image.Rect(cx-side/2, cy-side/2, cx-side/2+side, cy-side/2+side)
	// Shifted, not cut, where it passes the frame's edge.
	r = r.Add(image.Pt(max(0, -r.Min.X), max(0, -r.Min.Y)))
	r = r.Sub(image.Pt(max(0, r.Max.X-f.w), max(0, r.Max.Y-f.h)))
	return r.Intersect(image.Rect(0, 0, f.w, f.h))
}

// zoomed scales region r of the frame up zoomFactor times, bilinearly
// (sample centres aligned: output pixel X looks at source (X+0.5)/2-0.5).
func (f *frameState) zoomed(r image.Rectangle) plane {
	if r.Dx() < 2 || r.Dy() < 2 {
		return plane{}
	}
	w, h := r.Dx()*zoomFactor, r.Dy()*zoomFactor
	dst := grow(&f.bufs[pZoom], w*h)
	// In quarters: output pixel X of a 2x zoom lies at source X/2 - 1/4,
	// so an even X = 2k is 1/4 of pixel k-1 and 3/4 of pixel k, an odd
	// X = 2k+1 3/4 of pixel k and 1/4 of k+1; the edges repeat their pixel.
	at := func(x, y int) int {
		x = min(max(x, r.Min.X), r.Max.X-1)
		y = min(max(y, r.Min.Y), r.Max.Y-1)
		return int(f.src[y*f.stride+x])
	}
	for oy := 0; oy < h; oy++ {
		sy, wy := (oy-1)>>1, 3-2*(oy&1) // rows sy and sy+1, weights 4-wy and wy (of 4)
		row := dst[oy*w : (oy+1)*w]
		for ox := range row {
			sx, wx := (ox-1)>>1, 3-2*(ox&1)
			x, y := r.Min.X+sx, r.Min.Y+sy
			top := (4-wx)*at(x, y) + wx*at(x+1, y)
			bottom := (4-wx)*at(x, y+1) + wx*at(x+1, y+1)
			row[ox] = byte(((4-wy)*top + wy*bottom + 8) >> 4)
		}
	}
	return plane{pix: dst, w: w, h: h}
}

// zoomRegion is this frame's zoom region, chosen once: when the zoom rung
// is weighed against the budget and when its plane is made.
func (f *frameState) zoomRegion() image.Rectangle {
	if !f.zoomSet {
		f.zoomRect, f.zoomSet = f.zoomBox(), true
	}
	return f.zoomRect
}

// zoomPixels is how many pixels the zoomed plane has, 0 with no region.
func (f *frameState) zoomPixels() int {
	r := f.zoomRegion()
	return r.Dx() * r.Dy() * zoomFactor * zoomFactor
}
