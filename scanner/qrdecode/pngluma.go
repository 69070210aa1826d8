package qrdecode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/adler32"
	"hash/crc32"
)

// pngSignature starts every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// errPNGFallback means the fast PNG path does not handle this file (or
// found it broken); DecodeFile then uses image/png, which handles every
// PNG and words the error.
var errPNGFallback = errors.New("png: not for the fast path")

// pngDecoder turns the common PNGs (8-bit grey, grey+alpha, RGB, RGBA, not
// interlaced) straight into a luminance plane, reusing its buffers from
// file to file. It exists because image/png's inflate was two thirds of the
// CPU of `decode` over a set of camera-sized PNGs; see inflate.go.
type pngDecoder struct {
	idat []byte // the concatenated IDAT payload, zero padded
	raw  []byte // the inflated, then unfiltered, scanlines (filter byte first)
	luma []byte // the plane, when raw is not grey already
	zero []byte // the all-zero row above the first
	inf  inflater
}

// decode returns a luminance plane of the PNG in data. The plane may alias
// the decoder's buffers and is valid until the next call.
func (p *pngDecoder) decode(data []byte) (pix []byte, w, h, stride int, err error) {
	if !bytes.HasPrefix(data, []byte(pngSignature)) {
		return nil, 0, 0, 0, errPNGFallback
	}
	data = data[len(pngSignature):]
	var depth, colour, interlace byte
	p.idat = p.idat[:0]
	seenHeader, seenEnd := false, false
	for !seenEnd {
		if len(data) < 12 {
			return nil, 0, 0, 0, errPNGFallback
		}
		n := int(binary.BigEndian.Uint32(data))
		if n < 0 || n > len(data)-12 {
			return nil, 0, 0, 0, errPNGFallback
		}
		kind, body := string(data[4:8]), data[8:8+n]
		if crc32.ChecksumIEEE(data[4:8+n]) != binary.BigEndian.Uint32(data[8+n:]) {
			return nil, 0, 0, 0, errPNGFallback
		}
		data = data[12+n:]
		switch kind {
		case "IHDR":
			if n != 13 || seenHeader {
				return nil, 0, 0, 0, errPNGFallback
			}
			seenHeader = true
			w, h = int(binary.BigEndian.Uint32(body)), int(binary.BigEndian.Uint32(body[4:]))
			depth, colour, interlace = body[8], body[9], body[12]
			if body[10] != 0 || body[11] != 0 {
				return nil, 0, 0, 0, errPNGFallback
			}
		case "IDAT":
			if !seenHeader {
				return nil, 0, 0, 0, errPNGFallback
			}
			p.idat = append(p.idat, body...)
		case "IEND":
			seenEnd = true
		case "PLTE", "tRNS":
			// A palette needs image/png; tRNS on grey or RGB marks one colour
			// transparent, which this path would not honour.
			return nil, 0, 0, 0, errPNGFallback
		}
	}
	channels := 0
	switch colour {
	case 0:
		channels = 1
	case 2:
		channels = 3
	case 4:
		channels = 2
	case 6:
		channels = 4
	}
	if !seenHeader || depth != 8 || interlace != 0 || channels == 0 ||
		w <= 0 || h <= 0 || w > 1<<14 || h > 1<<14 || w*h > MaxPixels || len(p.idat) < 6 {
		return nil, 0, 0, 0, errPNGFallback
	}
	// zlib: a two-byte header (deflate, no preset dictionary), the stream,
	// and an Adler-32 of the inflated data.
	if p.idat[0]&0x0f != 8 || p.idat[1]&0x20 != 0 || (uint(p.idat[0])<<8|uint(p.idat[1]))%31 != 0 {
		return nil, 0, 0, 0, errPNGFallback
	}
	end := len(p.idat)
	p.idat = append(p.idat, make([]byte, 16)...)
	rowLen := 1 + w*channels
	p.raw = grow(&p.raw, rowLen*h)
	used, err := p.inf.inflate(p.idat[2:], end-2, p.raw)
	if err != nil || 2+used+4 > end {
		return nil, 0, 0, 0, errPNGFallback
	}
	if adler32.Checksum(p.raw) != binary.BigEndian.Uint32(p.idat[2+used:]) {
		return nil, 0, 0, 0, errPNGFallback
	}
	p.zero = grow(&p.zero, rowLen-1)
	clear(p.zero)
	if err := unfilter(p.raw, p.zero, rowLen, h, channels); err != nil {
		return nil, 0, 0, 0, err
	}
	if channels == 1 {
		// The plane is the scanlines themselves, each after its filter byte.
		return p.raw[1:], w, h, rowLen, nil
	}
	p.luma = grow(&p.luma, w*h)
	for y := 0; y < h; y++ {
		toLuma(p.luma[y*w:(y+1)*w], p.raw[y*rowLen+1:(y+1)*rowLen], channels)
	}
	return p.luma, w, h, w, nil
}

// toLuma converts one row of grey+alpha, RGB or RGBA pixels. Transparent
// pixels are composited over white, the paper a transparent code is printed
// on, so a code saved with a transparent background keeps its light modules.
func toLuma(dst, src []byte, channels int) {
	for x := range dst {
		px := src[x*channels : (x+1)*channels]
		var l, a uint32
		switch channels {
		case 2:
			l, a = uint32(px[0]), uint32(px[1])
		case 3:
			l, a = uint32(rgbLuma(uint32(px[0])*0x101, uint32(px[1])*0x101, uint32(px[2])*0x101)), 255
		default:
			l, a = uint32(rgbLuma(uint32(px[0])*0x101, uint32(px[1])*0x101, uint32(px[2])*0x101)), uint32(px[3])
		}
		dst[x] = byte((l*a + 255*(255-a) + 127) / 255)
	}
}

// unfilter undoes the PNG row filters in place (filter byte, then the row);
// zero is a row of zeros, the one above the first.
// The one-byte-per-pixel loops carry the left neighbour in a local, which
// keeps them free of bounds checks and reloads.
func unfilter(raw, zero []byte, rowLen, h, bpp int) error {
	prev := zero
	for y := 0; y < h; y++ {
		row := raw[y*rowLen+1 : (y+1)*rowLen]
		prev = prev[:len(row)]
		switch raw[y*rowLen] {
		case 0:
		case 1:
			if bpp == 1 {
				var a byte
				for i, v := range row {
					a += v
					row[i] = a
				}
				break
			}
			for i := bpp; i < len(row); i++ {
				row[i] += row[i-bpp]
			}
		case 2:
			for i, u := range prev {
				row[i] += u
			}
		case 3:
			if bpp == 1 {
				var a byte
				for i, u := range prev {
					a = row[i] + byte((int(a)+int(u))/2)
					row[i] = a
				}
				break
			}
			for i := 0; i < bpp; i++ {
				row[i] += prev[i] / 2
			}
			for i := bpp; i < len(row); i++ {
				row[i] += byte((int(row[i-bpp]) + int(prev[i])) / 2)
			}
		case 4:
			if bpp == 1 {
				paeth1(row, prev)
				break
			}
			paeth(row, prev, bpp)
		default:
			return errPNGFallback
		}
		prev = row
	}
	return nil
}

// paeth1 undoes the Paeth filter of a one-byte-per-pixel row.
func paeth1(row, prev []byte) {
	var a, c int
	for i, v := range row {
		b := int(prev[i])
		pa, pb, pc := b-c, a-c, a+b-2*c
		pa = (pa ^ pa>>63) - pa>>63
		pb = (pb ^ pb>>63) - pb>>63
		pc = (pc ^ pc>>63) - pc>>63
		// The same choice as the spec's if/else chain, written as two
		// conditional moves: on camera noise the branches mispredict.
		pred := c
		if pb <= pc {
			pred = b
		}
		if pa <= min(pb, pc) {
			pred = a
		}
		a = int(v+byte(pred)) & 0xff
		row[i] = byte(a)
		c = b
	}
}

// paeth undoes the Paeth filter of one row given the row above.
func paeth(row, prev []byte, bpp int) {
	for i := 0; i < bpp; i++ {
		row[i] += prev[i]
	}
	for i := bpp; i < len(row); i++ {
		a, b, c := int(row[i-bpp]), int(prev[i]), int(prev[i-bpp])
		pa, pb, pc := b-c, a-c, a+b-2*c
		pa = (pa ^ pa>>63) - pa>>63
		pb = (pb ^ pb>>63) - pb>>63
		pc = (pc ^ pc>>63) - pc>>63
		switch {
		case pa <= pb && pa <= pc:
			row[i] += byte(a)
		case pb <= pc:
			row[i] += byte(b)
		default:
			row[i] += byte(c)
		}
	}
}
