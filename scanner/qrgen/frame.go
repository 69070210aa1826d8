package qrgen

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Spec describes one frame. Zero values mean: no code, 640x480, Clean, seed 0.
type Spec struct {
	Payload    string     // text to encode; "" draws the scene without a code
	Width      int        // frame width in pixels; default 640
	Height     int        // frame height in pixels; default 480
	Distortion Distortion // what the camera does to the code; default Clean
	Seed       int64      // picks background, placement and strength
}

// quietModules is the light margin around the code, in modules, as phone
// apps draw it (the QR standard asks for 4).
const quietModules = 4

// Frame renders spec as an 8-bit luminance frame.
func Frame(spec Spec) (*image.Gray, error) {
	if spec.Width == 0 {
		spec.Width = 640
	}
	if spec.Height == 0 {
		spec.Height = 480
	}
	if spec.Distortion == "" {
		spec.Distortion = Clean
	}
	if spec.Width < 32 || spec.Height < 32 || spec.Width > 8192 || spec.Height > 8192 {
		return nil, fmt.Errorf("qrgen: frame size %dx%d out of range", spec.Width, spec.Height)
	}
	if !spec.Distortion.valid() {
		return nil, fmt.Errorf("qrgen: unknown distortion %q", spec.Distortion)
	}
	rng := rand.New(rand.NewPCG(uint64(spec.Seed), 0x9e3779b97f4a7c15))
	f := newCanvas(spec.Width, spec.Height)
	f.background(rng)
	if spec.Payload != "" {
		modules, err := encode(spec.Payload)
		if err != nil {
			return nil, err
		}
		p := place(rng, spec, modules.GetWidth())
		f.drawCode(modules, p)
		f.distort(rng, spec.Distortion, p)
	} else {
		f.distort(rng, spec.Distortion, placement{})
	}
	f.noise(rng, 2.5) // every cheap sensor has some
	img := f.gray()
	if spec.Distortion == JPEG {
		return jpegRoundTrip(img, 8+rng.IntN(18))
	}
	return img, nil
}

// MustFrame is Frame for tests with fixed, known-good specs; it panics on error.
func MustFrame(spec Spec) *image.Gray {
	img, err := Frame(spec)
	if err != nil {
		panic(err)
	}
	return img
}

// encode makes the module matrix (no quiet zone) at error correction level M,
// the level phone apps typically use.
func encode(payload string) (*gozxing.BitMatrix, error) {
	hints := map[gozxing.EncodeHintType]interface{}{
		gozxing.EncodeHintType_ERROR_CORRECTION: "M",
		gozxing.EncodeHintType_MARGIN:           0,
	}
	m, err := qrcode.NewQRCodeWriter().Encode(payload, gozxing.BarcodeFormat_QR_CODE, 0, 0, hints)
	if err != nil {
		return nil, fmt.Errorf("qrgen: encode payload: %w", err)
	}
	return m, nil
}

// placement is where the code lands: toFrame maps module coordinates (0..n
// across the code without quiet zone) to frame pixels; dark and light are the
// module colours before any distortion.
type placement struct {
	n           int
	toFrame     homography
	fromFrame   homography
	centre      [2]float64
	side        float64 // code side in pixels, quiet zone included
	dark, light float64
	inverted    bool
}

// place picks size, position, rotation, tilt and colours from the seed and
// the distortion class.
func place(rng *rand.Rand, spec Spec, n int) placement {
	short := float64(min(spec.Width, spec.Height))
	total := float64(n + 2*quietModules)
	module := (3 + 3*rng.Float64()) * short / 480 // a phone held 20-40 cm away
	switch spec.Distortion {
	case Small:
		module = (1.7 + 0.8*rng.Float64()) * short / 480
	case Large:
		module = (0.75 + 0.2*rng.Float64()) * short / total
	}
	side := module * total
	if side > 0.95*short {
		side = 0.95 * short
	}
	angle := (rng.Float64()*2 - 1) * 8 * math.Pi / 180
	if spec.Distortion == Rotated {
		angle = rng.Float64() * 2 * math.Pi
	}
	tilt := 0.02
	if spec.Distortion == Perspective {
		tilt = 0.10 + 0.08*rng.Float64()
	}
	half := side / 2 * math.Sqrt2 // room for any rotation
	cx := half + rng.Float64()*math.Max(0, float64(spec.Width)-2*half)
	cy := half + rng.Float64()*math.Max(0, float64(spec.Height)-2*half)
	if 2*half > float64(spec.Width) {
		cx = float64(spec.Width) / 2
	}
	if 2*half > float64(spec.Height) {
		cy = float64(spec.Height) / 2
	}
	var dst [4][2]float64
	corners := [4][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}}
	sin, cos := math.Sincos(angle)
	for i, c := range corners {
		x := c[0]*side/2 + (rng.Float64()*2-1)*tilt*side
		y := c[1]*side/2 + (rng.Float64()*2-1)*tilt*side
		dst[i] = [2]float64{cx + x*cos - y*sin, cy + x*sin + y*cos}
	}
	q := float64(quietModules)
	src := [4][2]float64{{-q, -q}, {float64(n) + q, -q}, {float64(n) + q, float64(n) + q}, {-q, float64(n) + q}}
	to, _ := quadToQuad(src, dst)
	from, _ := quadToQuad(dst, src)
	p := placement{n: n, toFrame: to, fromFrame: from, centre: [2]float64{cx, cy}, side: side,
		dark: 15 + 35*rng.Float64(), light: 195 + 50*rng.Float64()}
	switch spec.Distortion {
	case LowContrast:
		p.light = 120 + 60*rng.Float64()
		p.dark = p.light - (28 + 14*rng.Float64())
	case Inverted: // dark mode: light modules on a dark screen
		p.inverted = true
		p.dark, p.light = 200+40*rng.Float64(), 20+30*rng.Float64()
	}
	return p
}
