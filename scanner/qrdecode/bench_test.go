package qrdecode_test

import (
	"fmt"
	"testing"

	"github.com/ashyq/kiosk/scanner/qrdecode"
	"github.com/ashyq/kiosk/scanner/qrgen"
)

// BenchmarkDecodeLuma is the camera loop's per-frame cost: empty scenes (an
// idle kiosk) and frames holding the demo IIN, at both camera sizes.
func BenchmarkDecodeLuma(b *testing.B) {
	for _, size := range [][2]int{{640, 480}, {1280, 720}} {
		for _, payload := range []string{"", qrgen.DemoIIN} {
			name := fmt.Sprintf("%dx%d/empty", size[0], size[1])
			if payload != "" {
				name = fmt.Sprintf("%dx%d/code", size[0], size[1])
			}
			b.Run(name, func(b *testing.B) {
				// Several scenes, so one lucky background does not decide the figure.
				var frames []*qrgenFrame
				for seed := int64(1); seed <= 8; seed++ {
					img := qrgen.MustFrame(qrgen.Spec{Payload: payload, Width: size[0], Height: size[1], Seed: seed})
					frames = append(frames, &qrgenFrame{pix: img.Pix, w: size[0], h: size[1], stride: img.Stride})
				}
				d := qrdecode.New(qrdecode.Options{})
				found := 0
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					f := frames[i%len(frames)]
					if r := d.DecodeLuma(f.pix, f.w, f.h, f.stride); len(r.Payloads) > 0 {
						found++
					}
				}
				b.StopTimer()
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
				b.ReportMetric(float64(found)/float64(b.N), "found/frame")
			})
		}
	}
}

type qrgenFrame struct {
	pix          []byte
	w, h, stride int
}

// BenchmarkRobustnessRate reports the camera path's decode rate on the
// robustness set with the default 25 ms budget, and its cost per frame.
func BenchmarkRobustnessRate(b *testing.B) {
	set := qrgen.RobustnessSet(200, 1)
	d := qrdecode.New(qrdecode.Options{})
	ok, frames := 0, 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range set {
			if r := d.DecodeLuma(s.Image.Pix, s.Image.Rect.Dx(), s.Image.Rect.Dy(), s.Image.Stride); len(r.Payloads) == 1 && r.Payloads[0] == s.Payload {
				ok++
			}
			frames++
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(ok)/float64(frames), "rate")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(frames), "ms/frame")
}
