package camera

import (
	"bytes"
	"image"
	"image/color"
	"testing"
)

// pattern fills a w×h luma pattern that differs on every row and column.
func pattern(w, h int) []byte {
	b := make([]byte, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			b[y*w+x] = byte(x*7 + y*13)
		}
	}
	return b
}

func TestCopyLuma(t *testing.T) {
	const w, h = 10, 6
	want := pattern(w, h)

	ycc := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	copy(ycc.Y, want)
	// A sub-image has a stride wider than its width and starts mid-plane.
	big := image.NewYCbCr(image.Rect(0, 0, w+6, h+4), image.YCbCrSubsampleRatio420)
	for y := 0; y < h; y++ {
		copy(big.Y[(y+2)*big.YStride+3:], want[y*w:(y+1)*w])
	}
	sub := big.SubImage(image.Rect(3, 2, 3+w, 2+h)).(*image.YCbCr)

	gray := image.NewGray(image.Rect(0, 0, w, h))
	copy(gray.Pix, want)
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := want[y*w+x]
			rgba.Set(x, y, color.RGBA{v, v, v, 255})
		}
	}

	for _, tc := range []struct {
		name string
		img  image.Image
	}{{"ycbcr", ycc}, {"ycbcr sub-image", sub}, {"gray", gray}, {"rgba", rgba}} {
		t.Run(tc.name, func(t *testing.T) {
			f := &lumaFrame{y: make([]byte, 3)} // too small: must grow
			copyLuma(f, tc.img)
			if f.width != w || f.height != h || f.stride != w {
				t.Fatalf("size %dx%d stride %d, want %dx%d stride %d", f.width, f.height, f.stride, w, h, w)
			}
			if !bytes.Equal(f.y, want) {
				t.Fatalf("luma differs:\n got %v\nwant %v", f.y, want)
			}
		})
	}
}

func TestCopyLumaReusesBuffer(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	f := &lumaFrame{}
	copyLuma(f, img)
	first := &f.y[0]
	copyLuma(f, img)
	if &f.y[0] != first {
		t.Fatal("second copy of a same-size frame reallocated the buffer")
	}
}
