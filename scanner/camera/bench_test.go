package camera

import (
	"image"
	"sync"
	"testing"
	"time"
)

// BenchmarkHandoff measures what the camera loop itself costs per frame:
// copying a 640×480 Y plane into the mailbox and the decode goroutine taking
// it (with a decoder that does nothing), i.e. the overhead on top of
// decoding. It should not allocate.
func BenchmarkHandoff(b *testing.B) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"640x480", 640, 480}, {"1280x720", 1280, 720}} {
		b.Run(size.name, func(b *testing.B) {
			img := image.NewYCbCr(image.Rect(0, 0, size.w, size.h), image.YCbCrSubsampleRatio420)
			c := New(Config{})
			c.decode = func([]byte, int, int, int) []string { return nil }
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.decodeLoop()
			}()
			var scratch lumaFrame
			at := time.Now()
			c.handoff(img, at, &scratch) // size the buffers
			b.ReportAllocs()
			b.SetBytes(int64(size.w * size.h))
			b.ResetTimer()
			for range b.N {
				c.handoff(img, at, &scratch)
			}
			b.StopTimer()
			c.box.close()
			wg.Wait()
			st := c.Stats()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/frame")
			b.ReportMetric(float64(st.FramesStale)/float64(st.FramesCaptured), "stale/frame")
		})
	}
}
