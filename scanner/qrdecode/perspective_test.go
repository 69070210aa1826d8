package qrdecode_test

import (
	"testing"

	"github.com/ashyq/kiosk/scanner/qrgen"
)

// TestTracedCornerShortensTheSearch reads the tilted codes of the
// robustness set (RobustnessSet(240, 1)'s perspective class) and of the
// camera set with the full-size search rungs and no deadline, searching
// with the traced corner (edges.go) and exhaustively as before it: the
// first must read every image the second reads, in at most a quarter of
// its steps over the set, and the codes the camera path missed before
// (needing 25 to 302 steps, or a strong rung) within two steps of the
// full-size rung. Measured: 22 steps against 658, the five in 1 step
// each (the exhaustive search: 80, 27, 25, 302 and half-fine's 31).
func TestTracedCornerShortensTheSearch(t *testing.T) {
	rateSweep(t)
	t.Parallel()
	var set []searchImage
	for _, s := range qrgen.RobustnessSpecs(240, 1) {
		if s.Distortion == qrgen.Perspective {
			set = append(set, searchImage{s.Name, s.Payload, qrgen.MustFrame(s.Spec)})
		}
	}
	for _, s := range mustCameraSet(t) {
		if s.category == "perspective" {
			set = append(set, searchImage{s.file, s.payload, s.img})
		}
	}
	missed := map[string]bool{"060_perspective": true, "071_perspective": true, "203_perspective": true,
		"214_perspective": true, "225_perspective": true}
	stepsOld, stepsNew := 0, 0
	for _, s := range set {
		old, est := readRungs(t, s, true, 1), readRungs(t, s, false, 1)
		stepsOld, stepsNew = stepsOld+old.steps, stepsNew+est.steps
		if old.rung != "" && est.rung == "" {
			t.Errorf("%s: the exhaustive search reads it (%s, %d steps), the traced corner does not", s.name, old.rung, old.steps)
		}
		if missed[s.name] {
			delete(missed, s.name)
			if est.rung != "full" || est.steps > 2 {
				t.Errorf("%s: read by %q in %d steps, want full in at most 2", s.name, est.rung, est.steps)
			}
		}
	}
	t.Logf("search steps over %d tilted codes: %d with the traced corner, %d exhaustive", len(set), stepsNew, stepsOld)
	if len(missed) > 0 {
		t.Errorf("not in the set: %v", missed)
	}
	if 4*stepsNew > stepsOld {
		t.Errorf("%d steps with the traced corner, want at most a quarter of the exhaustive search's %d", stepsNew, stepsOld)
	}
}
