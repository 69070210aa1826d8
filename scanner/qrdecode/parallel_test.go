package qrdecode_test

import (
	"sync"
	"testing"

	"github.com/ashyq/kiosk/scanner/qrdecode"
)

// TestDecodersInParallel runs decoders side by side, as the kiosk's camera
// and `decode` workers do, on codes that take different paths (a tilted
// code's perspective search, a small code's zoom, a dark-mode screen's
// inverted rungs, glare that the deep search's goroutine reads): each
// decoder held still for up to ten frames of the default budget and the
// file path on the same image. Under -race this is what the detector
// checks for state shared between decoders, beside the deep search's own
// tests; each must read its code.
func TestDecodersInParallel(t *testing.T) {
	t.Parallel()
	want := map[string]bool{"perspective-01.jpg": true, "small-01.jpg": true, "dark-01.jpg": true, "glare-01.jpg": true}
	var picked []cameraSample
	for _, s := range mustCameraSet(t) {
		if want[s.file] {
			picked = append(picked, s)
		}
	}
	if len(picked) != len(want) {
		t.Fatalf("found %d of the %d images in the camera set", len(picked), len(want))
	}
	var wg sync.WaitGroup
	for _, s := range picked {
		wg.Go(func() {
			d := frameDecoder()
			defer d.Close()
			if n, _ := holdUntilRead(t, d, s, 10); n == 0 {
				t.Errorf("%s: the camera path did not read it within ten frames", s.file)
			}
			if r := qrdecode.New(qrdecode.Options{}).DecodeImage(s.img); len(r.Payloads) != 1 || r.Payloads[0] != s.payload {
				t.Errorf("%s: the file path read %q, want %q", s.file, r.Payloads, s.payload)
			}
		})
	}
	wg.Wait()
}
