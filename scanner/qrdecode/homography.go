package qrdecode

import "math"

// homography maps code coordinates (modules) to image pixels:
// x' = (a x + b y + c) / (g x + h y + 1), y' = (d x + e y + f) / (g x + h y + 1).
type homography [8]float64

// apply maps one point.
func (h *homography) apply(x, y float64) (float64, float64) {
	w := h[6]*x + h[7]*y + 1
	return (h[0]*x + h[1]*y + h[2]) / w, (h[3]*x + h[4]*y + h[5]) / w
}

// match is one correspondence: a point of the code (in modules) and where
// it was found in the image.
type match struct{ mx, my, px, py float64 }

// fitHomography fits the homography that maps the code points of ms to
// their image points in the least-squares sense (exactly for four). Three
// points give the affine map through them. False when the points are too
// few or degenerate (collinear).
func fitHomography(ms []match) (homography, bool) {
	if len(ms) < 3 {
		return homography{}, false
	}
	// Centre and scale both sides, which keeps the normal equations well
	// conditioned when pixels run to the thousands and modules to tens.
	var mcx, mcy, pcx, pcy float64
	for _, m := range ms {
		mcx, mcy, pcx, pcy = mcx+m.mx, mcy+m.my, pcx+m.px, pcy+m.py
	}
	n := float64(len(ms))
	mcx, mcy, pcx, pcy = mcx/n, mcy/n, pcx/n, pcy/n
	var ms2, ps2 float64
	for _, m := range ms {
		ms2 += math.Hypot(m.mx-mcx, m.my-mcy)
		ps2 += math.Hypot(m.px-pcx, m.py-pcy)
	}
	if ms2 == 0 || ps2 == 0 {
		return homography{}, false
	}
	ks, kp := n/ms2, n/ps2
	unknowns := 8
	if len(ms) == 3 {
		unknowns = 6 // affine: g = h = 0
	}
	var ata [8][9]float64 // normal equations, augmented
	add := func(row [8]float64, rhs float64) {
		for i := 0; i < unknowns; i++ {
			for j := 0; j < unknowns; j++ {
				ata[i][j] += row[i] * row[j]
			}
			ata[i][8] += row[i] * rhs
		}
	}
	for _, m := range ms {
		x, y := (m.mx-mcx)*ks, (m.my-mcy)*ks
		u, v := (m.px-pcx)*kp, (m.py-pcy)*kp
		add([8]float64{x, y, 1, 0, 0, 0, -u * x, -u * y}, u)
		add([8]float64{0, 0, 0, x, y, 1, -v * x, -v * y}, v)
	}
	sol, ok := solve(&ata, unknowns)
	if !ok {
		return homography{}, false
	}
	// Undo the normalisation: H = Tp^-1 * Hn * Tm.
	var hn [3][3]float64
	hn[0] = [3]float64{sol[0], sol[1], sol[2]}
	hn[1] = [3]float64{sol[3], sol[4], sol[5]}
	hn[2] = [3]float64{sol[6], sol[7], 1}
	tm := [3][3]float64{{ks, 0, -ks * mcx}, {0, ks, -ks * mcy}, {0, 0, 1}}
	tpInv := [3][3]float64{{1 / kp, 0, pcx}, {0, 1 / kp, pcy}, {0, 0, 1}}
	full := mul3(tpInv, mul3(hn, tm))
	if full[2][2] == 0 {
		return homography{}, false
	}
	s := 1 / full[2][2]
	return homography{full[0][0] * s, full[0][1] * s, full[0][2] * s, full[1][0] * s, full[1][1] * s, full[1][2] * s, full[2][0] * s, full[2][1] * s}, true
}

func mul3(a, b [3][3]float64) [3][3]float64 {
	var c [3][3]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			c[i][j] = a[i][0]*b[0][j] + a[i][1]*b[1][j] + a[i][2]*b[2][j]
		}
	}
	return c
}

// solve does Gaussian elimination with partial pivoting on the first n
// unknowns of an augmented system; false when it is singular.
func solve(a *[8][9]float64, n int) ([8]float64, bool) {
	var x [8]float64
	for col := 0; col < n; col++ {
		p := col
		for r := col + 1; r < n; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[p][col]) {
				p = r
			}
		}
		if math.Abs(a[p][col]) < 1e-12 {
			return x, false
		}
		a[col], a[p] = a[p], a[col]
		for r := col + 1; r < n; r++ {
			f := a[r][col] / a[col][col]
			for c := col; c < n; c++ {
				a[r][c] -= f * a[col][c]
			}
			a[r][8] -= f * a[col][8]
		}
	}
	for r := n - 1; r >= 0; r-- {
		s := a[r][8]
		for c := r + 1; c < n; c++ {
			s -= a[r][c] * x[c]
		}
		x[r] = s / a[r][r]
	}
	return x, true
}
