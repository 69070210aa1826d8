package qrdecode_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner/qrdecode"
	"github.com/ashyq/kiosk/scanner/qrgen"
)

// The camera loop's per-frame cost on one core, as percentiles over the
// frames: empty scenes (an idle kiosk, qrgen's cluttered backgrounds) and
// frames holding a code (the camera set of testdata/camera with fresh noise
// each frame, the 1280x720 ones scaled up 1.5x). Targets: 640x480 empty p99
// under 1 ms, with a code p99 under 10 ms, 1280x720 with a code p99 under
// 15 ms. "p99-ms" is wall time; "cpu-p99-ms" counts only this thread's CPU
// time, which is what a frame costs when other processes share the cores
// and what the budget counts; "cpu-max-ms" is the dearest frame and
// "over-budget" the share of frames whose CPU time passed the budget.
func BenchmarkFrame640Empty(b *testing.B)  { benchFrames(b, emptyFrames(640, 480)) }
func BenchmarkFrame640Code(b *testing.B)   { benchFrames(b, codeFrames(b, 1)) }
func BenchmarkFrame1280Empty(b *testing.B) { benchFrames(b, emptyFrames(1280, 720)) }
func BenchmarkFrame1280Code(b *testing.B)  { benchFrames(b, codeFrames(b, 1.5)) }

// benchFrames decodes the frames in turn with one decoder, as the camera
// loop does, with GOMAXPROCS=1 as on a one-core kiosk.
func benchFrames(b *testing.B, frames []*image.Gray) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	d := qrdecode.New(qrdecode.Options{})
	wall := make([]time.Duration, 0, b.N)
	cpu := make([]time.Duration, 0, b.N)
	found, over := 0, 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := frames[i%len(frames)]
		t0, c0 := time.Now(), qrdecode.ThreadCPU()
		r := d.DecodeLuma(f.Pix, f.Rect.Dx(), f.Rect.Dy(), f.Stride)
		wall = append(wall, time.Since(t0))
		cpu = append(cpu, qrdecode.ThreadCPU()-c0)
		found += len(r.Payloads)
		if cpu[len(cpu)-1] > qrdecode.BudgetFor(d, f.Rect.Dx(), f.Rect.Dy()) {
			over++
		}
	}
	b.StopTimer()
	b.ReportMetric(percentile(wall, 0.50), "p50-ms")
	b.ReportMetric(percentile(wall, 0.99), "p99-ms")
	b.ReportMetric(percentile(cpu, 0.99), "cpu-p99-ms")
	b.ReportMetric(percentile(cpu, 1), "cpu-max-ms")
	b.ReportMetric(float64(over)/float64(b.N), "over-budget")
	// What a 30 fps camera's frames like these cost a core: for empty
	// ones, the idle kiosk's share (the target is 2 %).
	var sum time.Duration
	for _, c := range cpu {
		sum += c
	}
	b.ReportMetric(100*float64(sum)/float64(len(cpu))*30/float64(time.Second), "core-%-at-30fps")
	b.ReportMetric(float64(found)/float64(b.N), "found/frame")
}

// percentile is the q-quantile of ds in milliseconds (ds is sorted).
func percentile(ds []time.Duration, q float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return float64(ds[min(len(ds)-1, int(q*float64(len(ds))))].Microseconds()) / 1000
}

// emptyFrames are eight seeded scenes without a code.
func emptyFrames(w, h int) []*image.Gray {
	var out []*image.Gray
	for seed := int64(1); seed <= 8; seed++ {
		out = append(out, qrgen.MustFrame(qrgen.Spec{Width: w, Height: h, Seed: seed}))
	}
	return out
}

// codeFrames are the camera set's images, each in three noisy frames,
// scaled by scale and centred in a 640x480 (scale 1) or 1280x720 frame.
func codeFrames(b *testing.B, scale float64) []*image.Gray {
	var out []*image.Gray
	for _, s := range mustCameraSet(b) {
		for n := 1; n <= 3; n++ {
			f := new(image.Gray)
			heldStill(f, s.img, s.file, n)
			if scale != 1 {
				f = scaleInto(f, scale, 1280, 720)
			}
			out = append(out, f)
		}
	}
	return out
}

// scaleInto scales src bilinearly by k and centres it in a w x h frame
// whose margins take the grey of src's top-left pixel.
func scaleInto(src *image.Gray, k float64, w, h int) *image.Gray {
	dst := image.NewGray(image.Rect(0, 0, w, h))
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	ox, oy := (float64(w)-k*float64(sw))/2, (float64(h)-k*float64(sh))/2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := (float64(x)-ox)/k, (float64(y)-oy)/k
			x0, y0 := int(fx), int(fy)
			if fx < 0 || fy < 0 || x0 >= sw-1 || y0 >= sh-1 {
				dst.Pix[y*w+x] = src.Pix[0]
				continue
			}
			ax, ay := fx-float64(x0), fy-float64(y0)
			p := func(x, y int) float64 { return float64(src.Pix[y*src.Stride+x]) }
			v := (1-ay)*((1-ax)*p(x0, y0)+ax*p(x0+1, y0)) + ay*((1-ax)*p(x0, y0+1)+ax*p(x0+1, y0+1))
			dst.Pix[y*w+x] = byte(v + 0.5)
		}
	}
	return dst
}

// BenchmarkRobustnessRate reports the camera path's decode rate on the
// robustness set with the default budget, and its cost per frame.
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

// BenchmarkHeldStill is the camera path with the default options in front
// of a simulated 30 fps camera: each image of the camera set held still
// (fresh sensor noise each frame), the decoder always taking the newest
// frame when it is done with the last, as the camera loop does, so a frame
// that takes longer than the frame interval makes it skip frames. Run on
// one core and on two (GOMAXPROCS; the deep search's goroutine shares the
// core on one). The camera's clock is the time a frame would take on that
// many cores of the kiosk's own (frameCost), counted in CPU time, not the
// wall time a shared machine gives: at load 20 on two cores a frame's wall
// time is ten times its CPU time, and the figure measured the machine's
// other work (0.944 one run, 0.972 the next). It reports the share of
// codes read within ten camera frames (a third of a second: the target is
// 0.95), that share by the wall clock (read-in-10-wall, fewer frames
// decoded on a loaded machine), within ten decoded frames (what the
// decoder does whatever the load), the camera frames
// until read (median and 90th percentile, of the codes read within
// heldBenchFrames), the decoding thread's CPU time per decoded frame
// (p99) and the process's CPU time per decoded frame (mean, the deep
// search's included).
func BenchmarkHeldStill(b *testing.B) {
	for _, cores := range []int{1, 2} {
		b.Run(fmt.Sprintf("cores=%d", cores), func(b *testing.B) { benchHeldStill(b, cores) })
	}
}

// frameInterval is a 30 fps camera's.
const frameInterval = time.Second / 30

func benchHeldStill(b *testing.B, cores int) {
	const heldBenchFrames = 30
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cores))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	set := mustCameraSet(b)
	var until []time.Duration // camera frames until read, as durations to reuse percentile
	var cpu []time.Duration
	var procCPU time.Duration
	within, withinWall, codes, decoded, decodedWithin := 0, 0, 0, 0, 0
	var frame image.Gray
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range set {
			d := qrdecode.New(qrdecode.Options{})
			codes++
			// elapsed is the camera's clock: the frames' costs only (the
			// noise is drawn with the clock stopped); the next frame is the
			// newest one captured by then. wall is the wall time the
			// decodes took, for read-in-10-wall.
			var elapsed, wall time.Duration
			for n, k := 1, 1; n <= heldBenchFrames; k++ {
				b.StopTimer()
				heldStill(&frame, s.img, s.file, n)
				b.StartTimer()
				t0, c0, p0 := time.Now(), qrdecode.ThreadCPU(), processCPU()
				r := decodeLuma(d, &frame)
				wall += time.Since(t0)
				thread, proc := qrdecode.ThreadCPU()-c0, processCPU()-p0
				elapsed += frameCost(cores, thread, proc)
				cpu = append(cpu, thread)
				procCPU += proc
				decoded++
				// The result is out when the decode ends: in camera
				// frame ceil(elapsed / interval), frame n at the earliest.
				at := max(n, int((elapsed+frameInterval-1)/frameInterval))
				if len(r.Payloads) > 0 {
					if r.Payloads[0] != s.payload {
						b.Fatalf("%s: misread %q", s.file, r.Payloads[0])
					}
					until = append(until, time.Duration(at)*time.Millisecond)
					if k <= 10 {
						decodedWithin++
					}
					if at <= 10 {
						within++
					} else {
						b.Logf("%s: read in camera frame %d", s.file, at)
					}
					if wall <= 10*frameInterval {
						withinWall++
					}
					break
				}
				// The next frame: the one after n, or the newest by now.
				n = max(n+1, int(elapsed/frameInterval)+1)
				elapsed = max(elapsed, time.Duration(n-1)*frameInterval)
			}
			d.Close()
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(within)/float64(codes), "read-in-10")
	b.ReportMetric(float64(withinWall)/float64(codes), "read-in-10-wall")
	// Within ten decoded frames, however long they took: what the
	// decoder does, apart from the machine's speed and load.
	b.ReportMetric(float64(decodedWithin)/float64(codes), "read-in-10-decoded")
	b.ReportMetric(percentile(until, 0.50), "frames-median")
	b.ReportMetric(percentile(until, 0.90), "frames-p90")
	b.ReportMetric(percentile(cpu, 0.99), "cpu-p99-ms")
	b.ReportMetric(float64(procCPU.Microseconds())/1000/float64(decoded), "proc-cpu-ms/frame")
}

// frameCost is how long a frame that took thread CPU time on the decoding
// thread and proc on the whole process (the deep search's goroutine, the
// garbage collector) takes on a kiosk with cores cores to itself. On one
// core everything runs in turn: proc. On two, the deep search's slice runs
// on the other core while the frame runs its rungs, and the frame waits for
// it: the longer of the two.
func frameCost(cores int, thread, proc time.Duration) time.Duration {
	if cores == 1 {
		return proc
	}
	return max(thread, proc-thread)
}

// processCPU is the CPU time the whole process has used (every thread's:
// the deep search's too).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
