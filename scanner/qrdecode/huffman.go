package qrdecode

// Huffman table entries: a leaf holds sym<<8 | length; a link to a
// subtable holds offset<<8 | linkFlag | subtable bits. Zero is no code.
const (
	primaryBits = 10
	linkFlag    = 0x10
)

// huffman is a lookup table for one canonical Huffman code.
type huffman struct {
	table []uint32
	codes []uint32 // build's scratch: each symbol's reversed code
}

// build makes the table from code lengths (0 = symbol unused). Incomplete
// codes are allowed (their unused entries stay zero and fail when hit);
// over-subscribed ones are not.
func (h *huffman) build(lengths []uint8) error {
	var count [16]int
	for _, l := range lengths {
		count[l]++
	}
	count[0] = 0
	left := 1
	for l := 1; l < 16; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return errInflate
		}
	}
	var next [16]uint32
	code := uint32(0)
	for l := 1; l < 16; l++ {
		code = (code + uint32(count[l-1])) << 1
		next[l] = code
	}
	// Sizes of the subtables: the longest code under each primary prefix.
	size := 1 << primaryBits
	h.table = h.table[:0]
	if cap(h.table) < size {
		h.table = make([]uint32, size, size*2)
	}
	h.table = h.table[:size]
	clear(h.table)
	var subBits [1 << primaryBits]uint8
	if cap(h.codes) < len(lengths) {
		h.codes = make([]uint32, len(lengths))
	}
	codes := h.codes[:len(lengths)]
	for sym, l := range lengths {
		if l == 0 {
			continue
		}
		c := reverse(next[l], l)
		next[l]++
		codes[sym] = c
		if l > primaryBits {
			p := c & (1<<primaryBits - 1)
			subBits[p] = max(subBits[p], l-primaryBits)
		}
	}
	for p, b := range subBits {
		if b == 0 {
			continue
		}
		off := len(h.table)
		h.table[p] = uint32(off)<<8 | linkFlag | uint32(b)
		for i := 0; i < 1<<b; i++ {
			h.table = append(h.table, 0)
		}
	}
	for sym, l := range lengths {
		if l == 0 {
			continue
		}
		c := codes[sym]
		leaf := uint32(sym)<<8 | uint32(l)
		if l <= primaryBits {
			for i := c; i < 1<<primaryBits; i += 1 << l {
				h.table[i] = leaf
			}
			continue
		}
		link := h.table[c&(1<<primaryBits-1)]
		off, b := int(link>>8), uint(link&0xf)
		for i := c >> primaryBits; i < 1<<b; i += 1 << (uint(l) - primaryBits) {
			h.table[off+int(i)] = leaf
		}
	}
	return nil
}

// reverse reverses the low n bits of c: DEFLATE sends Huffman codes
// most-significant bit first into a least-significant-first bit stream.
func reverse(c uint32, n uint8) uint32 {
	var r uint32
	for i := uint8(0); i < n; i++ {
		r = r<<1 | c&1
		c >>= 1
	}
	return r
}
