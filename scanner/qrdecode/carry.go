package qrdecode

import (
	"math"

	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// carry is a perspective search that one camera frame's budget cut short,
// kept for the next frames. A code held still is where it was a frame ago,
// so when the next frame's matrix of the same rung shows the finder
// patterns at the same place (within a module), it is searched from the step
// the search had reached (the dimensions and alignment-score limits of the
// grid fit, then the corner offsets of rectified), not from its start: a
// dense tilted code whose search needs several budgets gets them over
// successive frames instead of repeating the first one's steps. A wrong
// finder patterns elsewhere (the code moved, or another code is held up)
// start the search afresh, and a carry lives at most carryFrames frames.
type carry struct {
	infos []*detector.FinderPatternInfo // the finder triples to search, in order
	step  int                           // search steps done in earlier frames
	born  int                           // the frame (Decoder.frames) it was made in
}

// carryFrames is how many frames after the one that made it a carry is
// resumed: by then a code held still has had four budgets of search.
const carryFrames = 3

// live reports whether c holds a search to resume in frame n.
func (c *carry) live(n int) bool { return c != nil && c.infos != nil && n-c.born <= carryFrames }

// searchSteps counts the perspective search's steps in one read, so that a
// search cut by the deadline can be resumed where it stopped.
type searchSteps struct {
	skip  int  // steps done by earlier frames: skipped
	n     int  // steps reached in this read
	cut   bool // the deadline (or limit) stopped the search
	limit int  // when not 0, the steps a read may do, negative for none (tests)
}

// next moves to the search's next step: skip when an earlier frame did
// it, stop when this read may do no more (which marks the search cut).
func (s *searchSteps) next() (skip, stop bool) {
	if s.limit != 0 && s.n-s.skip >= max(s.limit, 0) {
		s.cut = true
		return false, true
	}
	s.n++
	return s.n <= s.skip, false
}

// reached is the step to resume from.
func (s *searchSteps) reached() int { return max(s.n, s.skip) }

// holds reports whether info's finder patterns are where the carried
// search's first triple had them, within a module (at least two pixels).
func (c *carry) holds(info *detector.FinderPatternInfo) bool {
	was := c.infos[0]
	near := func(p, q *detector.FinderPattern) bool {
		tol := max(2, p.GetEstimatedModuleSize())
		return math.Hypot(p.GetX()-q.GetX(), p.GetY()-q.GetY()) <= tol
	}
	return near(info.GetTopLeft(), was.GetTopLeft()) && near(info.GetTopRight(), was.GetTopRight()) &&
		near(info.GetBottomLeft(), was.GetBottomLeft())
}
