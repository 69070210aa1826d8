package qrdecode

import (
	"runtime"
	"time"
)

// A frame's budget is counted in the CPU time of the thread decoding it,
// not in wall time: on a machine shared with other work (the kiosk's own
// screen, a package upgrade, the tests' other processes) the wall clock
// also counts the time the decoder was not running, and a wall-clock
// budget would make what a frame reads depend on the load. Counted in CPU
// time, a frame runs the same rungs whatever else the machine does, and on
// an idle kiosk the two clocks agree. A frame is still given up after
// wallSlack budgets of wall time, so that a starved decoder returns its
// frames. Where the thread's CPU clock is missing (not Linux), the wall
// clock is the budget's.

// wallSlack is how many budgets of wall time a frame may take while the
// machine is too busy to give the decoder its budget of CPU time.
const wallSlack = 3

// stopwatch measures one frame. The decode locks its goroutine to its
// thread for the frame, so the thread's CPU clock is the frame's.
type stopwatch struct {
	wall time.Time
	cpu  time.Duration // the thread's CPU time at the start; -1 when unknown
}

// startWatch locks the calling goroutine to its thread and starts the
// frame's clocks; stop unlocks it.
func startWatch() stopwatch {
	runtime.LockOSThread()
	return stopwatch{wall: time.Now(), cpu: threadCPU()}
}

func (s *stopwatch) stop() { runtime.UnlockOSThread() }

// spent is the frame's time so far against its budget: the thread's CPU
// time, or a wallSlack-th of the wall time when that is more.
func (s *stopwatch) spent() time.Duration {
	wall := time.Since(s.wall)
	if s.cpu < 0 {
		return wall
	}
	return max(threadCPU()-s.cpu, wall/wallSlack)
}

// wallTime is the frame's wall time so far, what Result.Elapsed reports.
func (s *stopwatch) wallTime() time.Duration { return time.Since(s.wall) }
