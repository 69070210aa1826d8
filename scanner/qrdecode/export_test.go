package qrdecode

import (
	"image"
	"time"
)

// SetCyclePerFrame lets the tests run the camera path with a fixed number
// of the cycle's rungs per frame instead of as many as the budget allows.
func SetCyclePerFrame(d *Decoder, n int) { d.cyclePerFrame = n }

// CycleRungs is how many rungs the camera's cycle has.
var CycleRungs = len(cycle)

// SetSearchStepsPerFrame cuts each rung's perspective search after n steps
// a frame, as a short budget would, whatever the time.
func SetSearchStepsPerFrame(d *Decoder, n int) { d.reader.stepLimit = n }

// SkipSearch makes d never run the perspective search.
func SkipSearch(d *Decoder) { d.reader.stepLimit = -1 }

// BudgetFor is d's budget for a width x height frame.
func BudgetFor(d *Decoder, width, height int) time.Duration { return d.budgetFor(width, height) }

// Scanner runs the camera's empty-frame test on luminance planes as a
// frame's decode does: the full plane up to cheapWidth, the half plane
// beyond. It keeps its buffers between calls, as a Decoder does.
type Scanner struct {
	f  frameState
	st scanState
}

// Scan reports finderScan's count for the plane, first row phase (0 to 2).
func (s *Scanner) Scan(pix []byte, w, h, stride, phase int) int {
	defer s.f.release()
	if !s.f.reset(pix, w, h, stride, image.Rectangle{}) {
		return 0
	}
	pk := pFull
	if w > cheapWidth {
		pk = pHalf
	}
	p, ok := s.f.plane(pk)
	if !ok {
		return 0
	}
	return finderScan(p, &s.st, phase)
}
