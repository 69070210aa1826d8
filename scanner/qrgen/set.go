package qrgen

import (
	"fmt"
	"image"
	"math/rand/v2"
)

// DemoIIN is the demo IIN the kiosk's tests show to the camera.
const DemoIIN = "900101300017"

// Sample is one image of the robustness set with the payload it carries.
type Sample struct {
	Name       string      // unique and file-name safe, e.g. "007_blurred"
	Distortion Distortion  // the class it belongs to
	Payload    string      // what a decoder must read
	Spec       Spec        // regenerates Image with Frame
	Image      *image.Gray // the frame
}

// RobustnessSet makes n frames cycling through every distortion class, with
// payloads of the kinds a kiosk sees (bare IINs, pass URLs, signed offline
// passes) and both 640x480 and 1280x720 frames. n below 200 is raised to 200
// so rates measured on it stay comparable.
func RobustnessSet(n int, seed int64) []Sample {
	out := RobustnessSpecs(n, seed)
	for i := range out {
		img, err := Frame(out[i].Spec)
		if err != nil { // cannot happen for these specs; fail loudly if it does
			panic(fmt.Sprintf("qrgen: robustness sample %d: %v", i, err))
		}
		out[i].Image = img
	}
	return out
}

// RobustnessSpecs is RobustnessSet without the images (Image is nil): the
// same names, classes, payloads and specs, for callers that render only a
// subset with Frame (tests under -race, where rendering is slow).
func RobustnessSpecs(n int, seed int64) []Sample {
	n = max(n, 200)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	kinds := Distortions()
	out := make([]Sample, 0, n)
	for i := 0; i < n; i++ {
		d := kinds[i%len(kinds)]
		spec := Spec{Payload: payload(rng), Width: 640, Height: 480, Distortion: d, Seed: rng.Int64()}
		if i%4 == 3 {
			spec.Width, spec.Height = 1280, 720
		}
		out = append(out, Sample{Name: fmt.Sprintf("%03d_%s", i, d), Distortion: d, Payload: spec.Payload, Spec: spec})
	}
	return out
}

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// payload draws a realistic kiosk payload: a third bare IINs, a third pass
// URLs, a third longer signed-pass tokens (which make denser codes).
func payload(rng *rand.Rand) string {
	token := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	switch rng.IntN(3) {
	case 0:
		if rng.IntN(4) == 0 {
			return DemoIIN
		}
		return fmt.Sprintf("%012d", rng.Int64N(1e12))
	case 1:
		return "https://ashyq.example/p/" + token(22)
	default:
		return "ASHYQ1." + token(40) + "." + token(43)
	}
}
