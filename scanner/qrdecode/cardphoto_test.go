package qrdecode_test

import (
	"image"
	"math"
	"math/rand/v2"

	"github.com/ashyq/kiosk/scanner/qrdecode"
)

// cardPhoto is a 640x480 grey photo of a code printed on a card, as the
// ring scan's tests render it: each pixel the mean of 4x4 samples spread
// over blur pixels, plus sensor noise. A sample at (dx, dy) pixels from the
// code's centre (cx, cy) is squashed by squash down the frame (1: seen
// head on), turned by deg and read off in modules from the code's corner,
// where dark says whether it is ink.
type cardPhoto struct {
	n, module, deg, blur, squash, cx, cy float64
	card                                 float64 // the card's margin, in modules
	outside, ink, paper                  float64 // grey levels
	dark                                 func(u, v float64) bool
}

func (c cardPhoto) render(rng *rand.Rand) *image.Gray {
	const w, h = 640, 480
	sin, cos := math.Sincos(c.deg * math.Pi / 180)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			sum := 0.0
			for sy := range 4 {
				for sx := range 4 {
					dx := float64(x) + (float64(sx)+0.5)*c.blur/4 - c.blur/2 + 0.5 - c.cx
					dy := float64(y) + (float64(sy)+0.5)*c.blur/4 - c.blur/2 + 0.5 - c.cy
					dy /= c.squash
					u := (cos*dx+sin*dy)/c.module + c.n/2
					v := (-sin*dx+cos*dy)/c.module + c.n/2
					switch {
					case u < -c.card || v < -c.card || u >= c.n+c.card || v >= c.n+c.card:
						sum += c.outside
					case c.dark(u, v):
						sum += c.ink
					default:
						sum += c.paper
					}
				}
			}
			g := sum/16 + rng.NormFloat64()*4
			img.Pix[y*img.Stride+x] = uint8(min(255, max(0, math.Round(g))))
		}
	}
	return img
}

// ringScanned reports whether the camera's empty-frame test passes a
// 640x480 photo in any of its three row phases.
func ringScanned(img *image.Gray) bool {
	var s qrdecode.Scanner
	for phase := range 3 {
		if s.Scan(img.Pix, 640, 480, img.Stride, phase) > 0 {
			return true
		}
	}
	return false
}

// cameraReads reports whether the camera path (the model CPU meter, no deep
// search) reads text from a 640x480 photo held still for up to frames
// frames: its first answer with a code must be text.
func cameraReads(img *image.Gray, text string, frames int) bool {
	d := qrdecode.New(qrdecode.Options{Meter: qrdecode.NewModelMeter()})
	defer d.Close()
	qrdecode.NoDeepSearch(d)
	for range frames {
		if r := d.DecodeLuma(img.Pix, 640, 480, img.Stride); len(r.Payloads) > 0 {
			return r.Payloads[0] == text
		}
	}
	return false
}
