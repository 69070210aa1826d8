package qrdecode

import (
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/encoder"
)

// TestModel1PlacesFillTheBlocks checks the placement against the block
// table: every version's places hold the codewords of each of its four
// levels' blocks, with at most four places left over (remainder), and
// level L fills them all up to version 12.
func TestModel1PlacesFillTheBlocks(t *testing.T) {
	for v := 1; v <= 14; v++ {
		n := len(model1Places(17 + 4*v))
		if l := model1Blocks[v-1][0]; v <= 12 && l[1]*(l[0]+l[2]) != n {
			t.Errorf("version %d level L: blocks hold %d codewords, the placement %d", v, l[1]*(l[0]+l[2]), n)
		}
		for lvl, b := range model1Blocks[v-1] {
			if got := b[1] * (b[0] + b[2]); got > n || got < n-4 {
				t.Errorf("version %d level %d: blocks hold %d codewords, the placement %d", v, lvl, got, n)
			}
		}
	}
}

// formatPlaces are the modules of the two copies of the format
// information, most significant bit first (ISO/IEC 18004 figure 25).
func formatPlaces(dim int) (a, b [15][2]int) {
	a = [15][2]int{{0, 8}, {1, 8}, {2, 8}, {3, 8}, {4, 8}, {5, 8}, {7, 8}, {8, 8}, {8, 7}, {8, 5}, {8, 4}, {8, 3}, {8, 2}, {8, 1}, {8, 0}}
	for i := range 7 {
		b[i] = [2]int{8, dim - 1 - i}
	}
	for i := range 8 {
		b[7+i] = [2]int{dim - 8 + i, 8}
	}
	return a, b
}

// grid is a Model 2 symbol's modules as a sampled grid.
func grid(t *testing.T, text string, lvl decoder.ErrorCorrectionLevel) (*gozxing.BitMatrix, int) {
	t.Helper()
	code, err := encoder.Encoder_encodeWithoutHint(text, lvl)
	if err != nil {
		t.Fatal(err)
	}
	mm := code.GetMatrix()
	m, _ := gozxing.NewSquareBitMatrix(mm.GetWidth())
	for y := range mm.GetHeight() {
		for x := range mm.GetWidth() {
			if mm.Get(x, y) == 1 {
				m.Set(x, y)
			}
		}
	}
	return m, code.GetMaskPattern()
}

// TestModel2NotReadAsModel1 makes sure a Model 2 symbol is never read as
// Model 1: not with its own format information, and not when both copies
// of its format information are replaced by the Model 1 word of the same
// level and mask (as damage or a wrong encoder could make them), which
// points the decoder at Model 1's layout; error correction must turn the
// Model 2 layout down.
func TestModel2NotReadAsModel1(t *testing.T) {
	levels := []decoder.ErrorCorrectionLevel{decoder.ErrorCorrectionLevel_L, decoder.ErrorCorrectionLevel_M,
		decoder.ErrorCorrectionLevel_Q, decoder.ErrorCorrectionLevel_H}
	tried := 0
	for n := 5; n <= 300; n += 13 {
		text := strings.Repeat("Model 2 ", n)[:n]
		for _, lvl := range levels {
			m, mask := grid(t, text, lvl)
			dim := m.GetHeight()
			if dim > 17+4*14 {
				continue
			}
			tried++
			if saysModel1(m) {
				t.Errorf("%d bytes, level %v: intact Model 2 format information taken for Model 1", n, lvl)
			}
			if got, ok := decodeModel1(m); ok {
				t.Errorf("%d bytes, level %v: intact Model 2 symbol read as Model 1: %q", n, lvl, got)
			}
			word := formatWords[uint32(lvl.GetBits())<<3|uint32(mask)] ^ formatMaskModel1
			a, b := formatPlaces(dim)
			for _, copy := range [2][15][2]int{a, b} {
				for i, p := range copy {
					if word&(1<<(14-i)) != 0 {
						m.Set(p[0], p[1])
					} else {
						m.Unset(p[0], p[1])
					}
				}
			}
			if !saysModel1(m) {
				t.Fatalf("%d bytes, level %v: the Model 1 format word was not recognised", n, lvl)
			}
			if got, ok := decodeModel1(m); ok {
				t.Errorf("%d bytes, level %v: Model 2 symbol with Model 1 format information read as Model 1: %q", n, lvl, got)
			}
			r := reader{qr: decoder.NewDecoder()}
			if got, ok := r.decodeGrid(m); ok && got != text {
				t.Errorf("%d bytes, level %v: Model 2 symbol with Model 1 format information read as %q", n, lvl, got)
			}
		}
	}
	if tried < 40 {
		t.Fatalf("only %d symbols of versions 1-14 tried", tried)
	}
}

// sampleModel1 reads the module grid of testdata/model1's sample, drawn
// with square modules on a white quiet zone.
func sampleModel1(t *testing.T) *gozxing.BitMatrix {
	t.Helper()
	f, err := os.Open("testdata/model1/qr-model-1.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	dark := func(x, y int) bool {
		r, _, _, _ := img.At(x, y).RGBA()
		return r < 0x8000
	}
	b := img.Bounds()
	x0, y0, x1 := b.Max.X, b.Max.Y, b.Min.X
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if dark(x, y) {
				x0, y0, x1 = min(x0, x), min(y0, y), max(x1, x+1)
			}
		}
	}
	for dim := 21; dim <= 73; dim += 4 {
		if (x1-x0)%dim != 0 {
			continue
		}
		px := (x1 - x0) / dim
		m, _ := gozxing.NewSquareBitMatrix(dim)
		for y := range dim {
			for x := range dim {
				if dark(x0+x*px+px/2, y0+y*px+px/2) {
					m.Set(x, y)
				}
			}
		}
		return m
	}
	t.Fatalf("no Model 1 size fits the sample's %d pixels", x1-x0)
	return nil
}

// TestModel1Damage reads the sample's grid as Model 1 with the damage
// error correction is there for: format bits wrong, modules flipped, the
// grid mirrored; and turns it down, or reads it right, when the damage is
// more than the level corrects.
func TestModel1Damage(t *testing.T) {
	const want = "QR Code Model 1 "
	m := sampleModel1(t)
	dim := m.GetHeight()
	read := func(what string, m *gozxing.BitMatrix, must bool) {
		t.Helper()
		got, ok := decodeModel1(m)
		if ok && got != want || must && !ok {
			t.Errorf("%s: read %q, %v; want %q", what, got, ok, want)
		}
	}
	read("intact", m, true)

	a, b := formatPlaces(dim)
	bad := copyGrid(m)
	for _, p := range [...][2]int{a[0], a[5], a[9], b[2], b[13]} {
		bad.Flip(p[0], p[1]) // three bits wrong in one copy, two in the other
	}
	read("format bits wrong", bad, true)

	bad = copyGrid(m)
	for i, p := range model1PlacesOf[(dim-17)/4][1:9] {
		bad.Flip(p.x-i%p.w, p.y) // one module in each of eight codewords
	}
	read("eight codewords wrong", bad, true)

	mirrored, _ := gozxing.NewSquareBitMatrix(dim)
	for y := range dim {
		for x := range dim {
			if m.Get(x, y) {
				mirrored.Set(y, x)
			}
		}
	}
	read("mirrored", mirrored, true)

	bad = copyGrid(m)
	for _, p := range model1PlacesOf[(dim-17)/4] {
		bad.Flip(p.x, p.y) // every codeword wrong
	}
	read("every codeword wrong", bad, false)
	if _, ok := decodeModel1(bad); ok {
		t.Error("every codeword wrong: read")
	}
}

func copyGrid(m *gozxing.BitMatrix) *gozxing.BitMatrix {
	c, _ := gozxing.NewSquareBitMatrix(m.GetHeight())
	if err := c.Xor(m); err != nil {
		panic(err)
	}
	return c
}
