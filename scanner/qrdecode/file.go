package qrdecode

import (
	"bufio"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // registers JPEG with image.Decode
	_ "image/png"  // registers PNG with image.Decode
	"io"
	"os"
	"time"

	_ "golang.org/x/image/webp" // registers WebP with image.Decode
)

// ErrUnsupportedFormat is returned (wrapped) for files that are not PNG,
// JPEG or WebP.
var ErrUnsupportedFormat = errors.New("unsupported image format (want PNG, JPEG or WebP)")

// MaxPixels bounds the images DecodeFile will decode: a few hundred bytes of
// compressed data can claim a picture of gigabytes (a decompression bomb),
// and a file given to `decode` is untrusted. 40 megapixels is far beyond any
// photo or screenshot of a code.
const MaxPixels = 40_000_000

// ErrTooLarge is returned (wrapped) for images over MaxPixels.
var ErrTooLarge = errors.New("image too large to decode (over 40 megapixels)")

// DecodeFile reads a PNG, JPEG or WebP file and decodes it with a decoder
// made from the default Options. A file without a code is no error: the
// Result has no payloads.
func DecodeFile(path string) (Result, error) {
	return New(Options{}).DecodeFile(path)
}

// DecodeFile reads a PNG, JPEG or WebP file and decodes it within
// Options.FileBudget. The header is read first (image.DecodeConfig), so a
// file claiming more than MaxPixels is refused before its pixels are
// allocated.
func (d *Decoder) DecodeFile(path string) (Result, error) {
	start := time.Now()
	img, err := readImage(path)
	if err != nil {
		return Result{}, err
	}
	r := d.DecodeImage(img)
	r.Elapsed = time.Since(start)
	return r, nil
}

// Largest image DecodeFileAsFrames takes: a camera frame, not a photo (the
// camera path's guaranteed rungs on a 12-megapixel photo would hold one
// frame for a second; plain DecodeFile is the path for photos).
const (
	MaxFrameWidth  = 1920
	MaxFrameHeight = 1080
)

// FitsFrame reports whether a width x height image is no larger than a
// camera frame, held either way up: a phone's portrait photo of 1080x1920
// fits, a 1333x1333 one does not.
func FitsFrame(width, height int) bool {
	return max(width, height) <= MaxFrameWidth && min(width, height) <= MaxFrameHeight
}

// ErrNotAFrame is returned (wrapped) by DecodeFileAsFrames for images
// larger than a camera frame.
var ErrNotAFrame = errors.New("larger than a camera frame (1920x1080); decode it without --frame")

// DecodeFileAsFrames answers "would the camera read this?": it reads an
// image file and runs the camera's own per-frame path (DecodeLuma, with
// this decoder's per-frame budget) on it as frames successive frames of a
// code held still, stopping at the first that reads. It returns that
// frame's Result and its number (1-based), or an empty Result and frames.
// What fits in a frame's budget depends on the costs the decoder has
// measured, so it answers as a camera that has been watching the scene
// does: it first runs the frames once to measure them, forgets the code
// (Forget) and then answers. On a fresh decoder the answer depends on this
// file alone.
func (d *Decoder) DecodeFileAsFrames(path string, frames int) (Result, int, error) {
	img, err := readImage(path)
	if err != nil {
		return Result{}, 0, err
	}
	b := img.Bounds()
	if !FitsFrame(b.Dx(), b.Dy()) {
		return Result{}, 0, fmt.Errorf("read %s: %dx%d: %w", path, b.Dx(), b.Dy(), ErrNotAFrame)
	}
	pix, w, h, stride := luma(img)
	held := func() (Result, int) {
		for n := 1; n <= frames; n++ {
			if r := d.DecodeLuma(pix, w, h, stride); len(r.Payloads) > 0 {
				return r, n
			}
		}
		return Result{}, frames
	}
	d.Forget()
	held() // the costs, measured
	d.Forget()
	r, n := held()
	return r, n, nil
}

// readImage decodes an image file after checking its stated size.
func readImage(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open image: %w", err)
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(bufio.NewReader(f))
	if errors.Is(err, image.ErrFormat) {
		return nil, fmt.Errorf("read %s: %w", path, ErrUnsupportedFormat)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	// int64: on a 32-bit kiosk the product of two large sides overflows int.
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, fmt.Errorf("read %s: %dx%d: %w", path, cfg.Width, cfg.Height, ErrTooLarge)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	img, _, err := image.Decode(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return img, nil
}

// luma returns the luminance plane of img without conversion where the
// image already has one (grey, YCbCr as JPEG decodes to), otherwise converts
// once with the BT.601 weights image/color uses.
func luma(img image.Image) (pix []byte, w, h, stride int) {
	b := img.Bounds()
	w, h = b.Dx(), b.Dy()
	switch m := img.(type) {
	case *image.Gray:
		return m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], w, h, m.Stride
	case *image.YCbCr:
		return m.Y[m.YOffset(b.Min.X, b.Min.Y):], w, h, m.YStride
	}
	pix = make([]byte, w*h)
	switch m := img.(type) {
	case *image.NRGBA: // PNG without alpha premultiplication; WebP with alpha
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			toLuma(pix[y*w:(y+1)*w], row[:4*w])
		}
	case *image.RGBA:
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				p := row[4*x : 4*x+4]
				pix[y*w+x] = rgbLuma(uint32(p[0])*0x101, uint32(p[1])*0x101, uint32(p[2])*0x101)
			}
		}
	default:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				pix[y*w+x] = rgbLuma(r, g, bl)
			}
		}
	}
	return pix, w, h, w
}

// rgbLuma takes 16-bit channels, as color.Color gives them.
func rgbLuma(r, g, b uint32) byte {
	return byte((19595*r + 38470*g + 7471*b + 1<<15) >> 24)
}

// toLuma converts one row of RGBA pixels (non-premultiplied). Transparent
// pixels are composited over white, the paper a transparent code is printed
// on, so a code saved with a transparent background keeps its light modules.
func toLuma(dst, src []byte) {
	for x := range dst {
		px := src[4*x : 4*x+4]
		l := uint32(rgbLuma(uint32(px[0])*0x101, uint32(px[1])*0x101, uint32(px[2])*0x101))
		a := uint32(px[3])
		dst[x] = byte((l*a + 255*(255-a) + 127) / 255)
	}
}
