package qrdecode

import (
	"math/bits"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common/reedsolomon"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
)

// QR Code Model 1 is the first form of QR codes (ISO/IEC 18004:2000,
// annex M): finder and timing patterns as today, but no alignment
// patterns, "extension patterns" along the right and bottom edges
// instead, its own codeword placement, its own error-correction blocks
// (blocks one after the other, not interleaved) and its format
// information masked with 0x2825 instead of 0x5412. Old signs and
// printed matter still carry it, and zxing-cpp 3 reads it; gozxing does
// not. A sampled grid that gozxing cannot decode is tried as Model 1 only
// when its format information is closer to a Model 1 word than to any
// Model 2 word, and the read must pass Reed-Solomon correction of every
// block like any other.

// Format-information masks of the two models (ISO/IEC 18004 annex C and
// annex M).
const (
	formatMaskModel2 = 0x5412
	formatMaskModel1 = 0x2825
)

// maxFormatDistance is how many of the 15 format bits may be wrong: the
// BCH(15,5) code corrects three.
const maxFormatDistance = 3

// formatWords are the 32 unmasked BCH(15,5) format-information words:
// five data bits followed by the remainder of their division by the
// generator x^10+x^8+x^5+x^4+x^2+x+1.
var formatWords = func() (w [32]uint32) {
	const gen = 0x537
	for d := range uint32(32) {
		r := d << 10
		for bit := 14; bit >= 10; bit-- {
			if r&(1<<bit) != 0 {
				r ^= gen << (bit - 10)
			}
		}
		w[d] = d<<10 | r
	}
	return w
}()

// model1Blocks is the error-correction block table of Model 1 versions
// 1-14 (ISO/IEC 18004:2000 table M.2), per level in the order L, M, Q,
// H: error-correction codewords per block, number of blocks, data
// codewords per block. All blocks of a level have the same size.
var model1Blocks = [14][4][3]int{
	{{7, 1, 19}, {10, 1, 16}, {13, 1, 13}, {17, 1, 9}},
	{{10, 1, 36}, {16, 1, 30}, {22, 1, 24}, {30, 1, 16}},
	{{15, 1, 57}, {28, 1, 44}, {36, 1, 36}, {48, 1, 24}},
	{{20, 1, 80}, {40, 1, 60}, {50, 1, 50}, {66, 1, 34}},
	{{26, 1, 108}, {52, 1, 82}, {66, 1, 68}, {44, 2, 23}},
	{{34, 1, 136}, {32, 2, 53}, {42, 2, 43}, {56, 2, 29}},
	{{42, 1, 170}, {40, 2, 66}, {52, 2, 54}, {46, 3, 24}},
	{{24, 2, 104}, {48, 2, 80}, {64, 2, 64}, {56, 3, 29}},
	{{30, 2, 123}, {60, 2, 93}, {50, 3, 52}, {68, 3, 34}},
	{{34, 2, 145}, {68, 2, 111}, {58, 3, 61}, {58, 4, 31}},
	{{40, 2, 168}, {40, 4, 64}, {52, 4, 52}, {54, 5, 29}},
	{{46, 2, 192}, {46, 4, 73}, {58, 4, 61}, {62, 5, 33}},
	{{36, 3, 144}, {52, 4, 83}, {66, 4, 69}, {58, 6, 32}},
	{{40, 3, 163}, {60, 4, 92}, {60, 5, 62}, {66, 6, 35}},
}

// model1Grid is a sampled grid read as Model 1, possibly mirrored
// (transposed).
type model1Grid struct {
	m        *gozxing.BitMatrix
	dim      int
	mirrored bool
}

func (g model1Grid) get(x, y int) bool {
	if g.mirrored {
		x, y = y, x
	}
	return g.m.Get(x, y)
}

// formatBits reads the two copies of the format information, in the
// places and order gozxing reads them.
func (g model1Grid) formatBits() (a, b uint32) {
	add := func(v *uint32, x, y int) {
		*v <<= 1
		if g.get(x, y) {
			*v |= 1
		}
	}
	for x := range 6 {
		add(&a, x, 8)
	}
	add(&a, 7, 8)
	add(&a, 8, 8)
	add(&a, 8, 7)
	for y := 5; y >= 0; y-- {
		add(&a, 8, y)
	}
	for y := g.dim - 1; y >= g.dim-7; y-- {
		add(&b, 8, y)
	}
	for x := g.dim - 8; x < g.dim; x++ {
		add(&b, x, 8)
	}
	return a, b
}

// model1Format is the format information of a grid when it reads as
// Model 1: the five data bits, the orientation, and whether the best
// match of the four copies (two, read either way round) under Model 1's
// mask is within maxFormatDistance and strictly closer than every Model 2
// word in either orientation (masked as the standard says, or unmasked as
// some encoders leave it).
func model1Format(m *gozxing.BitMatrix, dim int) (data uint32, mirrored, ok bool) {
	best1, best2 := 16, 16
	for _, mir := range [2]bool{false, true} {
		a, b := model1Grid{m, dim, mir}.formatBits()
		for d, w := range formatWords {
			for _, got := range [2]uint32{a, b} {
				if n := bits.OnesCount32(got ^ w ^ formatMaskModel1); n < best1 {
					best1, data, mirrored = n, uint32(d), mir
				}
				best2 = min(best2, bits.OnesCount32(got^w^formatMaskModel2), bits.OnesCount32(got^w))
			}
		}
	}
	return data, mirrored, best1 <= maxFormatDistance && best1 < best2
}

// masked reports whether data mask k flips the module at column x, row y
// (the eight masks are the same in both models).
func masked(k uint32, x, y int) bool {
	switch k {
	case 0:
		return (x+y)%2 == 0
	case 1:
		return y%2 == 0
	case 2:
		return x%3 == 0
	case 3:
		return (x+y)%3 == 0
	case 4:
		return (y/2+x/3)%2 == 0
	case 5:
		return x*y%6 == 0
	case 6:
		return x*y%6 < 3
	default:
		return (x+y+x*y%3)%2 == 0
	}
}

// model1Place is where one codeword sits: a block of 8 modules, w wide
// and 8/w high, whose bottom-right module (x, y) holds the most
// significant bit, then right to left, then the row above.
type model1Place struct{ x, y, w int }

// model1Places lists the codeword places of a Model 1 symbol of size dim
// in reading order (ISO/IEC 18004:2000 annex M): two columns of upright
// 2x4 blocks up the right edge (the outer one stepping over the extension
// patterns), then columns of flat 4x2 blocks from right to left between
// the finder patterns' rows (each stepping over the timing pattern and,
// on alternate columns, over the bottom extension pattern), then upright
// blocks up the left strip between the finder patterns.
func model1Places(dim int) []model1Place {
	var ps []model1Place
	cols := dim/4 + 3
	for j := range cols {
		switch {
		case j < 2:
			n := (dim - 8) / 4
			for i := range n {
				if j == 0 && i%2 == 0 && i > 0 && i < n-1 {
					continue // an extension pattern
				}
				ps = append(ps, model1Place{dim - 1 - 2*j, dim - 1 - 4*i, 2})
			}
		case cols-j <= 4:
			x := 2*(cols-j-1) + 1
			if cols-j == 4 {
				x++ // right of the vertical timing pattern
			}
			for i := range (dim - 16) / 4 {
				ps = append(ps, model1Place{x, dim - 9 - 4*i, 2})
			}
		default:
			n := dim / 2
			for i := range n {
				if j == 2 && i >= n-4 {
					continue // beside the top-right finder pattern
				}
				if i == 0 && j%2 == 1 && j+1 != cols-4 {
					continue // an extension pattern
				}
				y := dim - 1 - 2*i
				if i >= n-3 {
					y-- // above the horizontal timing pattern
				}
				ps = append(ps, model1Place{dim - 5 - 4*(j-2), y, 4})
			}
		}
	}
	return ps
}

// model1PlacesOf holds model1Places of each version, by version number.
var model1PlacesOf = func() (ps [15][]model1Place) {
	for v := 1; v <= 14; v++ {
		ps[v] = model1Places(17 + 4*v)
	}
	return ps
}()

// codewords reads the grid's codewords in Model 1's placement, unmasked
// with data mask k.
func (g model1Grid) codewords(k uint32) []byte {
	ps := model1PlacesOf[(g.dim-17)/4]
	out := make([]byte, len(ps))
	for n, p := range ps {
		var c byte
		for b := range 8 {
			x, y := p.x-b%p.w, p.y-b/p.w
			c <<= 1
			if g.get(x, y) != masked(k, x, y) {
				c |= 1
			}
		}
		out[n] = c
	}
	// The first place's upper four modules hold no data bits: the data
	// stream starts with four zero bits there.
	out[0] &= 0x0f
	return out
}

// model1Level maps the format information's level bits to the row of
// model1Blocks (L, M, Q, H).
func model1Level(data uint32) (decoder.ErrorCorrectionLevel, int, bool) {
	lvl, err := decoder.ErrorCorrectionLevel_ForBits(uint((data >> 3) & 3))
	if err != nil {
		return 0, 0, false
	}
	switch lvl {
	case decoder.ErrorCorrectionLevel_L:
		return lvl, 0, true
	case decoder.ErrorCorrectionLevel_M:
		return lvl, 1, true
	case decoder.ErrorCorrectionLevel_Q:
		return lvl, 2, true
	default:
		return lvl, 3, true
	}
}

// decodeModel1 reads a sampled grid as a Model 1 symbol. ok is false
// unless the format information says Model 1, every block passes error
// correction and the data parse.
func decodeModel1(m *gozxing.BitMatrix) (string, bool) {
	dim, ok := model1Dim(m)
	if !ok {
		return "", false
	}
	format, mirrored, ok := model1Format(m, dim)
	if !ok {
		return "", false
	}
	lvl, row, ok := model1Level(format)
	if !ok {
		return "", false
	}
	number := (dim - 17) / 4
	ecc, blocks, data := model1Blocks[number-1][row][0], model1Blocks[number-1][row][1], model1Blocks[number-1][row][2]
	// Some levels' blocks hold a few codewords fewer than the symbol has
	// places (version 7 level H: 210 of 212); the last places are then
	// remainder, read by no block.
	raw := model1Grid{m, dim, mirrored}.codewords(format & 7)
	if len(raw) < blocks*(ecc+data) {
		return "", false
	}
	stream, ok := correctModel1(raw[:blocks*(ecc+data)], blocks, data, ecc)
	if !ok {
		return "", false
	}
	// Model 1's character-count lengths are Model 2's for the same
	// version number, so gozxing's parser reads the stream once the four
	// leading zero bits are dropped.
	version, err := decoder.Version_GetVersionForNumber(number)
	if err != nil {
		return "", false
	}
	return accepted(decoder.DecodedBitStreamParser_Decode(dropNibble(stream), version, lvl, nil))
}

// model1Dim is the size of a grid that has a Model 1 size (versions
// 1-14).
func model1Dim(m *gozxing.BitMatrix) (int, bool) {
	dim := m.GetHeight()
	return dim, m.GetWidth() == dim && dim >= 21 && dim <= 17+4*14 && dim%4 == 1
}

// correctModel1 error-corrects the blocks, which Model 1 places one after
// the other: all data codewords block by block, then all
// error-correction codewords block by block. It returns the data.
func correctModel1(raw []byte, blocks, data, ecc int) ([]byte, bool) {
	rs := reedsolomon.NewReedSolomonDecoder(reedsolomon.GenericGF_QR_CODE_FIELD_256)
	out := make([]byte, 0, blocks*data)
	block := make([]int, data+ecc)
	for b := range blocks {
		for i := range data {
			block[i] = int(raw[b*data+i])
		}
		for i := range ecc {
			block[data+i] = int(raw[blocks*data+b*ecc+i])
		}
		if rs.Decode(block, ecc) != nil {
			return nil, false
		}
		for _, c := range block[:data] {
			out = append(out, byte(c))
		}
	}
	return out, true
}

// dropNibble shifts a byte stream four bits to the left.
func dropNibble(s []byte) []byte {
	out := make([]byte, len(s))
	for i := range s {
		out[i] = s[i] << 4
		if i+1 < len(s) {
			out[i] |= s[i+1] >> 4
		}
	}
	return out
}

// decodeGrid decodes a sampled grid as gozxing does (Model 2) and, when
// its format information says Model 1, as Model 1 first: reading Model 1
// leaves the grid as it is, where a failed gozxing decode may leave it
// unmasked or mirrored. A Model 2 symbol whose format information was
// damaged towards Model 1 fails Model 1's error correction and is then
// read by gozxing as before.
func (r *reader) decodeGrid(m *gozxing.BitMatrix) (string, bool) {
	if saysModel1(m) {
		if text, ok := decodeModel1(m); ok {
			return text, true
		}
	}
	return accepted(r.qr.Decode(m, nil))
}

// saysModel1 reports whether a grid's format information matches Model 1
// better than Model 2.
func saysModel1(m *gozxing.BitMatrix) bool {
	dim, ok := model1Dim(m)
	if !ok {
		return false
	}
	_, _, ok = model1Format(m, dim)
	return ok
}
