package qrgen

import (
	"bytes"
	"testing"
)

// TestRobustnessSpecs checks what tests rendering a subset rely on: the
// specs are deterministic, cycle through every class, use both frame sizes,
// carry no image, and a spec renders to the same pixels every time.
func TestRobustnessSpecs(t *testing.T) {
	a, b := RobustnessSpecs(200, 1), RobustnessSpecs(200, 1)
	if len(a) != 200 || len(RobustnessSpecs(10, 1)) != 200 {
		t.Fatalf("len %d (and n=10 gave %d), want 200", len(a), len(RobustnessSpecs(10, 1)))
	}
	kinds := Distortions()
	wide := 0
	for i := range a {
		if a[i].Spec != b[i].Spec || a[i].Name != b[i].Name || a[i].Payload != b[i].Payload {
			t.Fatalf("sample %d differs between calls", i)
		}
		if a[i].Image != nil {
			t.Fatalf("sample %d has an image", i)
		}
		if a[i].Distortion != kinds[i%len(kinds)] || a[i].Spec.Payload != a[i].Payload {
			t.Fatalf("sample %d: class %s payload %q, spec %+v", i, a[i].Distortion, a[i].Payload, a[i].Spec)
		}
		if a[i].Spec.Width == 1280 {
			wide++
		}
	}
	if wide != 50 {
		t.Errorf("%d wide frames, want every fourth (50)", wide)
	}
	if c := RobustnessSpecs(200, 2); c[0].Payload == a[0].Payload && c[0].Spec.Seed == a[0].Spec.Seed {
		t.Error("seed 2 gave seed 1's first sample")
	}
	x, y := MustFrame(a[7].Spec), MustFrame(a[7].Spec)
	if !bytes.Equal(x.Pix, y.Pix) {
		t.Error("the same spec rendered two different frames")
	}
}
