package qrdecode

import (
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
		}
	}
	if tried < 40 {
		t.Fatalf("only %d symbols of versions 1-14 tried", tried)
	}
}
