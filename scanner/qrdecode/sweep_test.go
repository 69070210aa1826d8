package qrdecode_test

import "testing"

// rateSweep skips a rate sweep under the race detector. A sweep decodes a
// set of images, each in one goroutine, and checks how many are read: the
// detector has nothing to check in it and makes it ten times dearer (the
// package's tests took 95 s of CPU under -race, most of make test's time
// on a loaded machine). make test runs this package a second time without
// -race and with -short, where every sweep runs and its floors are
// checked; under -race the tests of the deep search's goroutine and
// TestDecodersInParallel run.
func rateSweep(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("a rate sweep: make test runs it without -race (go test -short ./scanner/qrdecode)")
	}
}
