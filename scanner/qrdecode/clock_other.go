//go:build !linux

package qrdecode

import "time"

// threadCPU is -1: this platform's thread CPU clock is not used, and the
// budget is counted in wall time.
func threadCPU() time.Duration { return -1 }
