package qrdecode

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// plainRowRuns is rowRuns pixel by pixel, as the scan first did it: the
// reference the two-pass version must match. fine compares each pixel on
// its own, unsmoothed.
func plainRowRuns(row []byte, radius int, fine bool) []int32 {
	w := len(row)
	win := int32(2*radius + 1)
	off4 := 4 * scanOffset * win
	var sum int32
	for _, v := range row[:2*radius+1] {
		sum += int32(v)
	}
	var runs []int32
	dark, run := false, int32(0)
	for x := 0; x < w; x++ {
		v := (int32(row[max(x-1, 0)]) + 2*int32(row[x]) + int32(row[min(x+1, w-1)])) * win
		if fine {
			v = 4 * int32(row[x]) * win
		}
		switch {
		case v+off4 < 4*sum:
			if !dark {
				runs, dark, run = append(runs, run), true, 0
			}
		case v-off4 > 4*sum:
			if dark {
				runs, dark, run = append(runs, run), false, 0
			}
		}
		run++
		if x >= radius && x+radius+1 < w {
			sum += int32(row[x+radius+1]) - int32(row[x-radius])
		}
	}
	return append(runs, run)
}

// testRows are rows that exercise the classes: noise of several
// amplitudes, bars of several widths (a finder's crossing among them), a
// flat row, rows that start dark, widths on and off a multiple of 64.
func testRows() [][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var rows [][]byte
	for _, w := range []int{24, 63, 64, 65, 127, 200, 640, 961} {
		for kind := 0; kind < 5; kind++ {
			row := make([]byte, w)
			for x := range row {
				switch kind {
				case 0: // sensor noise on a wall
					row[x] = byte(128 + rng.IntN(9) - 4)
				case 1: // texture
					row[x] = byte(rng.IntN(256))
				case 2: // bars, starting dark
					row[x] = byte(40 + 160*((x/(1+w/50))%2))
				case 3: // a 1:1:3:1:1 crossing of 3-pixel modules on noise
					m := (x - w/3) / 3
					row[x] = byte(200 + rng.IntN(7) - 3)
					if x >= w/3 && m < 7 && m != 1 && m != 5 {
						row[x] = byte(30 + rng.IntN(7))
					}
				case 4: // flat
					row[x] = 77
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func TestRowRunsMatchesPixelByPixel(t *testing.T) {
	var st scanState
	for _, row := range testRows() {
		for _, radius := range []int{8, 16, 24} {
			if len(row) < 2*radius+8 { // finderScan's own limit
				continue
			}
			for _, fine := range []bool{false, true} {
				got := slices.Clone(st.rowRuns(row, radius, fine))
				want := plainRowRuns(row, radius, fine)
				if !slices.Equal(got, want) {
					t.Fatalf("width %d radius %d fine %v: runs %v, want %v", len(row), radius, fine, got, want)
				}
				total := int32(0)
				for _, r := range got {
					total += r
				}
				if int(total) != len(row) {
					t.Fatalf("width %d radius %d fine %v: runs sum to %d", len(row), radius, fine, total)
				}
			}
		}
	}
}

func TestRowRunsSeesACrossing(t *testing.T) {
	// Light wall, then dark-light-dark-light-dark in 3-pixel modules.
	row := make([]byte, 100)
	for x := range row {
		row[x] = 200
		if m := (x - 40) / 3; x >= 40 && m < 7 && m != 1 && m != 5 {
			row[x] = 30
		}
	}
	var st scanState
	runs := st.rowRuns(row, 8, false)
	want := []int32{40, 3, 3, 9, 3, 3, 39}
	if !slices.Equal(runs, want) {
		t.Fatalf("runs %v, want %v", runs, want)
	}
}

func TestGather(t *testing.T) {
	marks := make([]byte, 64)
	var dark, light uint64
	for i := range marks {
		marks[i] = byte(i * 7 % 3) // 0, 1 or 2
		switch marks[i] {
		case markDark:
			dark |= 1 << i
		case markLight:
			light |= 1 << i
		}
	}
	if d, l := gather(marks); d != dark || l != light {
		t.Fatalf("gather: %064b %064b, want %064b %064b", d, l, dark, light)
	}
}

// TestRingRatio checks the one-jump test against the ratio written out,
// on every window of runs up to 24 pixels each way.
func TestRingRatio(t *testing.T) {
	plain := func(r [5]int, least int) bool {
		total := r[0] + r[1] + r[2] + r[3] + r[4]
		if total < minRingWidth {
			return false
		}
		// In fourteenths of a pixel: module total/7, tolerance half of
		// it, and at least least.
		m, tol := 2*total, max(total, least)
		return abs(14*r[0]-m) < tol && abs(14*r[1]-m) < tol && abs(14*r[2]-3*m) < max(3*total, least) &&
			abs(14*r[3]-m) < tol && abs(14*r[4]-m) < tol
	}
	passed := 0
	for a := 0; a < 12; a++ {
		for b := 0; b < 12; b++ {
			for c := 0; c < 24; c++ {
				for d := 0; d < 12; d++ {
					for e := 0; e < 12; e++ {
						for _, least := range [...]int{0, minTol} {
							want := plain([5]int{a, b, c, d, e}, least)
							if got := ringRatio(a, b, c, d, e, least); got != want {
								t.Fatalf("ringRatio(%d %d %d %d %d, %d) = %v, want %v", a, b, c, d, e, least, got, want)
							}
							if want {
								passed++
							}
						}
					}
				}
			}
		}
	}
	if passed == 0 || !ringRatio(2, 2, 6, 2, 2, 0) || ringRatio(2, 2, 2, 2, 2, minTol) {
		t.Fatalf("ringRatio passes %d windows; 2:2:6:2:2 must pass, 2:2:2:2:2 not", passed)
	}
	// A 13-pixel finder (modules of 1.86 pixels) whose blurred edge
	// left a run of one pixel is within half a module: 0.86 < 0.93.
	// Rounding the tolerance down to sevenths of a pixel (6/7) lost it.
	if !ringRatio(1, 2, 6, 2, 2, 0) || !ringRatio(2, 2, 6, 1, 2, 0) {
		t.Fatal("ringRatio fails 1:2:6:2:2 or 2:2:6:1:2, a 13-pixel finder")
	}
	// A 14-pixel finder (modules of two pixels) blurred and sampled off
	// its grid: runs of one and three, which the row scan's least
	// tolerance of a pixel passes and half a module (exactly one) not.
	if !ringRatio(1, 3, 6, 2, 2, minTol) || ringRatio(1, 3, 6, 2, 2, 0) {
		t.Fatal("ringRatio: 1:3:6:2:2 must pass with the least tolerance only")
	}
}

// TestHalve checks the word-at-a-time box filter against the average of
// each 2x2 block, for widths on and off a multiple of 16 and a stride
// wider than the frame.
func TestHalve(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, w := range []int{2, 15, 16, 17, 47, 640, 1281} {
		h, stride := 6, w+5
		src := make([]byte, (h-1)*stride+w)
		for i := range src {
			src[i] = byte(rng.IntN(256))
		}
		src[0], src[1], src[stride], src[stride+1] = 255, 255, 255, 255 // the largest sum
		var buf []byte
		p := halve(&buf, src, w, h, stride)
		if p.w != w/2 || p.h != h/2 {
			t.Fatalf("width %d: plane %dx%d", w, p.w, p.h)
		}
		for y := 0; y < p.h; y++ {
			for x := 0; x < p.w; x++ {
				i := 2*y*stride + 2*x
				want := byte((int(src[i]) + int(src[i+1]) + int(src[i+stride]) + int(src[i+stride+1]) + 2) / 4)
				if got := p.pix[y*p.w+x]; got != want {
					t.Fatalf("width %d: (%d,%d) = %d, want %d", w, x, y, got, want)
				}
			}
		}
	}
}

// TestWidePlaneRowsOverNineFrames: a wide plane's ring scan reads every
// ninth row; nine successive frames of a code held still read every row
// (before the shift, three frames read every third row and the rows
// between were never read, where a blurred two-pixel finder's ring
// confirmation could hold alone).
func TestWidePlaneRowsOverNineFrames(t *testing.T) {
	const step = 3 * scanStep
	seen := map[int]bool{}
	for frame := range step {
		phase, shift := frameRows(frame)
		seen[phase%scanStep*step/scanStep+shift%scanStep] = true
	}
	for row := range step {
		if !seen[row] {
			t.Errorf("row %d (mod %d) is read by none of %d successive frames", row, step, step)
		}
	}
	// The first three frames read what they read before the shift.
	for frame := range scanStep {
		if phase, shift := frameRows(frame); phase != scanPhases[frame] || shift != 0 {
			t.Errorf("frame %d: phase %d shift %d, want phase %d shift 0", frame, phase, shift, scanPhases[frame])
		}
	}
}
