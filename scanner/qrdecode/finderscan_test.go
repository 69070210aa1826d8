package qrdecode_test

import (
	"image"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner/qrdecode"
	"github.com/ashyq/kiosk/scanner/qrgen"
)

// scanFrame is one frame for the empty-frame test, named for messages.
type scanFrame struct {
	name string
	img  *image.Gray
}

// codeScanFrames are frames holding a code: the camera set as read and
// held still (fresh noise, maxHeldFrames frames each), and RobustnessSet(240, 1).
var codeScanFrames = sync.OnceValue(func() []scanFrame {
	set, err := cameraSet()
	if err != nil {
		panic(err)
	}
	var out []scanFrame
	for _, s := range set {
		out = append(out, scanFrame{s.file, s.img})
		for n := 1; n <= maxHeldFrames; n++ {
			f := new(image.Gray)
			heldStill(f, s.img, s.file, n)
			out = append(out, scanFrame{s.file + "#" + string(rune('0'+n)), f})
		}
	}
	for _, s := range qrgen.RobustnessSet(240, 1) {
		out = append(out, scanFrame{s.Name, s.Image})
	}
	return out
})

// emptyScanFrames are qrgen's scenes without a code, seeds 1 to 50, at
// 640x480 and 1280x720.
var emptyScanFrames = sync.OnceValue(func() []scanFrame {
	var out []scanFrame
	for _, size := range [][2]int{{640, 480}, {1280, 720}} {
		for seed := int64(1); seed <= 50; seed++ {
			img := qrgen.MustFrame(qrgen.Spec{Width: size[0], Height: size[1], Seed: seed})
			out = append(out, scanFrame{string(rune('0'+size[0]/640)) + "x", img})
		}
	}
	return out
})

func TestFinderScanOldVsNew(t *testing.T) {
	oldS, newS := &qrdecode.Scanner{Old: true}, &qrdecode.Scanner{}
	differ := 0
	defer func() { t.Logf("counts differ on %d", differ) }()
	count := func(frames []scanFrame, lost bool) (o, n int) {
		for _, f := range frames {
			for ph := 0; ph < 3; ph++ {
				ca := oldS.Scan(f.img.Pix, f.img.Rect.Dx(), f.img.Rect.Dy(), f.img.Stride, ph)
				cb := newS.Scan(f.img.Pix, f.img.Rect.Dx(), f.img.Rect.Dy(), f.img.Stride, ph)
				if ca != cb {
					differ++
				}
				a, b := ca > 0, cb > 0
				if a {
					o++
				}
				if b {
					n++
				}
				if lost && a && !b {
					t.Errorf("%s phase %d: old accepts, new does not", f.name, ph)
				}
			}
		}
		return o, n
	}
	o, n := count(codeScanFrames(), true)
	t.Logf("code frames (x3 phases) accepted: old %d, new %d of %d", o, n, 3*len(codeScanFrames()))
	if n < o {
		t.Errorf("new accepts fewer code frames")
	}
	o, n = count(emptyScanFrames(), false)
	t.Logf("empty frames (x3 phases) accepted: old %d, new %d of %d", o, n, 3*len(emptyScanFrames()))
	if n > o {
		t.Errorf("new accepts more empty frames")
	}
}

// BenchmarkScanEmpty is the empty-frame decision alone (the plane it
// needs, then finderScan), old and new, over the benchmark's empty scenes.
func BenchmarkScanEmpty(b *testing.B) {
	for _, size := range [][2]int{{640, 480}, {1280, 720}} {
		frames := emptyFrames(size[0], size[1])
		for _, old := range []bool{true, false} {
			name := map[bool]string{true: "old", false: "new"}[old]
			b.Run(string(rune('0'+size[0]/640))+"x-"+name, func(b *testing.B) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				s := &qrdecode.Scanner{Old: old}
				wall := make([]time.Duration, 0, b.N)
				cpu := make([]time.Duration, 0, b.N)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					f := frames[i%len(frames)]
					t0, c0 := time.Now(), threadCPU()
					s.Scan(f.Pix, f.Rect.Dx(), f.Rect.Dy(), f.Stride, [3]int{1, 0, 2}[i%3])
					wall = append(wall, time.Since(t0))
					cpu = append(cpu, threadCPU()-c0)
				}
				b.StopTimer()
				b.ReportMetric(percentile(wall, 0.50), "p50-ms")
				b.ReportMetric(percentile(wall, 0.99), "p99-ms")
				b.ReportMetric(percentile(cpu, 0.50), "cpu-p50-ms")
				b.ReportMetric(percentile(cpu, 0.99), "cpu-p99-ms")
			})
		}
	}
}
