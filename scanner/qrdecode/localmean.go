package qrdecode

import "github.com/makiuchi-d/gozxing"

// localMean binarizes p against the mean of a square window around each
// pixel (an integral image makes that O(1) per pixel). Unlike gozxing's
// hybrid binarizer it has no dynamic-range floor and its window does not
// average in a phone's dark bezel block by block, so dim, washed-out and
// blurred codes keep their modules. A pixel is black when it is more than
// offset grey levels below its window's mean, which keeps flat, noisy wall
// white.
func localMean(buf *[]uint32, p plane, radius, offset int) *gozxing.BitMatrix {
	w, h := p.w, p.h
	m, err := gozxing.NewBitMatrix(w, h)
	if err != nil {
		return nil
	}
	iw := w + 1
	if cap(*buf) < iw*(h+1) {
		*buf = make([]uint32, iw*(h+1))
	}
	sat := (*buf)[:iw*(h+1)]
	for x := 0; x < iw; x++ {
		sat[x] = 0
	}
	for y := 0; y < h; y++ {
		var row uint32
		sat[(y+1)*iw] = 0
		src := p.pix[y*w : (y+1)*w]
		up := sat[y*iw+1 : y*iw+iw]
		cur := sat[(y+1)*iw+1 : (y+1)*iw+iw]
		for x, v := range src {
			row += uint32(v)
			cur[x] = up[x] + row
		}
	}
	for y := 0; y < h; y++ {
		y0, y1 := max(0, y-radius), min(h, y+radius+1)
		src := p.pix[y*w : (y+1)*w]
		for x, v := range src {
			x0, x1 := max(0, x-radius), min(w, x+radius+1)
			sum := sat[y1*iw+x1] - sat[y0*iw+x1] - sat[y1*iw+x0] + sat[y0*iw+x0]
			n := uint32((y1 - y0) * (x1 - x0))
			if (uint32(v)+uint32(offset))*n < sum {
				m.Set(x, y)
			}
		}
	}
	return m
}
