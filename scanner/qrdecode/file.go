package qrdecode

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // registers JPEG with image.Decode
	_ "image/png"  // registers PNG with image.Decode
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
// Options.FileBudget.
func (d *Decoder) DecodeFile(path string) (Result, error) {
	start := time.Now()
	data, err := d.readFile(path)
	if err != nil {
		return Result{}, err
	}
	if pix, w, h, stride, err := d.png.decode(data); err == nil {
		r := d.decode(pix, w, h, stride, d.opts.FileBudget, image.Rectangle{}, false)
		r.Elapsed = time.Since(start)
		return r, nil
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err == nil && cfg.Width*cfg.Height > MaxPixels {
		return Result{}, fmt.Errorf("read %s: %dx%d: %w", path, cfg.Width, cfg.Height, ErrTooLarge)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if errors.Is(err, image.ErrFormat) {
		return Result{}, fmt.Errorf("read %s: %w", path, ErrUnsupportedFormat)
	}
	if err != nil {
		return Result{}, fmt.Errorf("read %s: %w", path, err)
	}
	r := d.DecodeImage(img)
	r.Elapsed = time.Since(start)
	return r, nil
}

// readFile reads a whole file into the decoder's buffer, which is reused
// from file to file.
func (d *Decoder) readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open image: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > 0 && st.Size() < 1<<30 {
		d.file = grow(&d.file, int(st.Size())+1)[:0]
	}
	buf := bytes.NewBuffer(d.file[:0])
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	d.file = buf.Bytes()
	return d.file, nil
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
			toLuma(pix[y*w:(y+1)*w], row[:4*w], 4)
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
