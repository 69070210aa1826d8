package qrdecode_test

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/ashyq/kiosk/scanner/qrdecode"
	"github.com/ashyq/kiosk/scanner/qrgen"
)

// The camera loop's per-frame cost on one core: empty scenes (an idle
// kiosk) and frames holding the demo IIN, at both camera sizes. Targets:
// 640x480 at most 2 ms empty and 10 ms with a code; an empty 1280x720 frame
// at most about twice an empty 640x480 one.
func BenchmarkFrame640Empty(b *testing.B)  { benchFrames(b, 640, 480, "") }
func BenchmarkFrame640Code(b *testing.B)   { benchFrames(b, 640, 480, qrgen.DemoIIN) }
func BenchmarkFrame1280Empty(b *testing.B) { benchFrames(b, 1280, 720, "") }
func BenchmarkFrame1280Code(b *testing.B)  { benchFrames(b, 1280, 720, qrgen.DemoIIN) }

// benchFrames decodes eight seeded scenes in turn, so one lucky background
// does not decide the figure, with GOMAXPROCS=1 as on a one-core kiosk.
func benchFrames(b *testing.B, w, h int, payload string) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var frames []*qrgenFrame
	for seed := int64(1); seed <= 8; seed++ {
		img := qrgen.MustFrame(qrgen.Spec{Payload: payload, Width: w, Height: h, Seed: seed})
		frames = append(frames, &qrgenFrame{pix: img.Pix, w: w, h: h, stride: img.Stride})
	}
	d := qrdecode.New(qrdecode.Options{})
	found := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := frames[i%len(frames)]
		r := d.DecodeLuma(f.pix, f.w, f.h, f.stride)
		if len(r.Payloads) > 0 {
			if r.Payloads[0] != payload {
				b.Fatalf("misread %q", r.Payloads[0])
			}
			found++
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
	b.ReportMetric(float64(found)/float64(b.N), "found/frame")
}

type qrgenFrame struct {
	pix          []byte
	w, h, stride int
}

// BenchmarkRobustnessRate reports the camera path's decode rate on the
// robustness set with the default 25 ms budget, and its cost per frame.
func BenchmarkRobustnessRate(b *testing.B) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	set := robustnessSet()
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

// robustnessSet is rendered once per test binary and shared by the
// benchmarks below: rendering 200 frames takes seconds, more than the
// decoding they measure, and a benchmark function runs more than once.
var robustnessSet = sync.OnceValue(func() []qrgen.Sample { return qrgen.RobustnessSet(200, 1) })

// encodedSet is the robustness set as PNG files' bytes, made once per test
// binary: encoding 200 frames takes seconds too.
var encodedSet = sync.OnceValues(func() ([]qrgen.Sample, [][]byte) {
	set := robustnessSet()
	out := make([][]byte, len(set))
	for i, s := range set {
		var buf bytes.Buffer
		if err := png.Encode(&buf, s.Image); err != nil {
			panic(fmt.Sprintf("encode %s: %v", s.Name, err))
		}
		out[i] = buf.Bytes()
	}
	return set, out
})

// BenchmarkDecodeFileSet is the file path as `decode` runs it, one core:
// the robustness set written as PNGs, each read, decoded to luminance and
// searched with the file ladder. It reports the rate and ms per file.
func BenchmarkDecodeFileSet(b *testing.B) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	set, data := encodedSet()
	dir := b.TempDir()
	paths := make([]string, len(set))
	for i, s := range set {
		paths[i] = filepath.Join(dir, s.Name+".png")
		if err := os.WriteFile(paths[i], data[i], 0o644); err != nil {
			b.Fatal(err)
		}
	}
	d := qrdecode.New(qrdecode.Options{})
	ok, files := 0, 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, p := range paths {
			r, err := d.DecodeFile(p)
			if err != nil {
				b.Fatal(err)
			}
			if len(r.Payloads) == 1 && r.Payloads[0] == set[j].Payload {
				ok++
			}
			files++
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(ok)/float64(files), "rate")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(files), "ms/file")
}
