package qrdecode

import (
	"encoding/binary"
	"errors"
)

// inflate decodes a raw DEFLATE stream (RFC 1951) whose decompressed size is
// known in advance, as a PNG's is. Knowing the size lets it write straight
// into one flat output buffer, so back-references index the output and no
// sliding window or bufio reader is needed, and it reads bits 64 at a time.
// Profiles of `decode` over the robustness set showed image/png's inflate
// at two thirds of the process's CPU; this one is about twice as fast.

var errInflate = errors.New("corrupt deflate stream")

// bitReader reads a little-endian bit stream. in carries 16 bytes of zero
// padding past the stream so refills never bounds-check byte by byte; end
// is where the real data stops.
type bitReader struct {
	in    []byte
	pos   int
	end   int
	bits  uint64
	nbits uint
}

// refill tops the buffer up to at least 56 bits.
func (b *bitReader) refill() error {
	if b.pos+8 <= len(b.in) {
		b.bits |= binary.LittleEndian.Uint64(b.in[b.pos:]) << b.nbits
		b.pos += int(63-b.nbits) >> 3
		b.nbits |= 56
		return nil
	}
	return errInflate
}

// overrun reports whether more bits were consumed than the stream holds.
func (b *bitReader) overrun() bool { return b.pos-int(b.nbits/8) > b.end }

func (b *bitReader) take(n uint) uint32 {
	v := uint32(b.bits & (1<<n - 1))
	b.bits >>= n
	b.nbits -= n
	return v
}

// decodeSym reads one symbol; the caller has refilled.
func (b *bitReader) decodeSym(h *huffman) (int, error) {
	e := h.table[b.bits&(1<<primaryBits-1)]
	if e&linkFlag != 0 {
		off, sb := e>>8, uint(e&0xf)
		e = h.table[off+uint32(b.bits>>primaryBits)&(1<<sb-1)]
	}
	l := uint(e & 0xff)
	if l == 0 || l > b.nbits {
		return 0, errInflate
	}
	b.bits >>= l
	b.nbits -= l
	return int(e >> 8), nil
}

var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	clOrder     = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

// inflater keeps its tables between streams.
type inflater struct {
	lit, dist, cl huffman
	lengths       [320]uint8
}

// inflate decodes the raw DEFLATE stream in in[:end] (in padded with at
// least 16 zero bytes) into exactly len(out) bytes. It returns the offset of
// the first byte after the stream.
func (f *inflater) inflate(in []byte, end int, out []byte) (int, error) {
	b := bitReader{in: in, end: end}
	op := 0
	for {
		if err := b.refill(); err != nil {
			return 0, err
		}
		final := b.take(1)
		switch b.take(2) {
		case 0:
			b.take(b.nbits % 8)
			n := int(b.take(16))
			if nn := int(b.take(16)); n != ^nn&0xffff {
				return 0, errInflate
			}
			// Unread whole bytes of the bit buffer go back to the input.
			b.pos -= int(b.nbits / 8)
			b.bits, b.nbits = 0, 0
			if b.pos+n > end || op+n > len(out) {
				return 0, errInflate
			}
			copy(out[op:], in[b.pos:b.pos+n])
			b.pos += n
			op += n
		case 1:
			f.fixed()
			var err error
			if op, err = f.block(&b, out, op); err != nil {
				return 0, err
			}
		case 2:
			if err := f.dynamic(&b); err != nil {
				return 0, err
			}
			var err error
			if op, err = f.block(&b, out, op); err != nil {
				return 0, err
			}
		default:
			return 0, errInflate
		}
		if b.overrun() {
			return 0, errInflate
		}
		if final == 1 {
			if op != len(out) {
				return 0, errInflate
			}
			return b.pos - int(b.nbits/8), nil
		}
	}
}

// fixed sets the tables of a fixed-Huffman block.
func (f *inflater) fixed() {
	l := f.lengths[:288]
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	_ = f.lit.build(l) // a fixed, complete code
	d := f.lengths[:30]
	for i := range d {
		d[i] = 5
	}
	_ = f.dist.build(d)
}

// dynamic reads a dynamic block's code lengths and builds its tables.
func (f *inflater) dynamic(b *bitReader) error {
	if err := b.refill(); err != nil {
		return err
	}
	nlit := int(b.take(5)) + 257
	ndist := int(b.take(5)) + 1
	nclen := int(b.take(4)) + 4
	if nlit > 286 || ndist > 30 {
		return errInflate
	}
	var cl [19]uint8
	for i := 0; i < nclen; i++ {
		if b.nbits < 3 {
			if err := b.refill(); err != nil {
				return err
			}
		}
		cl[clOrder[i]] = uint8(b.take(3))
	}
	if err := f.cl.build(cl[:]); err != nil {
		return err
	}
	l := f.lengths[:nlit+ndist]
	for i := 0; i < len(l); {
		if err := b.refill(); err != nil {
			return err
		}
		sym, err := b.decodeSym(&f.cl)
		if err != nil {
			return err
		}
		var rep int
		var val uint8
		switch {
		case sym < 16:
			l[i] = uint8(sym)
			i++
			continue
		case sym == 16:
			if i == 0 {
				return errInflate
			}
			val, rep = l[i-1], 3+int(b.take(2))
		case sym == 17:
			rep = 3 + int(b.take(3))
		default:
			rep = 11 + int(b.take(7))
		}
		if i+rep > len(l) {
			return errInflate
		}
		for ; rep > 0; rep-- {
			l[i] = val
			i++
		}
	}
	if l[256] == 0 {
		return errInflate
	}
	if err := f.lit.build(l[:nlit]); err != nil {
		return err
	}
	return f.dist.build(l[nlit:])
}

// block decodes the symbols of one Huffman block into out from op. It is
// the hot loop of PNG decoding, so the bit buffer lives in locals and the
// table lookups are written out rather than called.
func (f *inflater) block(br *bitReader, out []byte, op int) (int, error) {
	lit, dist := f.lit.table, f.dist.table
	// The primary tables as arrays: a masked index needs no bounds check.
	litP := (*[1 << primaryBits]uint32)(lit)
	distP := (*[1 << primaryBits]uint32)(dist)
	in, pos, bits, nbits := br.in, br.pos, br.bits, br.nbits
	// No defer to write the state back: a closure over these would keep
	// them in memory instead of registers. Only the end of block needs them.
	const mask = 1<<primaryBits - 1
	for {
		// 48 bits cover the longest length code with its extra bits (15+5)
		// and the longest distance code with its extra bits (15+13).
		if nbits < 48 {
			if pos+8 > len(in) {
				return 0, errInflate
			}
			bits |= binary.LittleEndian.Uint64(in[pos:]) << nbits
			pos += int(63-nbits) >> 3
			nbits |= 56
		}
		e := litP[bits&mask]
		if e&linkFlag != 0 {
			e = lit[e>>8+uint32(bits>>primaryBits)&(1<<(e&0xf)-1)]
		}
		l := uint(e & 0xff)
		if l == 0 {
			return 0, errInflate
		}
		bits >>= l
		nbits -= l
		sym := int(e >> 8)
		if sym < 256 {
			if op >= len(out) {
				return 0, errInflate
			}
			out[op] = byte(sym)
			op++
			continue
		}
		if sym == 256 {
			br.pos, br.bits, br.nbits = pos, bits, nbits
			return op, nil
		}
		sym -= 257
		if sym >= len(lengthBase) {
			return 0, errInflate
		}
		xb := uint(lengthExtra[sym])
		n := int(lengthBase[sym]) + int(bits&(1<<xb-1))
		bits >>= xb
		nbits -= xb
		e = distP[bits&mask]
		if e&linkFlag != 0 {
			e = dist[e>>8+uint32(bits>>primaryBits)&(1<<(e&0xf)-1)]
		}
		l = uint(e & 0xff)
		if l == 0 {
			return 0, errInflate
		}
		bits >>= l
		nbits -= l
		ds := int(e >> 8)
		if ds >= len(distBase) {
			return 0, errInflate
		}
		xb = uint(distExtra[ds])
		d := int(distBase[ds]) + int(bits&(1<<xb-1))
		bits >>= xb
		nbits -= xb
		if d > op || op+n > len(out) {
			return 0, errInflate
		}
		switch {
		case d >= 8 && op+n+8 <= len(out):
			// Short matches dominate: copy 8 bytes at a time (d >= 8 keeps
			// each read behind every write); the few bytes written past the
			// match are overwritten by what follows.
			for i := 0; i < n; i += 8 {
				binary.LittleEndian.PutUint64(out[op+i:], binary.LittleEndian.Uint64(out[op-d+i:]))
			}
		case d >= n:
			copy(out[op:op+n], out[op-d:op])
		default:
			win := out[op-d : op+n]
			for i := d; i < len(win); i++ {
				win[i] = win[i-d]
			}
		}
		op += n
	}
}
