package qrdecode

import (
	"math/rand/v2"
	"testing"

	"github.com/ashyq/kiosk/scanner/qrgen"
	"github.com/makiuchi-d/gozxing"
)

// TestHybridMatchesGozxing compares hybrid with gozxing's HybridBinarizer
// pixel for pixel on planes of awkward sizes (edge blocks shifted inwards
// on both axes) and content that takes every branch: camera frames with
// codes, flat low-contrast areas, random noise.
func TestHybridMatchesGozxing(t *testing.T) {
	rateSweep(t)
	rng := rand.New(rand.NewPCG(7, 8))
	var planes []plane
	for _, size := range [][2]int{{40, 40}, {41, 57}, {203, 151}, {320, 240}, {333, 251}} {
		img := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Width: size[0], Height: size[1], Distortion: qrgen.LowContrast, Seed: int64(size[0])})
		planes = append(planes, plane{pix: append([]byte(nil), img.Pix...), w: size[0], h: size[1]})
		noise := make([]byte, size[0]*size[1])
		for i := range noise {
			noise[i] = byte(100 + rng.IntN(30*(1+i%3))) // flat and busy blocks mixed
		}
		planes = append(planes, plane{pix: noise, w: size[0], h: size[1]})
	}
	for _, d := range qrgen.Distortions() {
		img := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Width: 640, Height: 480, Distortion: d, Seed: 9})
		planes = append(planes, plane{pix: img.Pix, w: 640, h: 480})
	}
	var h hybrid
	for i, p := range planes {
		src, err := gozxing.NewPlanarYUVLuminanceSource(p.pix, p.w, p.h, 0, 0, p.w, p.h, false)
		if err != nil {
			t.Fatal(err)
		}
		want, err := gozxing.NewHybridBinarizer(src).GetBlackMatrix()
		if err != nil {
			t.Fatal(err)
		}
		got := h.binarize(pFull, p)
		diff := 0
		for y := 0; y < p.h; y++ {
			for x := 0; x < p.w; x++ {
				if got.Get(x, y) != want.Get(x, y) {
					diff++
				}
			}
		}
		if diff > 0 {
			t.Errorf("plane %d (%dx%d): %d pixels differ", i, p.w, p.h, diff)
		}
	}
	if h.binarize(pFull, plane{pix: make([]byte, 39*60), w: 39, h: 60}) != nil {
		t.Error("a plane under 40 pixels wide was binarized")
	}
}
