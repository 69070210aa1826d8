package qrdecode_test

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Round finder styles: how roundCode draws a finder pattern's 7x7 modules.
const (
	circles = "circles" // a disc of three modules in a ring a module wide
	dots    = "dots"    // a disc among eight dots, as a video app draws its codes
)

// roundCode renders text's code at module pixels a module, turned by deg
// degrees, centred in a 640x480 frame, with its finder patterns drawn
// round in style and, for dots, its other modules as dots too: each pixel
// the mean of 4x4 samples over 1.5 pixels (a sharp lens), dark at 40 and
// light at 210 on a card with a four-module margin in a darker scene,
// sensor noise of sigma 4. The code comes from gozxing's encoder and the
// shapes from geometry here, never from the decoder.
func roundCode(t *testing.T, text, style string, module, deg float64, seed uint64) *image.Gray {
	t.Helper()
	hints := map[gozxing.EncodeHintType]any{gozxing.EncodeHintType_MARGIN: 0}
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, 1, 1, hints)
	if err != nil {
		t.Fatal(err)
	}
	n := float64(m.GetWidth())
	finders := [3][2]float64{{3.5, 3.5}, {n - 3.5, 3.5}, {3.5, n - 3.5}}
	// dark reports the colour at (u, v), in modules from the code's corner.
	dark := func(u, v float64) bool {
		for _, f := range finders {
			du, dv := u-f[0], v-f[1]
			if math.Abs(du) >= 4 || math.Abs(dv) >= 4 {
				continue
			}
			d := math.Hypot(du, dv)
			if style == circles {
				return d < 1.5 || d >= 2.5 && d < 3.5
			}
			for _, i := range [3]float64{-3, 0, 3} {
				for _, j := range [3]float64{-3, 0, 3} {
					if (i != 0 || j != 0) && math.Hypot(du-i, dv-j) < 0.35 {
						return true
					}
				}
			}
			return d < 1.5
		}
		if u < 0 || v < 0 || u >= n || v >= n || !m.Get(int(u), int(v)) {
			return false
		}
		if style == dots {
			return math.Hypot(u-math.Floor(u)-0.5, v-math.Floor(v)-0.5) < 0.35
		}
		return true
	}
	c := cardPhoto{n: n, module: module, deg: deg, blur: 1.5, squash: 1, cx: 320, cy: 240, card: 4,
		outside: 90, ink: 40, paper: 210, dark: dark}
	return c.render(rand.New(rand.NewPCG(seed, 11)))
}

// TestRoundFinders: codes whose finder patterns are drawn round, at three
// to five pixels a module, pass the ring scan in at least one of the three
// row phases and the camera path reads them within ten frames. Through a
// round finder's centre the row and the column show the ratio; the lines
// next to the centre miss a ring of dots a pixel or two high, and a
// diagonal, in pixel steps, crosses a disc in 0.7 of its width in the row,
// so only the finder's edges keep the ratio there (roundRings). Measured:
// circles 8 of 8 scanned and read; dots 7 of 8 scanned, 5 read (of the
// three turned by two degrees that are not read, the thorough file path
// reads two). Before roundRings: circles the same (their rings are a
// module wide, so the lines next to the centre cross them), dots 1 and 1.
func TestRoundFinders(t *testing.T) {
	rateSweep(t)
	t.Parallel()
	const text = "https://ashyq.example/p/round"
	type tally struct{ total, scanned, read int }
	got := map[string]*tally{circles: {}, dots: {}}
	var notScanned, notRead []string
	for i, module := range []float64{3, 3.5, 4, 5} {
		for j, style := range []string{circles, dots} {
			// A dot is on the row through its finder's centre only when
			// the code is about upright; circles turn freely.
			angles := []float64{0, 2}
			if style == circles {
				angles = []float64{0, 20}
			}
			for k, deg := range angles {
				img := roundCode(t, text, style, module, deg, uint64(100*i+10*j+k+1))
				name := fmt.Sprintf("%s %g px %g deg", style, module, deg)
				g := got[style]
				g.total++
				if ringScanned(img) {
					g.scanned++
				} else {
					notScanned = append(notScanned, name)
				}
				if cameraReads(img, text, 10) {
					g.read++
				} else {
					notRead = append(notRead, name)
				}
			}
		}
	}
	t.Logf("circles %+v, dots %+v; not scanned: %v; not read: %v", *got[circles], *got[dots], notScanned, notRead)
	floors := map[string]tally{circles: {8, 8, 8}, dots: {8, 7, 5}}
	for style, g := range got {
		if f := floors[style]; g.scanned < f.scanned || g.read < f.read {
			t.Errorf("%s: the ring scan passed %d of %d codes, the camera path read %d; floors %d, %d",
				style, g.scanned, g.total, g.read, f.scanned, f.read)
		}
	}
}
