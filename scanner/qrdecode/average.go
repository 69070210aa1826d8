package qrdecode

// average is the camera's running average of the frames in which a code
// seems to be held up, at half size. A phone held in front of the door
// camera shows the same code for many frames, each with fresh sensor
// noise; averaging them (exponentially, each new frame weighing a half)
// cuts the noise variance to a third, and the 2x2 box filter of half size
// to a quarter of that, which is what a dim screen filmed at high gain
// needs (the dim frames of testdata/camera that no single frame reads
// decode from the second averaged frame on). A frame without finder rings
// (nobody there) or of another size starts the average again. The plane is
// offered to the strong rungs from the second frame on; a moving phone
// blurs it, and then the other rungs read.
type average struct {
	acc  []uint16 // 2x2 sums in 8.6 fixed point (four pixels of 8 bits)
	pix  []byte   // acc rounded, the plane the rungs see
	w, h int      // the frame's size; the plane is half that
	n    int      // frames averaged
}

// forget drops the average.
func (a *average) forget() { a.n = 0 }

// add folds a frame in and returns the averaged half-size plane, or an
// empty plane while only one frame has been seen.
func (a *average) add(y []byte, w, h, stride int) plane {
	hw, hh := w/2, h/2
	if a.n == 0 || a.w != w || a.h != h {
		a.w, a.h, a.n = w, h, 0
		if cap(a.acc) < hw*hh {
			a.acc, a.pix = make([]uint16, hw*hh), make([]byte, hw*hh)
		}
		a.acc, a.pix = a.acc[:hw*hh], a.pix[:hw*hh]
	}
	for r := 0; r < hh; r++ {
		r0, r1 := y[2*r*stride:2*r*stride+2*hw], y[(2*r+1)*stride:(2*r+1)*stride+2*hw]
		acc, out := a.acc[r*hw:(r+1)*hw], a.pix[r*hw:(r+1)*hw]
		for x := range acc {
			s := (uint16(r0[2*x]) + uint16(r0[2*x+1]) + uint16(r1[2*x]) + uint16(r1[2*x+1])) << 6
			if a.n > 0 {
				s = (acc[x] + s) >> 1
			}
			acc[x] = s
			out[x] = byte((s + 1<<7) >> 8)
		}
	}
	a.n++
	if a.n < 2 {
		return plane{}
	}
	return plane{pix: a.pix, w: hw, h: hh}
}
