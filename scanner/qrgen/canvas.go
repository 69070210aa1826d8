package qrgen

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"

	"github.com/makiuchi-d/gozxing"
)

// canvas is a float frame so that compositing and distortions do not clip
// until the very end, as a sensor's analogue side would not.
type canvas struct {
	w, h int
	px   []float32
}

func newCanvas(w, h int) *canvas { return &canvas{w: w, h: h, px: make([]float32, w*h)} }

// background paints a scene: a few octaves of smooth value noise (walls,
// light falloff) and some flat rectangles with hard edges (a door frame, a
// counter), which give a decoder's finder search something to chew on.
func (c *canvas) background(rng *rand.Rand) {
	base := 80 + 90*rng.Float64()
	for i := range c.px {
		c.px[i] = float32(base)
	}
	for _, o := range []struct{ cell, amp float64 }{{160, 70}, {40, 25}, {9, 8}} {
		c.addValueNoise(rng, o.cell*float64(c.w)/640, o.amp)
	}
	for k := 2 + rng.IntN(4); k > 0; k-- {
		x0, y0 := rng.IntN(c.w), rng.IntN(c.h)
		x1, y1 := x0+c.w/8+rng.IntN(c.w/2), y0+c.h/8+rng.IntN(c.h/2)
		v := float32(30 + 200*rng.Float64())
		for y := y0; y < min(y1, c.h); y++ {
			for x := x0; x < min(x1, c.w); x++ {
				c.px[y*c.w+x] = 0.3*c.px[y*c.w+x] + 0.7*v
			}
		}
	}
}

// addValueNoise adds bilinearly interpolated random values on a grid of
// the given cell size, scaled to ±amp.
func (c *canvas) addValueNoise(rng *rand.Rand, cell, amp float64) {
	if cell < 2 {
		cell = 2
	}
	gw, gh := int(float64(c.w)/cell)+2, int(float64(c.h)/cell)+2
	grid := make([]float64, gw*gh)
	for i := range grid {
		grid[i] = (rng.Float64()*2 - 1) * amp
	}
	for y := 0; y < c.h; y++ {
		fy := float64(y) / cell
		gy := int(fy)
		ty := smooth(fy - float64(gy))
		for x := 0; x < c.w; x++ {
			fx := float64(x) / cell
			gx := int(fx)
			tx := smooth(fx - float64(gx))
			a := grid[gy*gw+gx]*(1-tx) + grid[gy*gw+gx+1]*tx
			b := grid[(gy+1)*gw+gx]*(1-tx) + grid[(gy+1)*gw+gx+1]*tx
			c.px[y*c.w+x] += float32(a*(1-ty) + b*ty)
		}
	}
}

func smooth(t float64) float64 { return t * t * (3 - 2*t) }

// drawCode renders the phone: a bezel, the screen (quiet zone) and the
// modules, with 3x3 supersampling so edges are anti-aliased as optics would.
func (c *canvas) drawCode(m *gozxing.BitMatrix, p placement) {
	const bezel = 3.0
	q := float64(quietModules)
	lo, hi := -q-bezel, float64(p.n)+q+bezel
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, pt := range [4][2]float64{{lo, lo}, {hi, lo}, {hi, hi}, {lo, hi}} {
		x, y, _ := p.toFrame.apply(pt[0], pt[1])
		minX, minY = math.Min(minX, x), math.Min(minY, y)
		maxX, maxY = math.Max(maxX, x), math.Max(maxY, y)
	}
	bezelColour := 10 + 20*(p.centre[0]/float64(c.w))
	x0, y0 := max(0, int(minX)), max(0, int(minY))
	x1, y1 := min(c.w, int(maxX)+1), min(c.h, int(maxY)+1)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			var sum float64
			inside := 0
			for sy := 0; sy < 3; sy++ {
				for sx := 0; sx < 3; sx++ {
					u, v, ok := p.fromFrame.apply(float64(x)+(float64(sx)+0.5)/3, float64(y)+(float64(sy)+0.5)/3)
					if !ok || u < lo || v < lo || u >= hi || v >= hi {
						sum += float64(c.px[y*c.w+x])
						continue
					}
					inside++
					switch {
					case u < -q || v < -q || u >= float64(p.n)+q || v >= float64(p.n)+q:
						sum += bezelColour
					case u >= 0 && v >= 0 && u < float64(p.n) && v < float64(p.n) && m.Get(int(u), int(v)):
						sum += p.dark
					default:
						sum += p.light
					}
				}
			}
			if inside > 0 {
				c.px[y*c.w+x] = float32(sum / 9)
			}
		}
	}
}

// distort applies the class-specific trouble that is not geometry or colour
// (those were chosen in place).
func (c *canvas) distort(rng *rand.Rand, d Distortion, p placement) {
	module := p.side / float64(p.n+2*quietModules)
	switch d {
	case Blurred:
		c.blur(module * (0.3 + 0.25*rng.Float64()))
	case Glare:
		gx := p.centre[0] + (rng.Float64()*2-1)*0.25*p.side
		gy := p.centre[1] + (rng.Float64()*2-1)*0.25*p.side
		sigma := p.side * (0.10 + 0.12*rng.Float64())
		amp := 140 + 110*rng.Float64()
		for y := 0; y < c.h; y++ {
			for x := 0; x < c.w; x++ {
				dx, dy := float64(x)-gx, float64(y)-gy
				c.px[y*c.w+x] += float32(amp * math.Exp(-(dx*dx+dy*dy)/(2*sigma*sigma)))
			}
		}
	case Noisy:
		c.noise(rng, 12+12*rng.Float64())
	}
}

// blur approximates a Gaussian of the given sigma with three box passes.
func (c *canvas) blur(sigma float64) {
	r := int(math.Round((math.Sqrt(4*sigma*sigma+1) - 1) / 2))
	if r < 1 {
		return
	}
	tmp := make([]float32, len(c.px))
	for pass := 0; pass < 3; pass++ {
		boxH(tmp, c.px, c.w, c.h, r)
		boxV(c.px, tmp, c.w, c.h, r)
	}
}

func boxH(dst, src []float32, w, h, r int) {
	for y := 0; y < h; y++ {
		row := src[y*w : (y+1)*w]
		for x := 0; x < w; x++ {
			var s float32
			for k := -r; k <= r; k++ {
				s += row[min(w-1, max(0, x+k))]
			}
			dst[y*w+x] = s / float32(2*r+1)
		}
	}
}

func boxV(dst, src []float32, w, h, r int) {
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float32
			for k := -r; k <= r; k++ {
				s += src[min(h-1, max(0, y+k))*w+x]
			}
			dst[y*w+x] = s / float32(2*r+1)
		}
	}
}

func (c *canvas) noise(rng *rand.Rand, sigma float64) {
	for i := range c.px {
		c.px[i] += float32(rng.NormFloat64() * sigma)
	}
}

func (c *canvas) gray() *image.Gray {
	img := image.NewGray(image.Rect(0, 0, c.w, c.h))
	for i, v := range c.px {
		img.Pix[i] = uint8(min(255, max(0, v+0.5)))
	}
	return img
}

// jpegRoundTrip compresses and decodes again, keeping the artefacts.
func jpegRoundTrip(img *image.Gray, quality int) (*image.Gray, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return nil, fmt.Errorf("qrgen: jpeg encode: %w", err)
	}
	dec, err := jpeg.Decode(&buf)
	if err != nil {
		return nil, fmt.Errorf("qrgen: jpeg decode: %w", err)
	}
	g, ok := dec.(*image.Gray)
	if !ok {
		return nil, fmt.Errorf("qrgen: jpeg decoded as %T, want grey", dec)
	}
	return g, nil
}
