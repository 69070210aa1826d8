package qrdecode_test

import (
	"fmt"
	"image"
	"testing"

	"github.com/ashyq/kiosk/scanner/qrdecode"
	"github.com/ashyq/kiosk/scanner/qrgen"
)

// scanFrame is one frame for the empty-frame test, named for messages.
type scanFrame struct {
	name string
	img  *image.Gray
}

// heldScanFrames is how many noisy frames of each camera-set image the
// ring scan test holds still (fixed here, not the decoder's cycle length,
// so its counts do not move when the cycle does).
const heldScanFrames = 8

// scanSets are frames holding a code (the camera set as read and held
// still, and RobustnessSet(240, 1)) and qrgen's scenes without one (seeds
// 1 to 50 at 640x480 and at 1280x720). Under -race or -short, where
// rendering is slow, a subset: the first four camera images of each
// category held for two frames, every sixth robustness image (the set
// cycles through 11 classes, so each still shows), seeds 1 to 5.
func scanSets(t *testing.T) (codes, empty []scanFrame, subset bool) {
	subset = raceEnabled || testing.Short()
	held, seeds := heldScanFrames, int64(50)
	set, _, _ := testedSet(t, nil, nil)
	if subset {
		held, seeds = 2, 5
	}
	for _, s := range set {
		codes = append(codes, scanFrame{s.file, s.img})
		for n := 1; n <= held; n++ {
			f := new(image.Gray)
			heldStill(f, s.img, s.file, n)
			codes = append(codes, scanFrame{fmt.Sprintf("%s frame %d", s.file, n), f})
		}
	}
	for i, s := range qrgen.RobustnessSpecs(240, 1) {
		if !subset || i%6 == 0 {
			codes = append(codes, scanFrame{s.Name, qrgen.MustFrame(s.Spec)})
		}
	}
	for _, size := range [][2]int{{640, 480}, {1280, 720}} {
		for seed := int64(1); seed <= seeds; seed++ {
			img := qrgen.MustFrame(qrgen.Spec{Width: size[0], Height: size[1], Seed: seed})
			empty = append(empty, scanFrame{fmt.Sprintf("empty %dx%d seed %d", size[0], size[1], seed), img})
		}
	}
	return codes, empty, subset
}

// The ring scan's counts on scanSets, frames times row phases, measured:
// 2600 of 2664 with a code (436 of 444 on the subset), none of the 300
// empty scenes (of 30). The per-pixel scan before the scan was made faster
// returned the same count as this one on every frame of the full set.
const (
	scanCodeFloor, scanCodeSubsetFloor = 2600, 436
	scanEmptyCeiling                   = 0
)

// TestFinderScanSets: the camera's empty-frame test passes the frames
// holding a code, in each of the row phases successive frames use, and
// gives up qrgen's scenes without one.
func TestFinderScanSets(t *testing.T) {
	t.Parallel()
	codes, empty, subset := scanSets(t)
	var s qrdecode.Scanner
	accepted := func(frames []scanFrame) (n int) {
		for _, f := range frames {
			for phase := 0; phase < 3; phase++ {
				if s.Scan(f.img.Pix, f.img.Rect.Dx(), f.img.Rect.Dy(), f.img.Stride, phase) > 0 {
					n++
				}
			}
		}
		return n
	}
	got, floor := accepted(codes), scanCodeFloor
	if subset {
		floor = scanCodeSubsetFloor
	}
	t.Logf("frames with a code passed: %d of %d (frames x phases)", got, 3*len(codes))
	if got < floor {
		t.Errorf("frames with a code passed: %d of %d, floor %d", got, 3*len(codes), floor)
	}
	if got := accepted(empty); got > scanEmptyCeiling {
		t.Errorf("empty scenes passed: %d of %d, ceiling %d", got, 3*len(empty), scanEmptyCeiling)
	}
}
