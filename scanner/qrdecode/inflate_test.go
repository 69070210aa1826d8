package qrdecode

import (
	"bytes"
	"compress/flate"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/ashyq/kiosk/scanner/qrgen"
)

// TestInflateMatchesCompressFlate round-trips data shaped to exercise every
// path of inflate (stored, fixed and dynamic blocks; literals; matches
// nearer than 8 bytes, which overlap, and farther ones) through
// compress/flate at every level.
func TestInflateMatchesCompressFlate(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	inputs := map[string][]byte{"empty": {}, "one": {42}}
	random := make([]byte, 100_000)
	for i := range random {
		random[i] = byte(rng.IntN(256))
	}
	inputs["random"] = random
	runs := make([]byte, 0, 200_000)
	for len(runs) < 200_000 {
		period := 1 + rng.IntN(40) // short periods make overlapping copies
		chunk := random[:period]
		for r := rng.IntN(50); r >= 0; r-- {
			runs = append(runs, chunk...)
		}
		runs = append(runs, random[rng.IntN(1000):][:rng.IntN(300)]...)
	}
	inputs["runs"] = runs
	inputs["zeros"] = make([]byte, 70_000)
	var f inflater
	for name, data := range inputs {
		for level := flate.HuffmanOnly; level <= flate.BestCompression; level++ {
			var z bytes.Buffer
			w, err := flate.NewWriter(&z, level)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(data)
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			end := z.Len()
			in := append(z.Bytes(), make([]byte, 16)...)
			out := make([]byte, len(data))
			used, err := f.inflate(in, end, out)
			if err != nil {
				t.Errorf("%s level %d: %v", name, level, err)
				continue
			}
			if used != end {
				t.Errorf("%s level %d: consumed %d of %d bytes", name, level, used, end)
			}
			if !bytes.Equal(out, data) {
				t.Errorf("%s level %d: output differs", name, level)
			}
			// One byte too few or too many to fill must be an error.
			if len(data) > 0 {
				if _, err := f.inflate(in, end, make([]byte, len(data)+1)); err == nil {
					t.Errorf("%s level %d: short stream accepted", name, level)
				}
				if _, err := f.inflate(in, end, make([]byte, len(data)-1)); err == nil {
					t.Errorf("%s level %d: long stream accepted", name, level)
				}
			}
		}
	}
}

// BenchmarkPNGToLuma compares the fast path with image/png plus luma on a
// 1280x720 camera frame, the larger size of the robustness set.
func BenchmarkPNGToLuma(b *testing.B) {
	img := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Width: 1280, Height: 720, Distortion: qrgen.Noisy, Seed: 3})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.Run("fast", func(b *testing.B) {
		var p pngDecoder
		b.SetBytes(int64(len(img.Pix)))
		for i := 0; i < b.N; i++ {
			if _, _, _, _, err := p.decode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("image-png", func(b *testing.B) {
		b.SetBytes(int64(len(img.Pix)))
		for i := 0; i < b.N; i++ {
			m, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			luma(m)
		}
	})
}
