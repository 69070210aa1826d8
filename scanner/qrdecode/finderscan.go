package qrdecode

import (
	"encoding/binary"
	"math/bits"
)

// The camera's empty-frame test. Most frames of an idle kiosk hold no code,
// and deciding that must cost well under a millisecond; binarizing a plane
// and running gozxing's finder on it costs more, and a downscaled plane
// loses the finder patterns of small codes. finderScan looks for what
// zxing-cpp 3's detector looks for first: a finder pattern's concentric
// rings, which any line through its centre crosses as dark-light-dark-
// light-dark runs in the ratio 1:1:3:1:1. It scans every few rows of the
// full plane against a running mean of the row, in either polarity at once
// (dark mode inverts the rings, not their ratio), and confirms a horizontal
// hit with the same ratio down the column through its centre.

// Parameters of the scan: every scanStep-th row is read; a pixel is dark
// when it is more than scanOffset grey levels below the mean of the
// 2*scanRadius+1 pixels around it in its row (scanRadius grows with the
// frame: about three modules of a code filling a third of it).
const (
	scanStep   = 3
	scanOffset = 3
	maxFound   = 8 // the scan stops counting here: a code has three
)

// scanPhases are the first rows scanned by successive frames: the middle
// one first, the one the scan used before it had phases.
var scanPhases = [scanStep]int{1, 0, 2}

// finderScan counts finder-pattern-like ring crossings in p, up to maxFound.
// A crossing counts when it shows the ratio across the row and down the
// column through its centre, its rings differ by at least minContrast grey
// levels, and a scanned row above it (within the pattern) showed one at
// about the same place: flat wall or sensor noise seldom does all four.
// st holds reusable buffers. phase (0 to scanStep-1) is the first row
// scanned: a small code's finder, 14 pixels high, can fall between the
// scanned rows so that no two of them cross its centre and confirm each
// other, and successive frames of a code held still scan different rows.
func finderScan(p plane, st *scanState, phase int) int {
	w, h := p.w, p.h
	radius := max(8, w/40)
	if w < 2*radius+8 || h < 8 {
		return 0
	}
	st.hits, st.prev = st.hits[:0], st.prev[:0]
	found := 0
	for y := phase % scanStep; y < h; y += scanStep {
		row := p.pix[y*w : (y+1)*w]
		runs := st.rowRuns(row, radius)
		// Every window of five runs; runs at even indices are light.
		// The window is kept in five variables, not an array, so that it
		// stays in registers.
		end := 0
		var r0, r1, r2, r3, r4 int
		for i, run := range runs {
			r0, r1, r2, r3, r4 = r1, r2, r3, r4, int(run)
			end += r4
			if i < 4 || !ringRatio(r0, r1, r2, r3, r4) {
				continue
			}
			r := [5]int{r0, r1, r2, r3, r4}
			ring, gap := ringMeans(row, end, r)
			if abs(ring-gap) < minContrast {
				continue
			}
			total := r[0] + r[1] + r[2] + r[3] + r[4]
			cx := end - r[4] - r[3] - r[2]/2 - 1
			if !columnRatio(p, cx, y, (ring+gap)/2, i%2 == 1, total) {
				continue
			}
			st.hits = append(st.hits, scanHit{cx, y, total})
			if st.confirms(cx, total) {
				if found++; found >= maxFound {
					return found
				}
			}
		}
		// Hits of this row are the ones the next row can confirm.
		st.prev, st.hits = append(st.prev[:0], st.hits...), st.hits[:0]
	}
	return found
}

// rowRuns are the run lengths of row's dark/light classes; the first run
// is light (and empty when the row starts dark). A pixel is dark when it
// is more than scanOffset below the mean of the 2*radius+1 pixels around
// it, light when more than scanOffset above, and otherwise keeps the class
// of the pixel before it: that hysteresis stops sensor noise on a flat
// wall from cutting runs, and keeps the centre of a large finder, whose
// window is all dark, dark. Pixels nearer the edge than the radius take
// the nearest whole window. The result is in st.runs, valid until the
// next call.
//
// This is most of the scan's cost, so it is done in two passes that keep
// the work per pixel small and free of jumps: markRow writes each pixel's
// mark (dark, light or neither), and runsOf resolves the hysteresis and
// finds where the class flips 64 pixels at a time, so that the work on a
// textured row, where the class flips at unpredictable pixels, is per
// flip and not a mispredicted jump at most pixels.
func (st *scanState) rowRuns(row []byte, radius int) []int32 {
	n := (len(row) + 63) &^ 63
	if cap(st.marks) < n {
		st.marks = make([]byte, n)
	}
	if cap(st.runs) < len(row)+1 {
		st.runs = make([]int32, len(row)+1)
	}
	marks := st.marks[:n]
	markRow(marks, row, radius)
	clear(marks[len(row):]) // neither: the class holds to the end
	st.runs = runsOf(st.runs[:0], marks, len(row))
	return st.runs
}

// Marks: a pixel is markDark, markLight, or neither (0).
const (
	markDark  = 1
	markLight = 2
)

// markRow writes row's marks to marks[:len(row)]. The sums are in window
// units (value * win against the window's sum), so no division is needed.
func markRow(marks, row []byte, radius int) {
	w := len(row)
	win := int32(2*radius + 1)
	var sum int32
	for _, v := range row[:2*radius+1] {
		sum += int32(v)
	}
	// The radius pixels at each edge keep the edge's whole window; the
	// ones between slide it.
	markEdge(marks, row, 0, radius, sum, win)
	sum = markMiddle(marks[radius:w-radius-1], row, radius, sum, win)
	markEdge(marks, row, w-radius-1, w, sum, win)
}

// markMiddle marks the pixels between the edges, out being their marks,
// sliding the window from sum on, and returns its last sum. It is most of
// the scan's cost, so it is a function of its own, with one slice for each
// pixel it reads and all of out's length: that way the compiler keeps the
// loop in registers and proves every index in range.
func markMiddle(out, row []byte, radius int, sum, win int32) int32 {
	n := len(out)
	prevs, mids, nexts := row[radius-1:][:n], row[radius:][:n], row[radius+1:][:n]
	enters, leaves := row[2*radius+1:][:n], row[:n]
	off4, sum4 := 4*scanOffset*win, 4*sum
	for i := range out {
		v := (int32(prevs[i]) + 2*int32(mids[i]) + int32(nexts[i])) * win
		out[i] = markOf(sum4-v, off4)
		sum4 += 4 * (int32(enters[i]) - int32(leaves[i]))
	}
	return sum4 / 4
}

// markEdge marks pixels x0 to x1 of row against the window sum; the first
// and last pixel take themselves for their missing neighbour.
func markEdge(marks, row []byte, x0, x1 int, sum, win int32) {
	w := len(row)
	for x := x0; x < x1; x++ {
		v := int32(row[max(x-1, 0)]) + 2*int32(row[x]) + int32(row[min(x+1, w-1)])
		marks[x] = mark(v*win, 4*sum, 4*scanOffset*win)
	}
}

// mark is a pixel's mark: v is the pixel smoothed with its neighbours
// (1-2-1, so sensor noise on a dim screen does not cut a module's run)
// times win, in quarters of a grey level as sum4 (four times the window's
// sum) and off4 are.
func mark(v, sum4, off4 int32) byte { return markOf(sum4-v, off4) }

// markOf is the mark of a pixel t below the mean, in mark's units.
func markOf(t, off4 int32) byte {
	dark := uint32(off4-t) >> 31  // t > off
	light := uint32(t+off4) >> 31 // t < -off
	return byte(dark | light<<1)
}

// runsOf appends to runs the run lengths of the first w pixels of marks,
// whose length is a multiple of 64.
func runsOf(runs []int32, marks []byte, w int) []int32 {
	start := 0       // the current run's first pixel
	cur := uint64(0) // the class of the pixel before, 1 for dark
	for base := 0; base < len(marks); base += 64 {
		dark, light := gather(marks[base : base+64])
		// The classes: within each stretch between light marks, dark
		// from the stretch's first dark mark on. Added to the stretch's
		// ones in ^light, its first dark bit carries up to the stretch's
		// end, turning those bits to zeros that the xor makes ones; the
		// later dark bits of the stretch turn their own bit back, and
		// or-ing them in mends that. A dark class carried over from the
		// word before enters as a dark mark at bit 0.
		open := ^light
		seeds := dark | cur
		class := ((open + seeds) ^ open | seeds) & open
		flips := class ^ (class<<1 | cur)
		for flips != 0 {
			x := base + bits.TrailingZeros64(flips)
			runs = append(runs, int32(x-start))
			start = x
			flips &= flips - 1
		}
		cur = class >> 63
	}
	return append(runs, int32(w-start))
}

// gather packs 64 marks into a bit per pixel (pixel i at bit i): which are
// dark and which light. Eight marks are read as one word and their low
// bits collected by one multiplication (the products land on distinct
// bits, so no carries mix them).
func gather(marks []byte) (dark, light uint64) {
	const ones, pack = 0x0101010101010101, 0x0102040810204080
	for k := 0; k < 8; k++ {
		u := binary.LittleEndian.Uint64(marks[8*k:])
		dark |= (u & ones * pack >> 56) << (8 * k)
		light |= (u >> 1 & ones * pack >> 56) << (8 * k)
	}
	return dark, light
}

// minContrast is the least difference, in grey levels, between the mean
// of a crossing's dark runs and of its light runs: a dim phone screen
// filmed in a lit room still shows 15 or more.
const minContrast = 6

// scanState keeps finderScan's buffers between frames.
type scanState struct {
	runs       []int32   // a row's run lengths
	marks      []byte    // a row's marks (rowRuns)
	hits, prev []scanHit // this row's ring crossings, and the last row's
}

// scanHit is one ring crossing: centre column, row, and its width.
type scanHit struct{ x, y, total int }

// confirms reports whether the previous scanned row crossed rings of about
// the same size at about the same column.
func (st *scanState) confirms(x, total int) bool {
	for _, h := range st.prev {
		if 4*abs(h.x-x) <= total+4 && 2*abs(h.total-total) <= total {
			return true
		}
	}
	return false
}

// ringMeans are the mean grey of the centre-coloured runs (the centre and
// the outer ring) and of the rings between, for the five runs of row
// ending before x.
func ringMeans(row []byte, x int, r [5]int) (ring, gap int) {
	var sum, cnt [2]int
	end := x
	for i := 4; i >= 0; i-- {
		k := i & 1 // 0: runs 0, 2, 4; 1: runs 1, 3
		for _, v := range row[end-r[i] : end] {
			sum[k] += int(v)
		}
		cnt[k] += r[i]
		end -= r[i]
	}
	return sum[0] / cnt[0], sum[1] / cnt[1]
}

// minRingWidth is the narrowest finder pattern the scan looks for, in
// pixels (a pixel a module).
const minRingWidth = 7

// ringRatio reports runs in the ratio 1:1:3:1:1 within half a module each
// way (the tolerance gozxing's finder uses), at least minRingWidth in all.
func ringRatio(r0, r1, r2, r3, r4 int) bool {
	total := r0 + r1 + r2 + r3 + r4
	// In sevenths of a pixel: module = total/7, tolerance = module/2.
	// Most windows of a scene fail, at no predictable test: each test is
	// a difference that is negative when it fails, and one jump on their
	// or decides, which costs less than a mispredicted jump a window.
	m, tol := total, total/2
	fail := (total - minRingWidth) |
		(tol - 1 - absBits(7*r0-m)) | (tol - 1 - absBits(7*r1-m)) |
		(3*tol - 1 - absBits(7*r2-3*m)) |
		(tol - 1 - absBits(7*r3-m)) | (tol - 1 - absBits(7*r4-m))
	return fail >= 0
}

// absBits is abs without a jump.
func absBits(x int) int {
	s := x >> 63
	return (x ^ s) - s
}

// columnRatio walks up and down column x from row y, classifying pixels
// against thr, the grey half way between the row's rings and the gaps
// between them, and reports the 1:1:3:1:1 ratio there too, with a total
// within half of the row's. centreDark is the colour of the centre run.
func columnRatio(p plane, x, y, thr int, centreDark bool, rowTotal int) bool {
	if x < 0 || x >= p.w {
		return false
	}
	isDark := func(yy int) bool { return int(p.pix[yy*p.w+x]) < thr }
	centre := centreDark
	if isDark(y) != centre {
		return false
	}
	limit := rowTotal // no run of a real pattern is longer than the whole
	var r [5]int
	// Centre run, both ways.
	up, down := y, y
	for up > 0 && isDark(up-1) == centre && y-up < limit {
		up--
	}
	for down < p.h-1 && isDark(down+1) == centre && down-y < limit {
		down++
	}
	r[2] = down - up + 1
	// Two runs each way: the inner ring, then the outer ring.
	for k, colour := range [2]bool{!centre, centre} {
		a := 0
		for up > 0 && isDark(up-1) == colour && a < limit {
			up--
			a++
		}
		b := 0
		for down < p.h-1 && isDark(down+1) == colour && b < limit {
			down++
			b++
		}
		r[1-k], r[3+k] = a, b
	}
	total := r[0] + r[1] + r[2] + r[3] + r[4]
	if 2*abs(total-rowTotal) > rowTotal {
		return false
	}
	return ringRatio(r[0], r[1], r[2], r[3], r[4])
}
