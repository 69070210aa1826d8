package qrdecode

import (
	"image"
	"time"

	"github.com/makiuchi-d/gozxing"
)

// attemptID names one rung of the escalation ladder, cheapest first.
type attemptID int

const (
	aFast              attemptID = iota // half size, hybrid binarizer
	aInverted                           // the same matrix flipped: dark-mode screens
	aLocal                              // half size, local-mean threshold: dim, blurred
	aLocalInverted                      // the same, flipped
	aFull                               // full size: small or distant codes
	aFullInverted                       // full size, flipped
	aGlobal                             // one global threshold: glare, smooth gradients
	aFullLocal                          // full size, local-mean threshold
	aFullLocalInverted                  // the same, flipped
	numAttempts

	firstStrong = aFull // the rungs before it are the cheap tier
)

// attempt describes how a rung gets its bit matrix and searches it.
type attempt struct {
	name   string
	plane  planeKind
	bin    binKind
	invert bool
}

var ladder = [numAttempts]attempt{
	aFast:              {name: "fast", plane: pHalf, bin: bHybrid},
	aInverted:          {name: "inverted", plane: pHalf, bin: bHybrid, invert: true},
	aLocal:             {name: "local", plane: pHalf, bin: bMean},
	aLocalInverted:     {name: "local-inverted", plane: pHalf, bin: bMean, invert: true},
	aFull:              {name: "full", plane: pFull, bin: bHybrid},
	aFullInverted:      {name: "full-inverted", plane: pFull, bin: bHybrid, invert: true},
	aGlobal:            {name: "global", plane: pFull, bin: bGlobal},
	aFullLocal:         {name: "full-local", plane: pFull, bin: bMean},
	aFullLocalInverted: {name: "full-local-inverted", plane: pFull, bin: bMean, invert: true},
}

// decode runs the ladder on one plane within budget. roi, when not empty,
// restricts the cheap attempts. A camera frame (frame true) stops after the
// cheap attempts when they saw no finder pattern at all; a file gets every
// attempt its budget allows.
func (d *Decoder) decode(y []byte, width, height, stride int, budget time.Duration, roi image.Rectangle, frame bool) Result {
	start := time.Now()
	defer d.frame.release()
	if !d.frame.reset(y, width, height, stride, roi) {
		return Result{Elapsed: time.Since(start)}
	}
	d.seen = 0
	for id := attemptID(0); id < numAttempts; id++ {
		if id == firstStrong && d.seen == 0 && frame {
			// Neither polarity showed one finder-pattern candidate at half
			// size: nobody is holding a code up. Stop while it is cheap.
			break
		}
		spent := time.Since(start)
		if id > aFast && spent+d.cost[id].estimate() > budget {
			continue
		}
		text, ok := d.try(ladder[id])
		d.cost[id].add(time.Since(start) - spent)
		if ok {
			return Result{Payloads: []string{text}, Attempt: ladder[id].name, Elapsed: time.Since(start)}
		}
	}
	return Result{Elapsed: time.Since(start)}
}

// try runs one attempt and reports the decoded text.
func (d *Decoder) try(a attempt) (string, bool) {
	m := d.frame.matrix(a.plane, a.bin)
	if m == nil {
		return "", false
	}
	if a.invert {
		m.FlipAll()
		defer m.FlipAll()
	}
	bb, err := gozxing.NewBinaryBitmap(fixedBinarizer{m})
	if err != nil {
		return "", false
	}
	res, err := d.reader.Decode(bb, d.hints)
	if err != nil {
		return "", false
	}
	return res.GetText(), true
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

// fixedBinarizer hands the reader an already binarized matrix, so both
// polarities share one binarization.
type fixedBinarizer struct{ m *gozxing.BitMatrix }

func (f fixedBinarizer) GetLuminanceSource() gozxing.LuminanceSource { return nil }
func (f fixedBinarizer) GetBlackRow(y int, row *gozxing.BitArray) (*gozxing.BitArray, error) {
	return f.m.GetRow(y, row), nil
}
func (f fixedBinarizer) GetBlackMatrix() (*gozxing.BitMatrix, error)               { return f.m, nil }
func (f fixedBinarizer) CreateBinarizer(gozxing.LuminanceSource) gozxing.Binarizer { return f }
func (f fixedBinarizer) GetWidth() int                                             { return f.m.GetWidth() }
func (f fixedBinarizer) GetHeight() int                                            { return f.m.GetHeight() }
