package camera

import (
	"image"
	"image/color"
)

// copyLuma copies img's luminance into f, reusing f's buffer. *image.YCbCr
// (what the MJPEG and YUYV decoders give) and *image.Gray are copied plane by
// plane; any other type goes through its colour model once per pixel, which
// is slow but only happens with unusual drivers.
func copyLuma(f *lumaFrame, img image.Image) {
	switch im := img.(type) {
	case *image.YCbCr:
		r := im.Rect
		copyPlane(f, im.Y, im.YStride, r.Dx(), r.Dy())
	case *image.Gray:
		r := im.Rect
		copyPlane(f, im.Pix, im.Stride, r.Dx(), r.Dy())
	default:
		r := img.Bounds()
		w, h := r.Dx(), r.Dy()
		f.y = grow(f.y, w*h)
		f.width, f.height, f.stride = w, h, w
		for y := 0; y < h; y++ {
			row := f.y[y*w : (y+1)*w]
			for x := range row {
				row[x] = color.GrayModel.Convert(img.At(r.Min.X+x, r.Min.Y+y)).(color.Gray).Y
			}
		}
	}
}

// copyPlane copies a w×h plane whose first byte is (0,0) into f compactly.
func copyPlane(f *lumaFrame, pix []byte, stride, w, h int) {
	f.width, f.height, f.stride = w, h, w
	f.y = grow(f.y, w*h)
	if w <= 0 || h <= 0 {
		return
	}
	if stride == w {
		copy(f.y, pix[:w*h])
		return
	}
	for y := 0; y < h; y++ {
		copy(f.y[y*w:(y+1)*w], pix[y*stride:y*stride+w])
	}
}

// grow returns b resized to n, reallocating only when it is too small.
func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}
