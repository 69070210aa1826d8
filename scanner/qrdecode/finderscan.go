package qrdecode

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
	if cap(st.runs) < w+1 {
		st.runs = make([]int32, w+1)
	}
	runs := st.runs[:0]
	st.hits, st.prev = st.hits[:0], st.prev[:0]
	found := 0
	win := int32(2*radius + 1)
	off4 := 4 * scanOffset * win
	for y := phase % scanStep; y < h; y += scanStep {
		row := p.pix[y*w : (y+1)*w]
		// Run lengths of the row's dark/light classes; the first run is
		// light. A pixel is dark when it is more than scanOffset below
		// the mean of its window, light when more than scanOffset above,
		// and otherwise keeps the class of the pixel before it: that
		// hysteresis stops sensor noise on a flat wall from cutting runs,
		// and keeps the centre of a large finder, whose window is all
		// dark, dark. Pixels nearer the edge than the radius take the
		// nearest whole window. The sums are in window units (value *
		// win against the window's sum), so no division is needed.
		runs = runs[:0]
		var sum int32
		for _, v := range row[:2*radius+1] {
			sum += int32(v)
		}
		cur, run := uint32(0), int32(0)
		prev := int32(row[0])
		for x := 0; x < w; x++ {
			// The pixel smoothed with its neighbours (1-2-1), so sensor
			// noise on a dim screen does not cut a module's run; in
			// quarters of a grey level, as 4*sum and off4 are.
			next := int32(row[min(x+1, w-1)])
			v := (prev + 2*int32(row[x]) + next) * win
			prev = int32(row[x])
			dark := uint32(v+off4-4*sum) >> 31  // v + off < sum
			light := uint32(4*sum-v+off4) >> 31 // v - off > sum
			d := dark | (cur &^ light)
			if d != cur {
				runs = append(runs, run)
				cur, run = d, 0
			}
			run++
			if x >= radius && x+radius+1 < w {
				sum += int32(row[x+radius+1]) - int32(row[x-radius])
			}
		}
		runs = append(runs, run)
		// Every window of five runs; runs at even indices are light.
		end := 0
		for i := range runs {
			end += int(runs[i])
			if i < 4 {
				continue
			}
			var r [5]int
			for k := 0; k < 5; k++ {
				r[k] = int(runs[i-4+k])
			}
			if !ringRatio(r) {
				continue
			}
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

// minContrast is the least difference, in grey levels, between the mean
// of a crossing's dark runs and of its light runs: a dim phone screen
// filmed in a lit room still shows 15 or more.
const minContrast = 6

// scanState keeps finderScan's buffers between frames.
type scanState struct {
	runs       []int32   // a row's run lengths
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
func ringRatio(r [5]int) bool {
	total := r[0] + r[1] + r[2] + r[3] + r[4]
	if total < minRingWidth {
		return false
	}
	// In sevenths of a pixel: module = total/7, tolerance = module/2.
	m, tol := total, total/2
	return abs(7*r[0]-m) < tol && abs(7*r[1]-m) < tol && abs(7*r[2]-3*m) < 3*tol &&
		abs(7*r[3]-m) < tol && abs(7*r[4]-m) < tol
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
	return ringRatio(r)
}
