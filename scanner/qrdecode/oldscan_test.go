package qrdecode

// TEMPORARY: the finderScan of main, kept for old-vs-new comparison while
// it is being made faster. Removed before merge.

func finderScanOld(p plane, st *scanState, phase int) int {
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
			if !ringRatioOld(r) {
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

func ringRatioOld(r [5]int) bool {
	total := r[0] + r[1] + r[2] + r[3] + r[4]
	if total < minRingWidth {
		return false
	}
	m, tol := total, total/2
	return abs(7*r[0]-m) < tol && abs(7*r[1]-m) < tol && abs(7*r[2]-3*m) < 3*tol &&
		abs(7*r[3]-m) < tol && abs(7*r[4]-m) < tol
}
