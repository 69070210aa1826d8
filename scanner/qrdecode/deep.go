package qrdecode

import (
	"image"
	"sync"
	"time"
)

// The deep search: the thorough file path, on a goroutine of its own, for a
// code the camera's frames do not read at once. A frame gets a budget that
// keeps the camera responsive, and its rungs carry on over the frames; but
// the file path (`decode`) spends up to a second on one picture, with
// perspective searches that no frame's budget finishes, and it reads codes
// the frames miss. So when a frame that shows finder rings is not read, the
// decoder copies it and starts the file ladder on that copy in the
// background. Each later frame grants it a slice of CPU time (deepSlices
// budgets) and, before it returns, waits until the search has used that
// slice or finished: on a kiosk with two or more cores the slice runs on
// another core while the frame runs its own rungs, on one core after them.
// What the search has done by a given frame is then counted in its own
// thread's CPU time, as a frame's rungs are, not in wall time, so a code
// held still is read in the same number of frames whatever the load (a
// loaded machine only decodes fewer frames a second), and the search ends
// after deepFrames slices. A read from the frames themselves ends it early.

// Limits of the deep search: each frame grants it deepSlices times the
// frame's budget (24 ms of CPU at 640x480, 36 ms at 1280x720: on a second
// core, about a 30 fps camera's frame interval), for at most deepFrames
// frames (a third of a second at 30 fps). A frame starts one only when its
// rungs confirmed at least deepCandidates finder-pattern candidates. After
// a search that read nothing, another starts at once; after the second,
// the next waits deepFrames frames, and each wait after that doubles, up to
// deepMaxWait (about twenty seconds), while the scene keeps showing rings: a poster with a code too
// small to read, in view all day, must not keep a core busy. The wait
// ends when the scene has been empty (someone left) or a code was read.
const (
	deepSlices     = 3
	deepFrames     = 10
	deepCandidates = 2
	deepMaxWait    = 640
	// deepSearchShare: each rung's perspective search may take a third
	// of the deep search's budget, so that a hopeless one on the first
	// rungs leaves the later binarizers (the fine local means, which
	// read glare and moire) their turn.
	deepSearchShare = 3
)

// deepSearch is one search at a time, and the state the frames and the
// search's goroutine share.
type deepSearch struct {
	inner *Decoder // the search's decoder: file ladder, own buffers
	pix   []byte   // the frame searched, a copy
	w, h  int
	model bool // the frames' meter is the model: so is the search's

	// mu guards everything declared below; cond signals its changes.
	mu        sync.Mutex
	cond      *sync.Cond
	running   bool          // a search is under way (its goroutine lives)
	grant     time.Duration // CPU time the search may have used so far
	blocked   bool          // the search waits for more grant
	blockedAt time.Duration // the grant it waits at
	cancelled bool          // stop: the code was read, or forgotten
	done      bool          // the search ended
	res       Result
	slices    int // slices granted
}

// grantMeter is the search's meter: its thread's CPU time (or the model),
// held at the grant. A reading past the grant waits for the next frame's
// slice; once the search is cancelled, readings are an hour on, so that
// no rung fits and every search step stops.
type grantMeter struct {
	inner Meter
	s     *deepSearch
	base  time.Duration // the inner meter at the search's start
	set   bool
}

func (g *grantMeter) Now() time.Duration {
	t := g.inner.Now()
	s := g.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if !g.set {
		g.base, g.set = t, true
	}
	for !s.cancelled && t-g.base >= s.grant {
		s.blocked, s.blockedAt = true, s.grant
		s.cond.Broadcast()
		s.cond.Wait()
		s.blocked = false
		t = g.inner.Now()
	}
	if s.cancelled {
		return t + time.Hour
	}
	return t
}

func (g *grantMeter) Charge(d time.Duration) { g.inner.Charge(d) }

// newDeepSearch makes the idle state; model says the frames' meter is the
// model meter.
func newDeepSearch(model bool) *deepSearch {
	s := &deepSearch{model: model}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// start begins a search on a copy of the frame (y, w, h, stride), within
// budget (what the whole search may cost); the first slice comes with
// the next frame. The last search's goroutine must have ended (idle).
func (s *deepSearch) start(y []byte, w, h, stride int, budget time.Duration) {
	s.idle()
	if cap(s.pix) < w*h {
		s.pix = make([]byte, w*h)
	}
	s.pix, s.w, s.h = s.pix[:w*h], w, h
	for r := 0; r < h; r++ {
		copy(s.pix[r*w:(r+1)*w], y[r*stride:])
	}
	var inner Meter = threadMeter{}
	if s.model {
		inner = &modelMeter{}
	}
	gm := &grantMeter{inner: inner, s: s}
	if s.inner == nil {
		s.inner = New(Options{FileBudget: budget})
		s.inner.searchShare = deepSearchShare
	}
	s.inner.meter, s.inner.opts.FileBudget = gm, budget
	s.mu.Lock()
	s.running, s.done, s.cancelled, s.blocked = true, false, false, false
	s.grant, s.slices, s.res = 0, 0, Result{}
	s.mu.Unlock()
	go s.run()
}

// run is the search's goroutine.
func (s *deepSearch) run() {
	start := time.Now()
	r := s.inner.decode(s.pix, s.w, s.h, s.w, s.inner.opts.FileBudget, image.Rectangle{}, false)
	r.Elapsed = time.Since(start)
	s.mu.Lock()
	s.res, s.done = r, true
	s.cond.Broadcast()
	s.mu.Unlock()
}

// give grants the search one more slice of CPU time.
func (s *deepSearch) give(slice time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running || s.done {
		return
	}
	s.grant += slice
	s.slices++
	s.cond.Broadcast()
}

// settle waits until the search has used its grant or ended, and returns
// its text when it read one (ok). A search that ended, or that has had
// deepFrames slices, is over.
func (s *deepSearch) settle() (res Result, ok, over bool) {
	s.mu.Lock()
	if !s.running {
		s.mu.Unlock()
		return Result{}, false, false
	}
	for !s.done && !(s.blocked && s.blockedAt == s.grant) {
		s.cond.Wait()
	}
	res, done := s.res, s.done
	over = done || s.slices >= deepFrames
	s.mu.Unlock()
	if !over {
		return Result{}, false, false
	}
	s.idle()
	if done && len(res.Payloads) > 0 {
		res.Attempt = "deep-" + res.Attempt
		return res, true, true
	}
	return Result{}, false, true
}

// idle cancels a search under way and waits for its goroutine to end.
func (s *deepSearch) idle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running {
		return
	}
	s.cancelled = true
	s.cond.Broadcast()
	for !s.done {
		s.cond.Wait()
	}
	s.running = false
}

// busy reports whether a search is under way.
func (s *deepSearch) busy() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

// deepSlice is what the deep search gets each frame of this budget.
func deepSlice(budget time.Duration) time.Duration { return deepSlices * budget }

// endFrame is a camera frame's last step: it grants nothing (the frame's
// start did, see decode) but waits for the deep search's slice, and
// returns its read when the frame's own rungs read nothing (res). A frame
// that showed rings and was not read starts a search on its copy when none
// is under way; a frame that read its code stops the search.
func (d *Decoder) endFrame(res Result, rings bool, y []byte, w, h, stride int, budget time.Duration, watch *stopwatch) Result {
	if len(res.Payloads) > 0 {
		d.deep.idle()
		return res
	}
	if r, ok, over := d.deep.settle(); ok {
		d.carries = [numAttempts]carry{} // the next code is another
		d.next = 0
		d.deepWait, d.deepBackoff = 0, 0
		r.Elapsed = watch.wallTime()
		return r
	} else if over {
		// The first search that reads nothing is followed at once by
		// another, on a frame with other sensor noise; then the waits
		// grow.
		d.deepWait = d.deepBackoff
		d.deepBackoff = min(max(2*d.deepBackoff, deepFrames), deepMaxWait)
	}
	if !rings {
		if d.empty >= scanStep {
			d.deepWait, d.deepBackoff = 0, 0 // the scene changed
		}
	} else if d.deepWait > 0 {
		d.deepWait--
	} else if len(d.frame.cands) >= deepCandidates && budget < d.opts.FileBudget && !d.deep.busy() {
		// (A frame whose budget is the file path's already gets all
		// the deep search would.)
		d.deep.start(y, w, h, stride, min(deepFrames*deepSlice(budget), d.opts.FileBudget))
	}
	res.Elapsed = watch.wallTime()
	return res
}
