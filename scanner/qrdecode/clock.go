package qrdecode

import (
	"runtime"
	"time"
)

// A frame's budget is counted by a meter. The kiosk's is the decoding
// thread's CPU time, not wall time: on a machine shared with other work
// (the kiosk's own screen, the camera driver, a package upgrade, the
// tests' other processes) the wall clock also counts the time the decoder
// was not running, and a budget in wall time would make what a frame reads
// depend on the load. Counted in CPU time, a frame runs the same rungs
// whatever else the machine does: a busy machine decodes fewer frames a
// second (the camera always hands over its newest), never less of each.
// No frame is given up for the wall time it took. Where the thread's CPU
// clock is missing (not Linux), the wall clock stands in.
//
// Tests inject a model meter instead (Options.Meter = NewModelMeter()):
// it counts the work the decoder reports (Charge) at what it costs a
// reference machine, so what a frame reads under a budget is the same on
// any machine at any load, and under -race or an emulator.

// Meter is what a decoder counts its budgets in (Options.Meter).
type Meter interface {
	// Now is the meter's reading; only differences between two readings
	// mean anything.
	Now() time.Duration
	// Charge reports work the decoder has done that takes a reference
	// machine d; only the model meter counts it.
	Charge(d time.Duration)
}

// NewModelMeter is a meter that counts only the work charged to it, at a
// reference machine's cost: a decoder's schedule under it is the same on
// every machine and at any load. For tests; one per decoder.
func NewModelMeter() Meter { return &modelMeter{} }

// threadMeter is the calling thread's CPU time (the wall clock off Linux).
type threadMeter struct{}

var epoch = time.Now()

func (threadMeter) Now() time.Duration {
	if c := threadCPU(); c >= 0 {
		return c
	}
	return time.Since(epoch)
}

func (threadMeter) Charge(time.Duration) {}

// ThreadCPU is the calling thread's CPU time, 0 where the platform has no
// such clock: benchmarks lock their goroutine to a thread and take
// differences.
func ThreadCPU() time.Duration { return max(threadCPU(), 0) }

// modelMeter counts charged work only: a deterministic stand-in for the
// thread's CPU time.
type modelMeter struct{ t time.Duration }

func (m *modelMeter) Now() time.Duration     { return m.t }
func (m *modelMeter) Charge(d time.Duration) { m.t += d }

// stopwatch measures one decode against its meter. The decode locks its
// goroutine to its thread for the call, so the thread's CPU clock is the
// decode's.
type stopwatch struct {
	m     Meter
	start time.Duration
	wall  time.Time
}

// startWatch locks the calling goroutine to its thread and starts the
// clocks; stop unlocks it.
func startWatch(m Meter) stopwatch {
	runtime.LockOSThread()
	return stopwatch{m: m, start: m.Now(), wall: time.Now()}
}

func (s *stopwatch) stop() { runtime.UnlockOSThread() }

// spent is what the decode has cost so far against its budget.
func (s *stopwatch) spent() time.Duration { return s.m.Now() - s.start }

// charge reports work to the meter (see Meter.Charge); a read outside a
// decode (tests of one step) has no stopwatch.
func (s *stopwatch) charge(d time.Duration) {
	if s != nil {
		s.m.Charge(d)
	}
}

// wallTime is the decode's wall time so far, what Result.Elapsed reports.
func (s *stopwatch) wallTime() time.Duration { return time.Since(s.wall) }

// Model costs of the work the decoder charges, on the 2-core amd64 mini
// PC the priors were measured on (plane.go): per pixel of a derived
// plane, of a ring-scanned row, of a finder search's matrix and of a
// rescanned row; per sampling and Reed-Solomon decode; per step of a
// perspective search and per alignment pattern a grid fit looks for.
const (
	modelPlanePerPixel  = time.Nanosecond / 2
	modelScanPerPixel   = 2 * time.Nanosecond
	modelRescanPerPixel = 2 * time.Nanosecond
	modelDetect         = 60 * time.Microsecond
	modelSearchStep     = 150 * time.Microsecond
	modelAlignSearch    = 15 * time.Microsecond
)
