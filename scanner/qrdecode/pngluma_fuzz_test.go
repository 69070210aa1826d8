package qrdecode

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

// FuzzPNGFastPath feeds arbitrary bytes to the fast PNG path: it must never
// panic, and whatever it accepts must be a PNG that image/png agrees on,
// size and pixels.
// Run longer with: go test -run '^$' -fuzz FuzzPNGFastPath ./scanner/qrdecode
func FuzzPNGFastPath(f *testing.F) {
	for _, img := range []image.Image{
		image.NewGray(image.Rect(0, 0, 7, 5)),
		image.NewRGBA(image.Rect(0, 0, 3, 9)),
		image.NewNRGBA(image.Rect(0, 0, 16, 2)),
	} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	var p pngDecoder
	f.Fuzz(func(t *testing.T, data []byte) {
		pix, w, h, stride, err := p.decode(data)
		if err != nil {
			return
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("fast path accepted what image/png refuses: %v", err)
		}
		if cfg.Width != w || cfg.Height != h || stride < w || len(pix) < (h-1)*stride+w {
			t.Fatalf("fast path %dx%d (stride %d, %d bytes), image/png %dx%d", w, h, stride, len(pix), cfg.Width, cfg.Height)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return // a stream image/png finds fault with past its header
		}
		want, _, _, wstride := luma(img)
		for y := 0; y < h; y++ {
			if !bytes.Equal(pix[y*stride:y*stride+w], want[y*wstride:y*wstride+w]) {
				t.Fatalf("row %d differs from image/png", y)
			}
		}
	})
}
