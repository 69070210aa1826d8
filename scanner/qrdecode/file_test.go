package qrdecode

import (
	"image"
	"image/color"
	"testing"
)

// A code saved with a transparent background (PNG decodes it to NRGBA)
// must keep its light modules light: transparent pixels read as white
// paper, whatever colour their invisible RGB holds.
func TestTransparentPixelsReadAsWhite(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 3, 1))
	img.SetNRGBA(0, 0, color.NRGBA{0, 0, 0, 0})         // transparent "black"
	img.SetNRGBA(1, 0, color.NRGBA{0, 0, 0, 255})       // opaque black module
	img.SetNRGBA(2, 0, color.NRGBA{255, 255, 255, 128}) // half-transparent white
	pix, w, _, _ := luma(img)
	if w != 3 || pix[0] != 255 || pix[1] != 0 || pix[2] != 255 {
		t.Fatalf("luma = %v, want [255 0 255]", pix[:w])
	}
}
