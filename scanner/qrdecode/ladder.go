package qrdecode

import (
	"image"
	"math"
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
	aZoom                               // a small code's region scaled up twice, hybrid binarizer
	aZoomFine                           // the same region, fine local mean: blurred two-pixel modules
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
	aZoom:              {name: "zoom", plane: pZoom, bin: bHybrid, rectify: true},
	aZoomFine:          {name: "zoom-fine", plane: pZoom, bin: bFine, rectify: true},
}

// cheapRungs open every camera frame that shows a finder pattern's rings
// (a frame without any is given up as empty, which keeps an idle kiosk's
// frame under a millisecond): the cheap plane with the hybrid binarizer and
// the local mean, in both polarities. They cost a fraction of a full-size
// rung and read most codes held up in front of the door.
var cheapRungs = []attemptID{aFast, aInverted, aLocal, aLocalInverted}

// cycle follows the cheap rungs, starting where the last frame stopped,
// for as long as the frame's budget allows. Half size (which the cheap
// plane already is for VGA frames, and is then skipped) and full size in
// both polarities come first, as a newly held-up code starts the cycle at
// its beginning: they read clear, small and dark-mode codes (dark mode
// flips the full-size matrix, a tenth of the cost of making it). Stronger
// binarizers follow. A camera sees a code held up for many frames, so a
// frame whose budget ends before the cycle does leaves the rest to the
// next frames: a code that only the last rung reads is read within a few
// frames of being held still, a loaded machine only takes more frames, and
// no frame pays for all of them.
var cycle = []attemptID{
	aHalf, aFull, aFullInverted, aZoom, aFullLocal, aAverage, aFine, aHalfFine, aGlobal, aFineInverted, aFullLocalInverted, aZoomFine,
}

// fileLadder is the order for files. Measured on RobustnessSet(240, 1), with
// every rung run on every image, the first five read every image that any
// of the others reads (215/240); the half-size local and inverted rungs and
// the full-size local inverted rung read nothing these miss, and a file with
// no readable code pays for every rung it has. Full-size inverted comes third
// because it reuses the full-size matrix, so it costs a tenth of the rungs
// after it. The fine local mean reads glare over a finder and dim screens
// of the camera set (testdata/camera) that none of the others reads; on the
// zoomed region it reads codes of two pixels a module, blurred, in 1280x720
// frames (gen.sh's wide set) whose modules the hybrid binarizer merges.
var fileLadder = []attemptID{aHalf, aFull, aFullInverted, aFullLocal, aGlobal, aFine, aHalfFine, aFineInverted, aZoom, aZoomFine}

// rung is one entry of a frame's order: the attempt and, for a rung of
// the cycle, its place there (-1 otherwise); carried marks the rung whose
// cut search this frame resumes.
type rung struct {
	id      attemptID
	cyc     int
	carried bool
}

// decode runs a ladder on one plane within budget. roi, when not empty,
// restricts the half-size attempts. A camera frame (frame true) stops at
// once when finderScan sees no finder pattern, and otherwise runs the cheap
// rungs and then the cycle from where the last frame stopped; a file gets
// every rung of its ladder its budget allows. A rung starts only when its
// measured cost still fits (its perspective search, which stops at the
// deadline, not counted), so a frame is not held past its budget, except
// for the first rung and, in a camera frame after one that ran none of the
// cycle, the cycle's next rung if it costs half the budget or more: those
// always run.
func (d *Decoder) decode(y []byte, width, height, stride int, budget time.Duration, roi image.Rectangle, frame bool) Result {
	watch := startWatch(d.meter)
	defer watch.stop()
	defer d.frame.release()
	if !d.frame.reset(y, width, height, stride, roi) {
		return Result{Elapsed: watch.wallTime()}
	}
	d.frame.watch = &watch
	d.reader.watch, d.reader.budget = &watch, budget
	d.reader.frame = d.frames
	d.frames++
	var order []rung
	if !frame {
		d.frame.prevCands = d.frame.prevCands[:0] // another file
		order = d.fileOrder()
	} else {
		// The deep search's slice of this frame runs alongside it
		// (deep.go); endFrame waits for it.
		d.deep.give(deepSlice(budget))
		phase, shift := frameRows(d.reader.frame)
		if !d.frame.ringsSeen(&d.scan, phase, shift) {
			// No finder pattern's rings anywhere: nobody is holding a
			// code up. Stop while it is cheap. Once no ring scan phase
			// has seen rings (a small code's can fall between one
			// phase's rows), the next code starts the cycle afresh.
			d.avg.forget()
			d.carries = [numAttempts]carry{}
			d.frame.cands = d.frame.cands[:0]
			if d.empty++; d.empty >= scanStep {
				d.next = 0
			}
			return d.endFrame(Result{}, false, y, width, height, stride, budget, &watch)
		}
		d.empty = 0
		d.frame.average = d.avg.add(d.frame.src, width, height, stride)
		watch.charge(time.Duration(width*height) * modelPlanePerPixel)
		order = d.frameOrder()
	}
	var done [numPlanes][numBins][2]bool // matrices searched, by polarity
	stopped, cycled := -1, 0             // the first cycle rung left to the next frame; cycle rungs run
	for i, r := range order {
		a := attempts[r.id]
		pk, inv := d.frame.resolve(a.plane), 0
		if a.invert {
			inv = 1
		}
		if done[pk][a.bin][inv] {
			continue // the same search as an earlier rung (VGA: half is cheap)
		}
		zoomPx := 0
		if a.plane == pZoom {
			// No small candidate, nothing to zoom into: not a rung
			// this frame, and not measured (its cost is its region's).
			if zoomPx = d.frame.zoomPixels(); zoomPx == 0 {
				continue
			}
		}
		// The first rung runs whatever the budget says, and so does the
		// first of the cycle this frame reaches when the last frame ran
		// none and it costs half the budget or more: with a budget too
		// small for the rungs, a code held still is still read, by a rung
		// every other frame, two cycles later. A rung that fits half a
		// budget is not forced: it runs in a frame that a carried search
		// leaves room in.
		always := i == 0 || (frame && r.cyc >= 0 && cycled == 0 && d.idle > 0 &&
			d.estimate(r.id, budget, zoomPx) >= budget/2)
		capped := frame && r.cyc >= 0 && d.cyclePerFrame > 0 && cycled >= d.cyclePerFrame
		if !always && (capped || watch.spent()+d.estimate(r.id, budget, zoomPx) > budget) {
			if frame && r.cyc >= 0 && stopped < 0 {
				stopped = r.cyc
			}
			continue // a cheaper rung further on may still fit
		}
		done[pk][a.bin][inv] = true
		if r.cyc >= 0 {
			cycled++
		}
		t0 := watch.spent()
		t00 := t0
		if !d.frame.binarized(a) {
			// Made once a frame and shared by the rungs that flip it:
			// its cost is measured apart from theirs.
			d.frame.matrix(a.plane, a.bin)
			t1 := watch.spent()
			d.matCost[pk][a.bin].add(t1 - t0)
			t0 = t1
		}
		if r.carried {
			// A carried search gets half the frame: a search that
			// needs many frames must not starve the cycle, whose
			// other binarizers may read the code sooner.
			d.reader.budget = budget / 2
		}
		if d.searchShare > 0 {
			// The deep search's rungs: one rung's hopeless
			// perspective search must not take the time of the
			// binarizers after it.
			d.reader.budget = min(budget, watch.spent()+budget/time.Duration(d.searchShare))
		}
		text, ok := d.try(r.id, frame)
		d.reader.budget = budget
		d.cost[r.id].add(watch.spent() - t0 - d.reader.searched)
		if zoomPx > 0 {
			d.zoomCost.add(time.Duration(float64(watch.spent()-t00-d.reader.searched) / float64(zoomPx) * zoomCostUnit))
		}
		if ok {
			d.carries = [numAttempts]carry{} // the next code is another
			d.next = 0
			res := Result{Payloads: []string{text}, Attempt: a.name, Elapsed: watch.wallTime()}
			if frame {
				return d.endFrame(res, true, y, width, height, stride, budget, &watch)
			}
			return res
		}
	}
	if frame {
		d.idle++
		if cycled > 0 {
			d.idle = 0
		}
		// The next frame starts where this one's budget ended; when the
		// whole cycle ran, one rung further on, so that each frame starts
		// the stronger rungs somewhere new.
		if stopped >= 0 {
			d.next = stopped
		} else {
			d.next = (d.next + 1) % len(cycle)
		}
		return d.endFrame(Result{}, true, y, width, height, stride, budget, &watch)
	}
	return Result{Elapsed: watch.wallTime()}
}

// fileOrder is fileLadder as rungs.
func (d *Decoder) fileOrder() []rung {
	order := d.order[:0]
	for _, id := range fileLadder {
		order = append(order, rung{id: id, cyc: -1})
	}
	d.order = order
	return order
}

// frameOrder is this frame's order: the cheap rungs, then the whole cycle
// from d.next on. A rung whose perspective search a short budget cut goes
// first while its carry-over is live, so that the search gets half the
// budget while it is fresh, not what the other rungs leave of it.
func (d *Decoder) frameOrder() []rung {
	order := d.order[:0]
	n := len(cycle)
	for k := range n {
		if c := (d.next + k) % n; d.carries[cycle[c]].live(d.reader.frame) {
			// Not counted as the cycle's: the rung whose turn this
			// frame is still gets its run.
			order = append(order, rung{id: cycle[c], cyc: -1, carried: true})
			break
		}
	}
	for _, id := range cheapRungs {
		order = append(order, rung{id: id, cyc: -1})
	}
	for k := range n {
		c := (d.next + k) % n
		order = append(order, rung{id: cycle[c], cyc: c})
	}
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
	d.frame.searching(a.plane)
	defer d.frame.searching(pZoom) // nothing else notes candidates
	if a.invert {
		m.FlipAll()
		defer m.FlipAll()
	}
	d.reader.zoomed = a.plane == pZoom
	return d.reader.read(m, a.rectify)
}

// ewma is a moving average of an attempt's cost on this machine, with
// the moving average of its deviation from that.
type ewma struct {
	v, dev float64
	n      int
}

func (e *ewma) add(d time.Duration) {
	if e.n == 0 {
		e.v = float64(d)
	} else {
		e.dev = 0.8*e.dev + 0.2*math.Abs(float64(d)-e.v)
		e.v = 0.8*e.v + 0.2*float64(d)
	}
	e.n++
}

// estimate is what rung id may cost in this frame: making its matrix,
// unless an earlier rung of the frame made it, and searching it; for the
// zoom rung, its cost per pixel of the zoomed region, zoomPx pixels.
func (d *Decoder) estimate(id attemptID, budget time.Duration, zoomPx int) time.Duration {
	if attempts[id].plane == pZoom {
		perPx := d.zoomCost.estimate((matrixPerPixel+searchPerPixel)*zoomCostUnit, time.Duration(math.MaxInt64))
		return time.Duration(float64(perPx) / zoomCostUnit * float64(zoomPx))
	}
	a := attempts[id]
	matrix, search := d.frame.priors(a)
	est := d.cost[id].estimate(search, budget)
	if !d.frame.binarized(a) {
		est += d.matCost[d.frame.resolve(a.plane)][a.bin].estimate(matrix, budget)
	}
	return est
}

// zoomCostUnit scales the zoom rung's cost per pixel, kept in an ewma of
// Durations: a thousandth of a nanosecond a pixel.
const zoomCostUnit = 1000

// estimate is what the measured thing may cost this time: the mean plus
// twice its deviation, so that a thing whose cost varies (a finder search
// over a cluttered scene) starts only when even a dear run of it fits.
// Before it has been measured it is the prior, at most half the budget:
// the first run measures it, and one whose prior exceeds any budget would
// otherwise never run and never be measured.
func (e *ewma) estimate(prior, budget time.Duration) time.Duration {
	if e.n == 0 {
		return min(prior, budget/2)
	}
	return time.Duration(e.v + 2*e.dev)
}
