package main

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/ashyq/kiosk/scanner/qrgen"
)

// TestRunFramesPortrait: a portrait frame taller than a landscape one is
// held up to the camera path as `decode --frame` holds it, not counted as
// a miss for being 1333 pixels high.
func TestRunFramesPortrait(t *testing.T) {
	const text = "https://example.org/portrait"
	img := qrgen.MustFrame(qrgen.Spec{Payload: text, Width: 1000, Height: 1333, Seed: 7})
	path := filepath.Join(t.TempDir(), "portrait.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	s := &sample{path: path, label: "set:portrait.png", want: text}
	got, st := runFrames([]*sample{s}, 10)
	if got[s.label] != text {
		t.Fatalf("camera path read %q of a 1000x1333 frame, want %q (%d frames decoded)", got[s.label], text, st.frames)
	}
}
