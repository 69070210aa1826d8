//go:build !linux

package qrdecode_test

import "time"

// threadCPU is unavailable here: the frame benchmarks report zero CPU time.
func threadCPU() time.Duration { return 0 }
