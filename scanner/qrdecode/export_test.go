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
// frame's decode does (frameState.ringsSeen), and reports 1 when it sees
// rings. It keeps its buffers between calls, as a Decoder does.
type Scanner struct {
	f  frameState
	st scanState
}

// Scan reports whether the test passes the plane, first row phase (0 to 2).
func (s *Scanner) Scan(pix []byte, w, h, stride, phase int) int {
	defer s.f.release()
	if !s.f.reset(pix, w, h, stride, image.Rectangle{}) || !s.f.ringsSeen(&s.st, phase, 0) {
		return 0
	}
	return 1
}

// SearchRungs are the rungs with the perspective search that a file
// reads, in the file ladder's order.
var SearchRungs = func() []string {
	var out []string
	for _, id := range fileLadder {
		if attempts[id].rectify {
			out = append(out, attempts[id].name)
		}
	}
	return out
}()

// SearchRun is what one rung's read of an image gave.
type SearchRun struct {
	Text    string
	OK      bool
	Steps   int           // perspective-search steps taken
	Elapsed time.Duration // the read, from the bit matrix on
	Longest time.Duration // the longest stretch between deadline checks
}

// SearchRead runs one rung (named as in SearchRungs) on img with no
// deadline: the finder, gozxing's detector and, when those do not decode,
// the perspective search. With exhaustive it searches as the decoder did
// before the estimated corners (the grid fit over dimensions and score
// limits, then the brute-force corner search), for comparisons in one run.
func SearchRead(img *image.Gray, rung string, exhaustive bool) SearchRun {
	d := New(Options{})
	id := attemptID(-1)
	for i, a := range attempts {
		if a.name == rung {
			id = attemptID(i)
		}
	}
	if id < 0 || !d.frame.reset(img.Pix, img.Rect.Dx(), img.Rect.Dy(), img.Stride, image.Rectangle{}) {
		return SearchRun{}
	}
	defer d.frame.release()
	a := attempts[id]
	m := d.frame.matrix(a.plane, a.bin)
	if m == nil {
		return SearchRun{}
	}
	if a.invert {
		m.FlipAll()
	}
	watch := startWatch(d.meter)
	defer watch.stop()
	d.reader.watch, d.reader.budget = &watch, time.Hour
	d.reader.exhaustive = exhaustive
	start := time.Now()
	text, ok := d.reader.read(m, a.rectify)
	return SearchRun{Text: text, OK: ok, Steps: d.reader.steps.n, Elapsed: time.Since(start), Longest: d.reader.longest}
}

// SetExhaustiveSearch makes d search perspective as it did before the
// estimated corners: the grid fit over dimensions and score limits, then
// the brute-force corner search, which takes many steps.
func SetExhaustiveSearch(d *Decoder) { d.reader.exhaustive = true }

// NoDeepSearch makes d never start the deep search (deep.go).
func NoDeepSearch(d *Decoder) { d.deepWait = 1 << 30 }

// DeepBusy reports whether d's deep search is under way.
func DeepBusy(d *Decoder) bool { return d.deep.busy() }

// NoConcentricCheck makes d leave out the concentric check's candidates
// (concentric.go), which read some codes before the rungs a test is about.
func NoConcentricCheck(d *Decoder) *Decoder {
	d.reader.noConcentric = true
	return d
}
