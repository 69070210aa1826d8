package qrdecode

import "testing"

// rateSweep skips a sweep under the race detector, as the external tests'
// rateSweep does: make test runs it again without -race.
func rateSweep(t *testing.T) {
	t.Helper()
	if underRace {
		t.Skip("a sweep in one goroutine: make test runs it without -race (go test -short ./scanner/qrdecode)")
	}
}
