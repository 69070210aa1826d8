package qrdecode

import "time"

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
