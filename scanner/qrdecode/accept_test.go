package qrdecode_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ashyq/kiosk/scanner/qrdecode"
)

// TestStructuredAppendFragmentIsAMiss: one symbol of a structured-append
// sequence holds a fragment of its message, and a fragment is not what
// the code says. qrencode -S splits a text over five version-1 symbols;
// each alone must be a miss on both paths, never a read of its part
// (before, `decode` printed "Structured appe" and exited 0).
func TestStructuredAppendFragmentIsAMiss(t *testing.T) {
	requireTool(t, "qrencode", "qrencode")
	dir := t.TempDir()
	out := filepath.Join(dir, "sa.png")
	cmd := exec.Command("qrencode", "-S", "-v", "1", "-l", "L", "-s", "4", "-o", out,
		"Structured append splits this text over several symbols: 061211600012")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("qrencode: %v\n%s", err, b)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "sa-*.png"))
	if len(files) < 2 {
		t.Fatalf("qrencode -S wrote %q, want several symbols", files)
	}
	if raceEnabled {
		// A miss runs every rung of both paths, ten times dearer under
		// the detector; the deep search's goroutine is the same for every
		// symbol, so one is enough for it, and the run without -race
		// checks them all.
		files = files[:1]
	}
	for _, f := range files {
		r, err := qrdecode.DecodeFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Payloads) != 0 {
			t.Errorf("%s: decode read the fragment %q", filepath.Base(f), r.Payloads)
		}
		r, _, err = frameDecoder().DecodeFileAsFrames(f, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Payloads) != 0 {
			t.Errorf("%s: the camera path read the fragment %q", filepath.Base(f), r.Payloads)
		}
	}
}
