package qrdecode

import "github.com/makiuchi-d/gozxing"

// meanState keeps localMean's buffers between frames: its integral image,
// the matrix it fills (one per plane, reused while the size stays) and a
// row it assembles 32 pixels at a time.
type meanState struct {
	sat []uint32
	m   [numPlanes]*gozxing.BitMatrix
	row [numPlanes]*gozxing.BitArray
}

// localMean binarizes p against the mean of a square window around each
// pixel (an integral image makes that O(1) per pixel). Unlike gozxing's
// hybrid binarizer it has no dynamic-range floor and its window does not
// average in a phone's dark bezel block by block, so dim, washed-out and
// blurred codes keep their modules. A pixel is black when it is more than
// offset grey levels below its window's mean, which keeps flat, noisy wall
// white. The matrix returned is the state's and is overwritten by the next
// call for the same plane kind.
func localMean(st *meanState, pk planeKind, p plane, radius, offset int) *gozxing.BitMatrix {
	w, h := p.w, p.h
	m, row := st.m[pk], st.row[pk]
	if m == nil || m.GetWidth() != w || m.GetHeight() != h {
		var err error
		if m, err = gozxing.NewBitMatrix(w, h); err != nil {
			return nil
		}
		row = gozxing.NewBitArray(w)
		st.m[pk], st.row[pk] = m, row
	}
	iw := w + 1
	if cap(st.sat) < iw*(h+1) {
		st.sat = make([]uint32, iw*(h+1))
	}
	sat := st.sat[:iw*(h+1)]
	clear(sat[:iw])
	for y := 0; y < h; y++ {
		var run uint32
		sat[(y+1)*iw] = 0
		src := p.pix[y*w : (y+1)*w]
		up := sat[y*iw+1 : y*iw+iw]
		cur := sat[(y+1)*iw+1 : (y+1)*iw+iw]
		for x, v := range src {
			run += uint32(v)
			cur[x] = up[x] + run
		}
	}
	for y := 0; y < h; y++ {
		y0, y1 := max(0, y-radius), min(h, y+radius+1)
		top, bot := sat[y0*iw:y0*iw+iw], sat[y1*iw:y1*iw+iw]
		meanRow(row, p.pix[y*w:(y+1)*w], top, bot, radius, y1-y0, offset)
		m.SetRow(y, row)
	}
	return m
}

// meanRow thresholds one row given the integral-image rows above (top) and
// below (bot) its window of rows high. Pixels whose window is clipped by the
// left or right edge take the general path; the interior, where the window
// is whole, takes a loop with a constant area and no clamping.
func meanRow(row *gozxing.BitArray, src []byte, top, bot []uint32, radius, rows, offset int) {
	w := len(src)
	var word uint32
	put := func(x int, black uint32) {
		word |= black << (x & 31)
		if x&31 == 31 {
			row.SetBulk(x-31, word)
			word = 0
		}
	}
	edge := func(x int) {
		x0, x1 := max(0, x-radius), min(w, x+radius+1)
		sum := int64(bot[x1]) - int64(top[x1]) - int64(bot[x0]) + int64(top[x0])
		n := int64(rows * (x1 - x0))
		// Black when (v+offset)*n < sum: the sign bit of the difference,
		// without a branch the noise would mispredict.
		put(x, uint32(uint64((int64(src[x])+int64(offset))*n-sum)>>63))
	}
	lo, hi := min(radius, w), max(min(radius, w), w-radius-1)
	for x := 0; x < lo; x++ {
		edge(x)
	}
	if hi > lo {
		n := uint32(rows * (2*radius + 1))
		off := uint32(offset) * n
		// The window of x spans integral columns x-radius .. x+radius+1.
		tl, bl := top[lo-radius:hi-radius], bot[lo-radius:hi-radius]
		tr, br := top[lo+radius+1:hi+radius+1], bot[lo+radius+1:hi+radius+1]
		in := src[lo:hi]
		tl, bl, tr, br = tl[:len(in)], bl[:len(in)], tr[:len(in)], br[:len(in)]
		for i, v := range in {
			sum := br[i] - tr[i] - bl[i] + tl[i]
			// A window sum fits in 32 bits for radius < 128 (255*257*257).
			d := int64(uint32(v)*n+off) - int64(sum)
			put(lo+i, uint32(uint64(d)>>63))
		}
	}
	for x := hi; x < w; x++ {
		edge(x)
	}
	if w&31 != 0 {
		row.SetBulk(w&^31, word)
	}
}
