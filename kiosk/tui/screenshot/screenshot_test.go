package screenshot

import (
	"image/color"
	"testing"

	"github.com/ashyq/kiosk/kiosk/tui/consolefont"
)

// TestRender draws a red cell with a white full block and a green cell
// with a space, and reads the pixels back.
func TestRender(t *testing.T) {
	font, err := consolefont.Load(consolefont.Kiosk)
	if err != nil {
		t.Fatalf("%v (apt-get install console-setup-linux)", err)
	}
	img := Render("\x1b[38;2;255;255;255;48;2;200;0;0m█\x1b[48;2;0;160;0m \x1b[0m", 2, 1, font)
	if b := img.Bounds(); b.Dx() != 16 || b.Dy() != 16 {
		t.Fatalf("image is %v", b)
	}
	white := color.RGBA{255, 255, 255, 255}
	green := color.RGBA{0, 160, 0, 255}
	if got := img.RGBAAt(3, 8); got != white {
		t.Errorf("the block's ink is %v, want white", got)
	}
	if got := img.RGBAAt(8+3, 8); got != green {
		t.Errorf("the space is %v, want the green background", got)
	}
}
