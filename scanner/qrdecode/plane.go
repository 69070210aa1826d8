package qrdecode

import (
	"encoding/binary"
	"image"
	"time"

	"github.com/makiuchi-d/gozxing"
)

// planeKind is one derived luminance plane of a frame.
type planeKind int

const (
	pFull    planeKind = iota // the frame, compact (copied only if stride > width)
	pHalf                     // 2x2 box filter of the frame or its ROI
	pThird                    // 3x3 box filter of the frame or its ROI
	pAverage                  // the camera's running average of held-still frames (average.go)
	pZoom                     // a small code's region scaled up twice (zoom.go)
	numPlanes

	// pCheap is not a plane of its own but the one the camera's cheap tier
	// decides on: half size up to cheapWidth, a third beyond, so that an
	// empty wide frame costs about what an empty VGA frame does instead of
	// three times as much.
	pCheap = numPlanes
)

// cheapWidth is the widest frame (or ROI) whose cheap tier runs at half
// size: 640x480 halves to 320x240; 1280x720 is cut to a third, 426x240.
const cheapWidth = 800

// resolve maps pCheap to the plane it stands for in this frame.
func (f *frameState) resolve(pk planeKind) planeKind {
	if pk != pCheap {
		return pk
	}
	w := f.w
	if !f.roi.Empty() {
		w = f.roi.Dx()
	}
	if w > cheapWidth {
		return pThird
	}
	return pHalf
}

// binKind is a binarizer.
type binKind int

const (
	bHybrid binKind = iota // gozxing's local-threshold HybridBinarizer (hybrid.go)
	bGlobal                // gozxing's GlobalHistogramBinarizer
	bMean                  // localMean: threshold against a window's mean
	bFine                  // localMean with half the window and no offset: glare, dim screens
	numBins
)

// zoomFineRadius is the fine local mean's window radius on a zoomed region.
const zoomFineRadius = 8

// minSide is the smallest plane worth searching: gozxing's hybrid binarizer
// wants 40 pixels, and a version-1 code with its quiet zone needs about 29.
const minSide = 40

// plane is a compact 8-bit luminance plane (stride == w).
type plane struct {
	pix  []byte
	w, h int
}

// frameState holds one frame's derived planes and matrices. Buffers are kept
// between frames; the caller's plane is dropped at the end of each call.
type frameState struct {
	src          []byte
	w, h, stride int
	roi          image.Rectangle
	planes       [numPlanes]plane
	built        [numPlanes]bool
	bufs         [numPlanes][]byte
	mats         [numPlanes][numBins]*gozxing.BitMatrix
	tried        [numPlanes][numBins]bool
	mean         meanState // localMean's buffers, reused
	fine         meanState // the same for bFine, whose matrix lives beside bMean's
	average      plane     // set by the decoder for frames that have one
	// cands are the finder-pattern candidates gozxing's finder confirmed
	// in this frame's matrices, in frame coordinates (zoom.go); scale and
	// origin map the plane being searched to the frame (scale 0: do not
	// note its candidates).
	cands []candidate
	// prevCands are the last frame's.
	prevCands []candidate
	// zoomRect, once zoomSet, is this frame's zoom region (zoomRegion).
	zoomRect image.Rectangle
	zoomSet  bool
	scale    int
	origin   image.Point
	hyb      hybrid // the hybrid binarizer's buffers, reused
	// watch is the decode's, during a decode: the work done is charged
	// to its meter (clock.go).
	watch *stopwatch
}

// charge reports work to the decode's meter.
func (f *frameState) charge(d time.Duration) {
	if f.watch != nil {
		f.watch.charge(d)
	}
}

// reset starts a frame; false means the plane cannot hold what it claims.
func (f *frameState) reset(y []byte, w, h, stride int, roi image.Rectangle) bool {
	if w < minSide || h < minSide || stride < w || len(y) < (h-1)*stride+w {
		return false
	}
	f.src, f.w, f.h, f.stride, f.roi = y, w, h, stride, roi
	f.average = plane{}
	// The last frame's candidates stay for the zoom: a code held still
	// is where it was (the decoder drops them for files and empty frames).
	f.prevCands, f.cands = append(f.prevCands[:0], f.cands...), f.cands[:0]
	f.zoomSet = false
	f.built = [numPlanes]bool{}
	f.tried = [numPlanes][numBins]bool{}
	f.mats = [numPlanes][numBins]*gozxing.BitMatrix{}
	return true
}

// release forgets the caller's plane so it is never read after the call.
func (f *frameState) release() {
	f.src, f.watch = nil, nil
	f.planes[pFull].pix = nil
}

// matrix binarizes a plane once per frame; nil if it cannot be binarized.
func (f *frameState) matrix(pk planeKind, bk binKind) *gozxing.BitMatrix {
	pk = f.resolve(pk)
	if f.tried[pk][bk] {
		return f.mats[pk][bk]
	}
	f.tried[pk][bk] = true
	p, ok := f.plane(pk)
	if !ok {
		return nil
	}
	f.charge(time.Duration(p.w*p.h) * matrixPerPixel)
	if bk == bHybrid {
		f.mats[pk][bk] = f.hyb.binarize(pk, p)
		return f.mats[pk][bk]
	}
	if bk == bMean {
		// A window about twice a finder pattern of a typical code.
		f.mats[pk][bk] = localMean(&f.mean, pk, p, max(8, min(p.w, p.h)/20), 3)
		return f.mats[pk][bk]
	}
	if bk == bFine {
		// About two modules of a code filling a third of the frame: a
		// glare spot or a dim screen's faint modules still differ from
		// so near a mean, where a wider window averages the glare in.
		radius := max(6, min(p.w, p.h)/30)
		if pk == pZoom {
			// A zoomed region's modules are four to seven pixels (it is
			// made for modules under zoomBelow, scaled up twice): a
			// window of about two of them follows a blurred finder's
			// thin light ring, which a wider one averages into the dark.
			radius = zoomFineRadius
		}
		f.mats[pk][bk] = localMean(&f.fine, pk, p, radius, 0)
		return f.mats[pk][bk]
	}
	src, err := gozxing.NewPlanarYUVLuminanceSource(p.pix, p.w, p.h, 0, 0, p.w, p.h, false)
	if err != nil {
		return nil
	}
	m, err := gozxing.NewGlobalHistgramBinarizer(src).GetBlackMatrix()
	if err != nil {
		return nil
	}
	f.mats[pk][bk] = m
	return m
}

// binarized reports whether the matrix of a's plane and binarizer has
// been made (or found impossible) in this frame.
func (f *frameState) binarized(a attempt) bool { return f.tried[f.resolve(a.plane)][a.bin] }

// priors are what making attempt a's matrix and searching it are taken to
// cost in this frame before they have been measured on this machine: a
// number of nanoseconds for each pixel of its plane.
func (f *frameState) priors(a attempt) (matrix, search time.Duration) {
	px := f.w * f.h
	switch f.resolve(a.plane) {
	case pHalf, pAverage:
		px /= 4
	case pThird:
		px /= 9
	}
	return time.Duration(px) * matrixPerPixel, time.Duration(px) * searchPerPixel
}

// Priors per pixel: making a matrix (a derived plane, a binarizer) and
// running gozxing's finder and decoder over it cost 3 to 7 ns a pixel
// together at the median, 6 to 11 at the 90th percentile, on a 2-core
// amd64 mini PC over qrgen's robustness set, first runs included. A slower
// board measures its own costs from its first frames.
const (
	matrixPerPixel = 5 * time.Nanosecond
	searchPerPixel = 3 * time.Nanosecond
)

// plane builds a derived plane on first use.
func (f *frameState) plane(pk planeKind) (plane, bool) {
	if f.built[pk] {
		p := f.planes[pk]
		return p, p.w >= minSide && p.h >= minSide
	}
	f.built[pk] = true
	var p plane
	switch pk {
	case pFull:
		if f.stride == f.w {
			p = plane{pix: f.src[:f.w*f.h], w: f.w, h: f.h}
		} else {
			buf := grow(&f.bufs[pFull], f.w*f.h)
			for y := 0; y < f.h; y++ {
				copy(buf[y*f.w:(y+1)*f.w], f.src[y*f.stride:])
			}
			p = plane{pix: buf, w: f.w, h: f.h}
		}
	case pAverage:
		p = f.average
	case pZoom:
		p = f.zoomed(f.zoomRegion())
		f.charge(time.Duration(2*p.w*p.h) * modelPlanePerPixel)
	case pHalf, pThird:
		r := f.roi
		if r.Empty() {
			r = image.Rect(0, 0, f.w, f.h)
		}
		src := f.src[r.Min.Y*f.stride+r.Min.X:]
		if pk == pHalf {
			p = halve(&f.bufs[pk], src, r.Dx(), r.Dy(), f.stride)
		} else {
			p = third(&f.bufs[pk], src, r.Dx(), r.Dy(), f.stride)
		}
		f.charge(time.Duration(r.Dx()*r.Dy()) * modelPlanePerPixel)
	}
	f.planes[pk] = p
	return p, p.w >= minSide && p.h >= minSide
}

// grow returns (*buf)[:n], reallocating only when it is too small.
func grow(buf *[]byte, n int) []byte {
	if cap(*buf) < n {
		*buf = make([]byte, n)
	}
	return (*buf)[:n]
}

// halve box-filters 2x2 blocks: the average keeps module edges that a
// nearest-neighbour subsample would alias away, and it halves sensor noise.
// A wide camera's empty frame pays for it before anything else, so it
// works on words: sixteen source bytes of each row are summed at once in
// 16-bit lanes, and the eight averages go out as one word.
func halve(buf *[]byte, src []byte, w, h, stride int) plane {
	hw, hh := w/2, h/2
	dst := grow(buf, hw*hh)
	for y := 0; y < hh; y++ {
		halveRow(dst[y*hw:(y+1)*hw], src[2*y*stride:][:2*hw], src[(2*y+1)*stride:][:2*hw])
	}
	return plane{pix: dst, w: hw, h: hh}
}

// halveRow averages the 2x2 blocks of rows r0 and r1 into out.
func halveRow(out, r0, r1 []byte) {
	for len(out) >= 8 && len(r0) >= 16 && len(r1) >= 16 {
		lo := quadMeans(binary.LittleEndian.Uint64(r0[:8]), binary.LittleEndian.Uint64(r1[:8]))
		hi := quadMeans(binary.LittleEndian.Uint64(r0[8:16]), binary.LittleEndian.Uint64(r1[8:16]))
		binary.LittleEndian.PutUint64(out[:8], uint64(lo)|uint64(hi)<<32)
		out, r0, r1 = out[8:], r0[16:], r1[16:]
	}
	for x := range out {
		out[x] = byte((uint(r0[2*x]) + uint(r0[2*x+1]) + uint(r1[2*x]) + uint(r1[2*x+1]) + 2) >> 2)
	}
}

// quadMeans are the rounded means of the four 2x2 blocks that eight bytes
// of one row (a) and eight of the next (b) make, as four bytes.
func quadMeans(a, b uint64) uint32 {
	const lo = 0x00ff00ff00ff00ff
	// Each 16-bit lane: the sum of a 2x2 block (at most 1020), +2, /4.
	s := (a&lo + a>>8&lo + b&lo + b>>8&lo + 0x0002000200020002) >> 2 & lo
	// Lanes to bytes: lane k's byte moves next to lane k-1's.
	s |= s >> 8
	return uint32(s&0xffff | s>>16&0xffff0000)
}

// third box-filters 3x3 blocks, for the cheap tier of wide frames.
func third(buf *[]byte, src []byte, w, h, stride int) plane {
	tw, th := w/3, h/3
	dst := grow(buf, tw*th)
	for y := 0; y < th; y++ {
		r0 := src[3*y*stride : 3*y*stride+3*tw]
		r1 := src[(3*y+1)*stride : (3*y+1)*stride+3*tw]
		r2 := src[(3*y+2)*stride : (3*y+2)*stride+3*tw]
		out := dst[y*tw : (y+1)*tw]
		for x := range out {
			i := 3 * x
			sum := uint32(r0[i]) + uint32(r0[i+1]) + uint32(r0[i+2]) +
				uint32(r1[i]) + uint32(r1[i+1]) + uint32(r1[i+2]) +
				uint32(r2[i]) + uint32(r2[i+1]) + uint32(r2[i+2])
			out[x] = byte((sum*7282 + 1<<15) >> 16) // sum/9, rounded
		}
	}
	return plane{pix: dst, w: tw, h: th}
}

// searching tells noteCandidate how plane pk maps to the frame.
func (f *frameState) searching(pk planeKind) {
	f.scale, f.origin = 0, image.Point{}
	switch f.resolve(pk) {
	case pFull:
		f.scale = 1
	case pHalf:
		f.scale, f.origin = 2, f.roi.Min
	case pThird:
		f.scale, f.origin = 3, f.roi.Min
	case pAverage:
		f.scale = 2
	}
}
