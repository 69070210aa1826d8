package qrdecode_test

import (
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner/qrdecode"
)

func TestZZSeedTimes(t *testing.T) {
	for _, sz := range [][2]int{{640, 480}, {1280, 720}} {
		for i, f := range emptyFrames(sz[0], sz[1]) {
			for _, old := range []bool{true, false} {
				s := &qrdecode.Scanner{Old: old}
				best := time.Hour
				for k := 0; k < 30; k++ {
					t0 := time.Now()
					s.Scan(f.Pix, f.Rect.Dx(), f.Rect.Dy(), f.Stride, k%3)
					best = min(best, time.Since(t0))
				}
				t.Logf("%dx%d seed %d old=%v min %v", sz[0], sz[1], i+1, old, best)
			}
		}
	}
}
