// Package screenshot draws a terminal frame (text with ANSI colours, as the
// golden screen files hold it) into an image with the glyphs of a Linux
// console font, so the README's pictures show the screens as the bare
// console draws them, from the same files the tests compare.
package screenshot

import (
	"image"
	"image/color"
	"strings"

	"github.com/charmbracelet/x/cellbuf"

	"github.com/ashyq/kiosk/kiosk/tui/consolefont"
)

// defaultFg and defaultBg are the console's own colours, for cells that
// set none.
var (
	defaultFg = color.RGBA{0xaa, 0xaa, 0xaa, 0xff}
	defaultBg = color.RGBA{0, 0, 0, 0xff}
)

// Render draws frame, cols by rows cells, with font's glyphs: one cell is
// font.Width by font.Height pixels.
func Render(frame string, cols, rows int, font consolefont.Font) *image.RGBA {
	buf := cellbuf.NewBuffer(cols, rows)
	cellbuf.SetContent(buf, strings.ReplaceAll(frame, "\n", "\r\n"))
	img := image.NewRGBA(image.Rect(0, 0, cols*font.Width, rows*font.Height))
	for y := 0; y < rows; y++ {
		for x := 0; x < cols; x++ {
			cell := buf.Cell(x, y)
			r, fg, bg := ' ', color.Color(defaultFg), color.Color(defaultBg)
			if cell != nil {
				if cell.Rune != 0 {
					r = cell.Rune
				}
				if cell.Style.Fg != nil {
					fg = cell.Style.Fg
				}
				if cell.Style.Bg != nil {
					bg = cell.Style.Bg
				}
				if cell.Style.Attrs&cellbuf.ReverseAttr != 0 {
					fg, bg = bg, fg
				}
			}
			drawCell(img, x*font.Width, y*font.Height, r, fg, bg, font)
		}
	}
	return img
}

func drawCell(img *image.RGBA, x0, y0 int, r rune, fg, bg color.Color, font consolefont.Font) {
	for y := 0; y < font.Height; y++ {
		for x := 0; x < font.Width; x++ {
			c := bg
			if r != ' ' && font.Pixel(r, x, y) {
				c = fg
			}
			img.Set(x0+x, y0+y, c)
		}
	}
}
