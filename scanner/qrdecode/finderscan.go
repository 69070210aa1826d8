package qrdecode

import (
	"encoding/binary"
	"math/bits"
	"time"
)

// The camera's empty-frame test. Most frames of an idle kiosk hold no code,
// and deciding that must cost well under a millisecond; binarizing a plane
// and running gozxing's finder on it costs more, and a downscaled plane
// loses the finder patterns of small codes. finderScan looks for what
// zxing-cpp 3's detector looks for first: a finder pattern's concentric
// rings, which any line through its centre crosses as dark-light-dark-
// light-dark runs in the ratio 1:1:3:1:1. It scans every few rows of the
// plane against a running mean of the row, in either polarity at once
// (dark mode inverts the rings, not their ratio), and confirms a horizontal
// hit with the same ratio down the column through its centre, and then
// across a second scanned row or, for a small pattern, across the rows and
// columns right next to its centre.

// Parameters of the scan: every scanStep-th row is read (every
// 3*scanStep-th of a plane wider than cheapWidth, see finderScan); a pixel is
// dark when it is more than scanOffset grey levels below the mean of the
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

// frameRows is the ring scan's phase and shift (finderScanShifted) of the
// frame-th frame: the phases cycle every frame, the shift every scanStep
// frames.
func frameRows(frame int) (phase, shift int) {
	return scanPhases[frame%scanStep], frame / scanStep % scanStep
}

// finderScan counts finder-pattern-like ring crossings in p, up to maxFound.
// A crossing counts when it shows the ratio across the row and down the
// column through its centre, its rings differ by at least minContrast grey
// levels, and it is confirmed (confirmed): flat wall or sensor noise seldom
// does all of that. st holds reusable buffers. phase (0 to scanStep-1)
// picks the first row scanned: a small code's finder can fall between one
// phase's rows, and successive frames of a code held still scan different
// rows.
//
// A plane wider than cheapWidth (a wide camera's full plane) is scanned
// every 3*scanStep-th row, and phases move by scanStep rows, so that three
// frames still read every scanStep-th row. That costs less than halving
// the plane and scanning every scanStep-th row of the half, and a small
// code keeps its two and a half pixels a module, where the half plane
// leaves it one or so, too few for the ratio. A finder of that size is
// eight rows high, and a code has three at different rows. Which plane of
// a wide frame is scanned is decode's choice; both work here.
func finderScan(p plane, st *scanState, phase int) int {
	return finderScanShifted(p, st, phase, 0)
}

// finderScanShifted is finderScan with a wide plane's rows moved down by
// shift (0 to scanStep-1): the ring confirmation of a blurred finder of
// two-pixel modules holds on a row or two of its centre band, which can
// all lie between the rows three phases read; the next three frames of a
// code held still read the rows one below, the three after those the rows
// two below, so that nine frames read every row. A plane no wider than
// cheapWidth has every row read in three frames already.
func finderScanShifted(p plane, st *scanState, phase, shift int) int {
	step := scanStep
	if p.w > cheapWidth {
		step = 3 * scanStep
	} else {
		shift = 0
	}
	return scanRows(p, st, phase%scanStep*step/scanStep+shift%scanStep, step, false)
}

// fineScanPixels is the largest plane that fineScan reads (QVGA): every
// row of it is fewer pixels than finderScan reads of a VGA frame.
const fineScanPixels = 320 * 240

// fineScan is finderScan on every row, each pixel compared on its own (no
// smoothing with its neighbours), for planes of at most fineScanPixels:
// an image of a code at one pixel a module (a dense code cropped tight, a
// thumbnail) has rings whose runs are single pixels, which finderScan's
// smoothing merges. No camera frame is that small, so a camera's empty
// frames never pay for it.
func fineScan(p plane, st *scanState) int {
	if p.w*p.h > fineScanPixels {
		return 0
	}
	return scanRows(p, st, 0, 1, true)
}

// scanRows is finderScan over every step-th row from first; fine compares
// each pixel on its own.
func scanRows(p plane, st *scanState, first, step int, fine bool) int {
	w, h := p.w, p.h
	radius := max(8, w/40)
	if w < 2*radius+8 || h < 8 {
		return 0
	}
	st.hits, st.prev = st.hits[:0], st.prev[:0]
	found := 0
	for y := first; y < h; y += step {
		row := p.pix[y*w : (y+1)*w]
		runs := st.rowRuns(row, radius, fine)
		// Every window of five runs; runs at even indices are light.
		// The window is kept in five variables, not an array, so that it
		// stays in registers.
		end := 0
		var r0, r1, r2, r3, r4 int
		for i, run := range runs {
			r0, r1, r2, r3, r4 = r1, r2, r3, r4, int(run)
			end += r4
			if i < 4 || !ringRatio(r0, r1, r2, r3, r4, minTol) {
				continue
			}
			r := [5]int{r0, r1, r2, r3, r4}
			ring, gap := ringMeans(row, end, r)
			if abs(ring-gap) < minContrast {
				continue
			}
			total := r[0] + r[1] + r[2] + r[3] + r[4]
			c := crossing{x: end - r[4] - r[3] - r[2]/2 - 1, y: y, total: total,
				thr: (ring + gap) / 2, contrast: abs(ring - gap), centreDark: i%2 == 1}
			// Down the column through the centre, whose centre run's
			// middle is the pattern's centre row.
			mid, ok := c.ratio(p, c.x, y, 0, 1, minTol)
			if !ok {
				continue
			}
			st.hits = append(st.hits, scanHit{c.x, y, total, y + mid})
			if st.confirmed(p, c, y+mid) {
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
//
// fine marks each pixel on its own, unsmoothed (fineScan).
func (st *scanState) rowRuns(row []byte, radius int, fine bool) []int32 {
	n := (len(row) + 63) &^ 63
	if cap(st.marks) < n {
		st.marks = make([]byte, n)
	}
	if cap(st.runs) < len(row)+1 {
		st.runs = make([]int32, len(row)+1)
	}
	marks := st.marks[:n]
	if fine {
		markRowFine(marks, row, radius)
	} else {
		markRow(marks, row, radius)
	}
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
	sum, win := firstWindow(row, radius)
	// The radius pixels at each edge keep the edge's whole window; the
	// ones between slide it.
	markEdge(marks, row, 0, radius, sum, win)
	sum = markMiddle(marks[radius:w-radius-1], row, radius, sum, win)
	markEdge(marks, row, w-radius-1, w, sum, win)
}

// firstWindow is the sum of row's first window of the radius, and the
// window's width.
func firstWindow(row []byte, radius int) (sum, win int32) {
	for _, v := range row[:2*radius+1] {
		sum += int32(v)
	}
	return sum, int32(2*radius + 1)
}

// markRowFine is markRow without the smoothing: each pixel against its
// window's mean.
func markRowFine(marks, row []byte, radius int) {
	w := len(row)
	sum, win := firstWindow(row, radius)
	off4 := 4 * scanOffset * win
	for x := range w {
		if x > radius && x+radius < w {
			sum += int32(row[x+radius]) - int32(row[x-radius-1])
		}
		marks[x] = markOf(4*sum-4*int32(row[x])*win, off4)
	}
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

// scanHit is one ring crossing: centre column, row, its width, and the
// centre row its column showed.
type scanHit struct{ x, y, total, cy int }

// smallRing is the width, in pixels, under which a crossing is confirmed
// next to its centre rather than by a second scanned row (under six pixels
// a module). A finder of two pixels a module shows the ratio on only three
// or four rows around its centre, so two rows scanStep apart seldom both
// cross it, and a wide plane's rows, 3*scanStep apart, miss finders of up
// to about five pixels a module. And on a noisy sensor, patterns of a few
// pixels arise by chance in one row and, rows apart, in another, but not
// in the rows and columns right next to each other, whose noise is
// independent. (Larger finders keep the second row: on glare or blur the
// lines right next to the centre break more often than a row further on.)
const smallRing = 42

// confirmed reports whether crossing c, whose column showed the ratio
// with its centre at row cy, is confirmed: a small one by the ratio across
// the rows just above and below cy and down the columns just left and
// right of its centre (nextToCentre) or, failing that, by the previous
// scanned row and the diagonals (twoRows); a larger one by the previous
// scanned row's crossing rings of about the same size at about the same
// column.
func (st *scanState) confirmed(p plane, c crossing, cy int) bool {
	if c.total < smallRing {
		return c.nextToCentre(p, cy) || st.twoRows(p, c, cy) || c.roundRings(p, cy)
	}
	for _, h := range st.prev {
		if 4*abs(h.x-c.x) <= c.total+4 && 2*abs(h.total-c.total) <= c.total {
			return true
		}
	}
	return c.roundRings(p, cy)
}

// nextToCentre reports the ratio, strict, across the rows just above and
// below cy and down the columns just left and right of c's centre.
func (c crossing) nextToCentre(p plane, cy int) bool {
	for _, d := range [2]int{-1, 1} {
		if _, ok := c.ratio(p, c.x, cy+d, 1, 0, 0); !ok {
			return false
		}
		if _, ok := c.ratio(p, c.x+d, cy, 0, 1, 0); !ok {
			return false
		}
	}
	return true
}

// twoRows confirms a small crossing that nextToCentre does not: in a soft
// photo (focus, a cheap lens) a finder of two pixels a module keeps the
// ratio on the row and column through its centre, but one of the four
// lines next to it shows a run of one or three pixels where the strict
// test wants two. It is confirmed when the previous scanned row crossed
// rings of the same size at the same column, whose column showed the same
// centre row, and the row and both diagonals through that centre show the
// ratio too, with four times the least contrast. Sensor noise seldom
// centres rings on one point along five lines that strongly: on qrgen's
// noisy scenes (sigma 12 to 24, 300 seeds at 640x480 and 1280x720, three
// row phases) none passed that had not passed before.
func (st *scanState) twoRows(p plane, c crossing, cy int) bool {
	if c.contrast < twoRowsContrast {
		return false
	}
	for _, h := range st.prev {
		if abs(h.cy-cy) <= 1 && abs(h.x-c.x) <= 1 && 4*abs(h.total-c.total) <= c.total {
			return c.diagonals(p, cy)
		}
	}
	return false
}

// twoRowsContrast is the least contrast, in grey levels, of a crossing
// that twoRows confirms.
const twoRowsContrast = 4 * minContrast

// diagonals reports the ratio across the row through (c.x, cy) and down
// both diagonals through it. A diagonal's steps are a pixel each way, so
// across a finder turned by up to 45 degrees it takes a half to the whole
// of c's width in steps: the width they are held to is three quarters of
// c's.
func (c crossing) diagonals(p plane, cy int) bool {
	if _, ok := c.ratio(p, c.x, cy, 1, 0, minTol); !ok {
		return false
	}
	d := c
	d.total = c.total * 3 / 4
	for _, dy := range [2]int{-1, 1} {
		if _, ok := d.ratio(p, c.x, cy, 1, dy, minTol); !ok {
			return false
		}
	}
	return true
}

// roundRings confirms a crossing of a finder drawn round: a disc in a
// ring, or a disc among dots (designed codes, a video app's codes). Its
// row and column through the centre show the ratio, but the lines next to
// the centre (nextToCentre) miss a ring of dots of a pixel or two, and so
// does a scanned row a few rows off (twoRows); and across a diagonal, in
// pixel steps, a disc spans 0.7 of its width in the row where a square
// spans all of it, so the runs are not in the ratio: the disc's run is
// short and the gaps next to it long. What a round finder keeps along
// every line through its centre is where its edges are (edgeRatio): that
// and the row, the column (which c passed) and both diagonals through the
// centre, each diagonal centred within a step, from 0.6 of the narrower
// of the row's and the column's widths to 1.1 of the row's (a circle's is
// 0.7, a square's 1) and with both outer rings, with four times the least
// contrast, confirm it. On qrgen's noisy scenes (sigma 12 to 24, 300
// seeds at 640x480 and 1280x720, three row phases) it passed none more
// than before; taking crossings from two pixels a module (14 pixels) on,
// it passed 15 of the 600 frames. The narrower width, not the row's: a
// code seen at an angle (on a tilted lid, a phone held back) has its
// finders foreshortened and turned, and a diagonal crosses one in about
// half its width in the row (jsQR's hk-ikea photo, studied as a field
// report: the camera path scanned no finder of it; TestForeshortenedCodes).
func (c crossing) roundRings(p plane, cy int) bool {
	if c.total < minRoundRing || c.contrast < twoRowsContrast {
		return false
	}
	if _, ok := c.ratio(p, c.x, cy, 1, 0, minTol); !ok {
		return false
	}
	least := c.total // the narrower of the row's and the column's widths
	if r, _, ok := c.runsAlong(p, c.x, cy, 0, 1); ok {
		if col := r[0] + r[1] + r[2] + r[3] + r[4]; col >= minForeshortened {
			least = min(least, col)
		}
	}
	for _, dy := range [2]int{-1, 1} {
		r, mid, ok := c.runsAlong(p, c.x, cy, 1, dy)
		total := r[0] + r[1] + r[2] + r[3] + r[4]
		if !ok || abs(mid) > 1 || min(r[0], r[4]) < 1 {
			return false
		}
		if 5*total < 3*least || 8*total > 9*c.total || !edgeRatio(r) {
			return false
		}
	}
	return true
}

// minRoundRing is the narrowest crossing, in pixels, that roundRings
// confirms: a finder of three pixels a module whose outer ring is dots of
// 0.7 of a module, which span 6.7 modules from edge to edge.
const minRoundRing = 20

// minForeshortened is the narrowest column, in pixels, that roundRings
// takes as a foreshortened finder's height: two pixels a module. Sensor
// noise on a dark scene makes rings of a pixel or two down a column under
// a wider row's crossing; on qrgen's noisy scenes the narrower columns
// passed in 4 of 900 frames (640x480 and 1280x720, seeds 3000-3299 and
// 6000-6149), these none.
const minForeshortened = 2 * minRingWidth

// edgeRatio reports whether runs r have their edges where a finder's are:
// from each dark-to-light edge to the next one and from each light-to-
// dark edge to the next, 2:4:4:2 modules, within half a module (zxing-cpp
// 3 compares its finders' runs edge to edge too). Unlike the runs' own
// ratio, that holds when the dark parts are thinner or thicker than their
// modules: dots, ink spread, a disc's run on a diagonal.
func edgeRatio(r [5]int) bool {
	e := [4]int{r[0] + r[1], r[1] + r[2], r[2] + r[3], r[3] + r[4]}
	sum := e[0] + e[1] + e[2] + e[3]
	// In 24ths of a module (sum/12): e[i] against k[i] modules, within
	// half a module.
	for i, k := range [4]int{2, 4, 4, 2} {
		if abs(24*e[i]-2*k*sum) >= sum {
			return false
		}
	}
	return true
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
// way (the tolerance gozxing's finder uses) but never less than least
// fourteenths of a pixel, at least minRingWidth in all.
func ringRatio(r0, r1, r2, r3, r4, least int) bool {
	total := r0 + r1 + r2 + r3 + r4
	// In fourteenths of a pixel: module = total/7, tolerance = module/2,
	// both exact. (In sevenths, the tolerance total/2 rounds down: a
	// 13-pixel finder of 1.9-pixel modules then fails on a run of one
	// pixel, which a small code's blurred edges often leave.)
	// Most windows of a scene fail, at no predictable test: each test is
	// a difference that is negative when it fails, and one jump on their
	// or decides, which costs less than a mispredicted jump a window.
	m, tol, mid := 2*total, max(total, least), max(3*total, least)
	fail := (total - minRingWidth) |
		(tol - 1 - absBits(14*r0-m)) | (tol - 1 - absBits(14*r1-m)) |
		(mid - 1 - absBits(14*r2-3*m)) |
		(tol - 1 - absBits(14*r3-m)) | (tol - 1 - absBits(14*r4-m))
	return fail >= 0
}

// absBits is abs without a jump.
func absBits(x int) int {
	s := x >> 63
	return (x ^ s) - s
}

// crossing is a row's ring crossing being checked: its centre, its width,
// the grey half way between its rings and the gaps between them, and the
// colour of its centre run.
type crossing struct {
	x, y, total   int
	thr, contrast int
	centreDark    bool
}

// ratio walks both ways from (x, y) along (dx, dy), classifying pixels
// against c.thr, and reports the 1:1:3:1:1 ratio there, with a total
// within half of c's, and the offset along (dx, dy), in steps, from (x,
// y) to the middle of the centre run (runsAlong).
func (c crossing) ratio(p plane, x, y, dx, dy, least int) (mid int, ok bool) {
	r, mid, ok := c.runsAlong(p, x, y, dx, dy)
	if !ok {
		return 0, false
	}
	total := r[0] + r[1] + r[2] + r[3] + r[4]
	if 2*abs(total-c.total) > c.total {
		return 0, false
	}
	return mid, ringRatio(r[0], r[1], r[2], r[3], r[4], least)
}

// runsAlong walks both ways from (x, y) along (dx, dy), classifying
// pixels against c.thr, and returns the five runs about the centre run
// (outer ring, inner ring, centre, inner ring, outer ring, in steps) and
// the offset along (dx, dy), in steps, from (x, y) to the middle of the
// centre run; ok is false when (x, y) is not of the centre's colour. No
// run is followed further than c's whole width, which no run of a real
// pattern is longer than.
func (c crossing) runsAlong(p plane, x, y, dx, dy int) (r [5]int, mid int, ok bool) {
	dark := func(k int) (d, in bool) {
		xx, yy := x+k*dx, y+k*dy
		if xx < 0 || yy < 0 || xx >= p.w || yy >= p.h {
			return false, false
		}
		return int(p.pix[yy*p.w+xx]) < c.thr, true
	}
	if d, in := dark(0); !in || d != c.centreDark {
		return r, 0, false
	}
	back, fwd := 0, 0 // steps taken each way
	// The centre run, then the inner ring, then the outer ring.
	for k, colour := range [3]bool{c.centreDark, !c.centreDark, c.centreDark} {
		a := 0
		for a < c.total {
			if d, in := dark(-back - 1); !in || d != colour {
				break
			}
			back, a = back+1, a+1
		}
		b := 0
		for b < c.total {
			if d, in := dark(fwd + 1); !in || d != colour {
				break
			}
			fwd, b = fwd+1, b+1
		}
		if k == 0 {
			r[2], mid = a+b+1, (b-a)/2
		} else {
			r[2-k], r[2+k] = a, b
		}
	}
	return r, mid, true
}

// ringsSeen is the camera's empty-frame test: finderScan on the full
// plane, whatever the frame's width (halved, a small code's finders in a
// wide frame keep a pixel a module or less; finderScan reads a wide
// plane's rows further apart instead, which costs less than halving),
// then, when that saw nothing, on the cheap plane, box-filtered down: a
// close-up of a phone's screen shows its pixel grid, dark lines every
// three or four pixels that cut every run of the full plane's rings, and
// the box filter averages them away (zxing-cpp 3 scans a pyramid of
// scales for the same reason). An empty frame pays for the second scan
// once in scanStep frames (the first phase's): a screen held up is in view
// for many more, and an idle kiosk's frame stays cheap. shift moves a wide
// plane's rows (finderScanShifted). A plane of at most
// fineScanPixels also gets fineScan, for codes of a pixel a module.
func (f *frameState) ringsSeen(st *scanState, phase, shift int) bool {
	p, ok := f.plane(pFull)
	if !ok {
		return false
	}
	f.charge(scanCost(p))
	if finderScanShifted(p, st, phase, shift) > 0 {
		return true
	}
	if p.w*p.h <= fineScanPixels {
		f.charge(time.Duration(p.w*p.h) * modelScanPerPixel)
		if fineScan(p, st) > 0 {
			return true
		}
	}
	if phase != scanPhases[0] {
		return false
	}
	c, ok := f.plane(f.resolve(pCheap))
	if !ok {
		return false
	}
	f.charge(scanCost(c))
	return finderScan(c, st, phase) > 0
}

// scanCost is what finderScan of p costs the model meter (clock.go).
func scanCost(p plane) time.Duration {
	rows := p.h / scanStep
	if p.w > cheapWidth {
		rows /= 3
	}
	return time.Duration(rows*p.w) * modelScanPerPixel
}

// minTol is the least tolerance of the ratio across a scanned row and down
// its column, in fourteenths of a pixel: a pixel each way (15/14 > 1).
// Half a module of two pixels is one pixel, which the strict test (under)
// leaves no room in: a small code's runs of two, blurred and sampled off
// its grid, read one or three, and the finders of codes of two pixels a
// module in 1280x720 frames then passed in no row of three successive
// frames. The confirmations next to the centre keep the strict tolerance,
// or sensor noise on a dark scene passes.
const minTol = 15
