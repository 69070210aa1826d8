package qrdecode_test

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// onePixelCode draws text's code (gozxing's encoder, level M) at one pixel
// a module, with margin light modules around it: a dense code cropped
// tight, as photo collections hold them.
func onePixelCode(t *testing.T, text string, margin int) *image.Gray {
	t.Helper()
	hints := map[gozxing.EncodeHintType]any{
		gozxing.EncodeHintType_ERROR_CORRECTION: "M",
		gozxing.EncodeHintType_MARGIN:           0,
	}
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, 1, 1, hints)
	if err != nil {
		t.Fatal(err)
	}
	n := m.GetWidth()
	img := image.NewGray(image.Rect(0, 0, n+2*margin, n+2*margin))
	for i := range img.Pix {
		img.Pix[i] = 235
	}
	for y := range n {
		for x := range n {
			if m.Get(x, y) {
				img.SetGray(x+margin, y+margin, color.Gray{Y: 20})
			}
		}
	}
	return img
}

// TestOnePixelModulesOnTheCameraPath: an image of a code at one pixel a
// module (a version-10 to 25 code in under 140 pixels) is read by the
// camera's path as by the file path. The ring scan smooths each pixel
// with its neighbours, which merges single-pixel rings, so before the
// fine scan of small planes (fineScan) the camera path gave such images
// up as empty frames and read none.
func TestOnePixelModulesOnTheCameraPath(t *testing.T) {
	for _, c := range []struct {
		chars, margin int
	}{{200, 4}, {200, 0}, {400, 2}, {900, 1}} {
		text := strings.Repeat("ashyq pass 0123456789 ", c.chars/22+1)[:c.chars]
		img := onePixelCode(t, text, c.margin)
		d := frameDecoder()
		var got []string
		for n := 1; n <= 3 && len(got) == 0; n++ {
			got = decodeLuma(d, img).Payloads
		}
		if len(got) != 1 || got[0] != text {
			t.Errorf("%d characters, %d modules of margin, %dx%d: the camera path read %q within three frames, want the code",
				c.chars, c.margin, img.Rect.Dx(), img.Rect.Dy(), got)
		}
	}
}
