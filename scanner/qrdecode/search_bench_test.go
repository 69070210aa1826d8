package qrdecode_test

import (
	"image"
	"runtime"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner/qrdecode"
	"github.com/ashyq/kiosk/scanner/qrgen"
)

// searchImage is one image the perspective-search comparison reads.
type searchImage struct {
	name, payload string
	img           *image.Gray
}

// searchImages are the robustness set's perspective, small and blurred
// images (RobustnessSet(240, 1), as qrgen -n 240 -seed 1 writes them) and
// the camera set.
func searchImages(tb testing.TB) []searchImage {
	var out []searchImage
	for _, s := range qrgen.RobustnessSpecs(240, 1) {
		switch s.Distortion {
		case qrgen.Perspective, qrgen.Small, qrgen.Blurred:
			out = append(out, searchImage{s.Name, s.Payload, qrgen.MustFrame(s.Spec)})
		}
	}
	for _, s := range mustCameraSet(tb) {
		out = append(out, searchImage{s.file, s.payload, s.img})
	}
	return out
}

// searchOutcome is how the full-size rungs (in the file ladder's order)
// read one image: the rung that read it first, the time and perspective-
// search steps until then (over all rungs tried), or all of them when none
// read it.
type searchOutcome struct {
	rung    string
	elapsed time.Duration
	steps   int
	longest time.Duration // the longest stretch between deadline checks
}

// readRungs runs the search rungs on img in turn with no deadline until
// one reads it. A misread fails tb. Each read runs repeats times and
// counts its fastest, so that other processes on a shared machine do not
// decide a comparison of times.
func readRungs(tb testing.TB, s searchImage, exhaustive bool, repeats int) searchOutcome {
	var o searchOutcome
	for _, rung := range qrdecode.SearchRungs {
		r := qrdecode.SearchRead(s.img, rung, exhaustive)
		for range repeats - 1 {
			again := qrdecode.SearchRead(s.img, rung, exhaustive)
			r.Elapsed, r.Longest = min(r.Elapsed, again.Elapsed), min(r.Longest, again.Longest)
		}
		o.elapsed += r.Elapsed
		o.longest = max(o.longest, r.Longest)
		o.steps += r.Steps
		if r.OK && r.Text != s.payload {
			tb.Fatalf("%s: %s misread %q", s.name, rung, r.Text)
		}
		if r.OK {
			o.rung = rung
			return o
		}
	}
	return o
}

// BenchmarkPerspectiveSearch compares, in one run, the perspective search
// as it was (exhaustive: dimensions and score limits of the grid fit, then
// ~300 corner offsets) with the estimated one, on searchImages: each image
// read by the full-size search rungs with no deadline. It reports, over
// the images either reads, the total and worst time to decode and the
// search steps, and what each reads; -v logs every image that needed the
// search.
func BenchmarkPerspectiveSearch(b *testing.B) {
	set := searchImages(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var readOld, readNew, stepsOld, stepsNew int
		var msOld, msNew, worstOld, worstNew, stretchOld, stretchNew time.Duration
		for _, s := range set {
			old, est := readRungs(b, s, true, 3), readRungs(b, s, false, 3)
			if old.rung == "" && est.rung == "" {
				continue
			}
			if old.rung != "" {
				readOld++
			}
			if est.rung != "" {
				readNew++
			}
			msOld, msNew = msOld+old.elapsed, msNew+est.elapsed
			worstOld, worstNew = max(worstOld, old.elapsed), max(worstNew, est.elapsed)
			stepsOld, stepsNew = stepsOld+old.steps, stepsNew+est.steps
			stretchOld, stretchNew = max(stretchOld, old.longest), max(stretchNew, est.longest)
			if i == 0 && (old.steps > 0 || est.steps > 0) {
				b.Logf("%-22s old %-10s %7.2f ms %4d steps %5.2f ms   new %-10s %7.2f ms %4d steps %5.2f ms", s.name,
					old.rung, ms(old.elapsed), old.steps, ms(old.longest), est.rung, ms(est.elapsed), est.steps, ms(est.longest))
			}
		}
		b.ReportMetric(float64(readOld), "read-old")
		b.ReportMetric(float64(readNew), "read-new")
		b.ReportMetric(ms(msOld), "ms-old")
		b.ReportMetric(ms(msNew), "ms-new")
		b.ReportMetric(ms(worstOld), "worst-ms-old")
		b.ReportMetric(ms(worstNew), "worst-ms-new")
		b.ReportMetric(float64(stepsOld), "steps-old")
		b.ReportMetric(float64(stepsNew), "steps-new")
		b.ReportMetric(ms(stretchOld), "stretch-ms-old")
		b.ReportMetric(ms(stretchNew), "stretch-ms-new")
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkPerspectiveFrames is `decode --frame` on searchImages, both
// searches in one run: each image as three successive camera frames
// (DecodeLuma with the default options, one core), counting the images read by the third frame and the frames
// that took. It depends on the machine's speed and load, as the camera
// path does; -v logs the images only one search reads.
func BenchmarkPerspectiveFrames(b *testing.B) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	set := searchImages(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var read, frames [2]int
		for _, s := range set {
			var n [2]int
			for k, exhaustive := range [...]bool{true, false} {
				d := qrdecode.New(qrdecode.Options{})
				if exhaustive {
					qrdecode.SetExhaustiveSearch(d)
				}
				for f := 1; f <= 3 && n[k] == 0; f++ {
					r := decodeLuma(d, s.img)
					if len(r.Payloads) == 1 && r.Payloads[0] != s.payload {
						b.Fatalf("%s: misread %q", s.name, r.Payloads[0])
					}
					if len(r.Payloads) == 1 {
						n[k] = f
						read[k]++
						frames[k] += f
					}
				}
			}
			if i == 0 && (n[0] == 0) != (n[1] == 0) {
				b.Logf("%-22s old frame %d, new frame %d (0: not read)", s.name, n[0], n[1])
			}
		}
		b.ReportMetric(float64(read[0]), "read-old")
		b.ReportMetric(float64(read[1]), "read-new")
		b.ReportMetric(float64(frames[0])/float64(max(1, read[0])), "frames/read-old")
		b.ReportMetric(float64(frames[1])/float64(max(1, read[1])), "frames/read-new")
	}
}
