package qrdecode_test

import (
	"image"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner/qrdecode"
)

// TestDeepSearchReadsWhatFramesMiss holds the camera set's tilted, glare
// and moire codes still in front of decoders whose frame budget is a
// millisecond of the model meter (clock.go): too little for any rung
// beyond the first and for a perspective search. The deep search (deep.go)
// then runs the file path on a second goroutine with three budgets a frame,
// and reads most of them within ten frames; the frames alone, without the
// deep search, read half as many. Counted by the model meter, the frame that
// reads each code is the same in two runs, on any machine at any load.
func TestDeepSearchReadsWhatFramesMiss(t *testing.T) {
	t.Parallel()
	var deep, alone, total int
	for _, s := range mustCameraSet(t) {
		if s.category != "perspective" && s.category != "glare" && s.category != "moire" {
			continue
		}
		// Under -short the first two of each category; under -race,
		// which checks the goroutines and not the rate, the first.
		n := strings.TrimSuffix(s.file[strings.LastIndexByte(s.file, '-')+1:], ".jpg")
		if (testing.Short() && n > "02") || (raceEnabled && n > "01") {
			continue
		}
		total++
		first, r := holdModel(t, s, true)
		again, _ := holdModel(t, s, true)
		if first != again {
			t.Errorf("%s: read in frame %d, then in frame %d: the model meter's schedule must not vary", s.file, first, again)
		}
		if first > 0 {
			deep++
			t.Logf("%s: frame %d by %s", s.file, first, r.Attempt)
		}
		if n, _ := holdModel(t, s, false); n > 0 {
			alone++
		}
	}
	t.Logf("with the deep search %d/%d within ten frames, without %d", deep, total, alone)
	// Measured: 20/24 with the deep search (all perspective codes by
	// frame 3, glare and moire by frame 6), 10/24 without; the first two
	// of each category (under -short) 6/6, the first (under -race) 3/3.
	if deep <= alone || 6*deep < 5*total {
		t.Errorf("with the deep search %d/%d read within ten frames, without it %d: want five in six, and more than without", deep, total, alone)
	}
}

// holdModel holds s still for ten frames in front of a decoder with a 1 ms
// budget on the model meter, with or without the deep search.
func holdModel(t *testing.T, s cameraSample, deep bool) (int, qrdecode.Result) {
	t.Helper()
	d := qrdecode.New(qrdecode.Options{Budget: time.Millisecond, Meter: qrdecode.NewModelMeter()})
	defer d.Close()
	if !deep {
		qrdecode.NoDeepSearch(d)
	}
	return holdUntilRead(t, d, s, 10)
}

// TestDeepSearchEnds: Close and Forget end the deep search's goroutine,
// and an empty frame is not held up by a search that was stopped.
func TestDeepSearchEnds(t *testing.T) {
	before := runtime.NumGoroutine()
	var s cameraSample
	for _, c := range mustCameraSet(t) {
		if c.category == "glare" {
			s = c
			break
		}
	}
	d := qrdecode.New(qrdecode.Options{Budget: time.Millisecond, Meter: qrdecode.NewModelMeter()})
	var frame image.Gray
	heldStill(&frame, s.img, s.file, 1)
	for range 2 {
		decodeLuma(d, &frame) // the first starts a search, the second gives it a slice
	}
	if !qrdecode.DeepBusy(d) {
		t.Skipf("%s was read before a deep search started; nothing to end", s.file)
	}
	d.Forget()
	if qrdecode.DeepBusy(d) {
		t.Fatal("Forget left the deep search running")
	}
	decodeLuma(d, &frame)
	d.Close()
	for i := 0; i < 100 && runtime.NumGoroutine() > before; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after Close, %d before", n, before)
	}
}
