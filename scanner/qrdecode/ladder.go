package qrdecode

import (
	"image"
	"time"
)

// attemptID names one way of searching a frame.
type attemptID int

const (
	aFast              attemptID = iota // cheap plane, hybrid binarizer
	aInverted                           // the same matrix flipped: dark-mode screens
	aLocal                              // cheap plane, local-mean threshold: dim, blurred
	aLocalInverted                      // the same, flipped
	aHalf                               // half size, hybrid binarizer
	aFull                               // full size: small, distant or tilted codes
	aFullInverted                       // full size, flipped
	aGlobal                             // one global threshold: glare, smooth gradients
	aFullLocal                          // full size, local-mean threshold
	aFullLocalInverted                  // the same, flipped
	aFine                               // full size, local mean over a small window: glare, dim
	aFineInverted                       // the same, flipped: dim dark-mode screens
	aHalfFine                           // half size, the same: the box filter halves sensor noise
	aAverage                            // the running average of held-still frames, fine local mean
	numAttempts
)

// attempt describes how a rung gets its bit matrix and searches it.
type attempt struct {
	name   string
	plane  planeKind
	bin    binKind
	invert bool
	// rectify adds the perspective search (rectify.go) when finder
	// patterns are found but the code does not decode.
	rectify bool
}

var attempts = [numAttempts]attempt{
	aFast:              {name: "fast", plane: pCheap, bin: bHybrid},
	aInverted:          {name: "inverted", plane: pCheap, bin: bHybrid, invert: true},
	aLocal:             {name: "local", plane: pCheap, bin: bMean},
	aLocalInverted:     {name: "local-inverted", plane: pCheap, bin: bMean, invert: true},
	aHalf:              {name: "half", plane: pHalf, bin: bHybrid},
	aFull:              {name: "full", plane: pFull, bin: bHybrid, rectify: true},
	aFullInverted:      {name: "full-inverted", plane: pFull, bin: bHybrid, invert: true, rectify: true},
	aGlobal:            {name: "global", plane: pFull, bin: bGlobal},
	aFullLocal:         {name: "full-local", plane: pFull, bin: bMean, rectify: true},
	aFullLocalInverted: {name: "full-local-inverted", plane: pFull, bin: bMean, invert: true},
	aFine:              {name: "fine", plane: pFull, bin: bFine, rectify: true},
	aFineInverted:      {name: "fine-inverted", plane: pFull, bin: bFine, invert: true, rectify: true},
	aHalfFine:          {name: "half-fine", plane: pHalf, bin: bFine, rectify: true},
	aAverage:           {name: "average", plane: pAverage, bin: bFine, rectify: true},
}

// frameLadder is the camera's order once finderScan has seen a finder
// pattern's rings (a frame without any is given up as empty, which keeps an
// idle kiosk's frame under a millisecond). These rungs always run, whatever
// the budget says: the cheap plane with the hybrid binarizer and the local
// mean in both polarities, half size (which the cheap plane already is for
// VGA frames, and is then skipped) and full size in both polarities (dark
// mode flips the full-size matrix, a tenth of the cost of making it). They
// read clear, small and dark-mode codes, and a clear code must not depend
// on how loaded the machine is.
var frameLadder = []attemptID{
	aFast, aInverted, aLocal, aLocalInverted, aHalf, aFull, aFullInverted,
}

// strongRungs follow frameLadder for as long as the frame's budget allows.
// A camera sees a code held up for many frames, so each frame starts this
// list one rung further on (Decoder.turn): a code that only one of them
// reads is read within len(strongRungs) frames of being held still, while
// no frame pays for all of them.
var strongRungs = []attemptID{
	aFullLocal, aAverage, aFine, aHalfFine, aGlobal, aFineInverted, aFullLocalInverted,
}

// fileLadder is the order for files. Measured on RobustnessSet(240, 1), with
// every rung run on every image, the first five read every image that any
// of the others reads (215/240); the half-size local and inverted rungs and
// the full-size local inverted rung read nothing these miss, and a file with
// no readable code pays for every rung it has. Full-size inverted comes third
// because it reuses the full-size matrix, so it costs a tenth of the rungs
// after it. The fine local mean reads glare over a finder and dim screens
// of the camera set (testdata/camera) that none of the others reads.
var fileLadder = []attemptID{aHalf, aFull, aFullInverted, aFullLocal, aGlobal, aFine, aHalfFine, aFineInverted}

// decode runs a ladder on one plane within budget. roi, when not empty,
// restricts the half-size attempts. A camera frame (frame true) stops at
// once when finderScan sees no finder pattern, and otherwise tries the
// strong rungs from this frame's turn on after frameLadder; a file gets
// every rung of its ladder its budget allows.
func (d *Decoder) decode(y []byte, width, height, stride int, budget time.Duration, roi image.Rectangle, frame bool) Result {
	start := time.Now()
	defer d.frame.release()
	if !d.frame.reset(y, width, height, stride, roi) {
		return Result{Elapsed: time.Since(start)}
	}
	d.seen = 0
	d.reader.deadline = start.Add(budget)
	d.reader.frame = d.frames
	d.frames++
	ladder := fileLadder
	if frame {
		scan := pFull
		if width > cheapWidth {
			scan = pHalf // a wide frame's codes are wide too; half the pixels
		}
		if p, ok := d.frame.plane(scan); !ok || finderScan(p, &d.scan, scanPhases[d.reader.frame%scanStep]) == 0 {
			// No finder pattern's rings anywhere: nobody is holding a
			// code up. Stop while it is cheap.
			d.avg.forget()
			d.carries = [numAttempts]carry{}
			return Result{Elapsed: time.Since(start)}
		}
		d.frame.average = d.avg.add(d.frame.src, width, height, stride)
		ladder = d.frameOrder()
	}
	var done [numPlanes][numBins][2]bool // matrices searched, by polarity
	for i, id := range ladder {
		a := attempts[id]
		pk, inv := d.frame.resolve(a.plane), 0
		if a.invert {
			inv = 1
		}
		if done[pk][a.bin][inv] {
			continue // the same search as an earlier rung (VGA: half is cheap)
		}
		done[pk][a.bin][inv] = true
		spent := time.Since(start)
		// frameLadder and the first strong rung of the turn run whatever
		// the budget says, so what a frame reads up to there, and how many
		// frames a code held still takes, do not depend on machine load;
		// a file's first rung always runs.
		always := i == 0 || (frame && i <= len(frameLadder))
		if frame && d.strongPerFrame > 0 && i >= len(frameLadder)+d.strongPerFrame {
			break
		}
		if !always && spent+d.cost[id].estimate() > budget {
			continue
		}
		text, ok := d.try(id, frame)
		d.cost[id].add(time.Since(start) - spent)
		if ok {
			d.carries = [numAttempts]carry{} // the next code is another
			return Result{Payloads: []string{text}, Attempt: a.name, Elapsed: time.Since(start)}
		}
	}
	return Result{Elapsed: time.Since(start)}
}

// frameOrder is frameLadder followed by the strong rungs from this frame's
// turn on, and moves the turn on for the next frame.
func (d *Decoder) frameOrder() []attemptID {
	order := append(d.order[:0], frameLadder...)
	// A guaranteed rung whose perspective search a short budget cut goes
	// first while a carry-over is live, so the search gets the budget
	// while it is fresh, not what the cheap rungs leave of it.
	for i, id := range order {
		if d.carries[id].live(d.reader.frame) {
			copy(order[1:i+1], order[:i])
			order[0] = id
			break
		}
	}
	n := len(strongRungs)
	for i := 0; i < n; i++ {
		order = append(order, strongRungs[(d.turn+i)%n])
	}
	d.turn = (d.turn + 1) % n
	d.order = order
	return order
}

// try runs one attempt and reports the decoded text. A camera frame's
// attempt resumes, and may leave, its carried perspective search.
func (d *Decoder) try(id attemptID, frame bool) (string, bool) {
	a := attempts[id]
	d.reader.carry = nil
	if frame {
		d.reader.carry = &d.carries[id]
	}
	m := d.frame.matrix(a.plane, a.bin)
	if m == nil {
		return "", false
	}
	if a.invert {
		m.FlipAll()
		defer m.FlipAll()
	}
	return d.reader.read(m, a.rectify)
}

// ewma is a moving average of an attempt's cost on this machine.
type ewma struct {
	v float64
	n int
}

func (e *ewma) add(d time.Duration) {
	if e.n == 0 {
		e.v = float64(d)
	} else {
		e.v = 0.8*e.v + 0.2*float64(d)
	}
	e.n++
}

// estimate is zero until the attempt has run once, so each gets a first try.
func (e *ewma) estimate() time.Duration { return time.Duration(e.v) }
