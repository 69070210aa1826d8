package common

import (
	"math"

	"github.com/lucasb-eyer/go-colorful"
	"github.com/muesli/termenv"
)

// Contrast is the WCAG 2 contrast ratio of two colours, from 1 (the same)
// to 21 (black on white). AA asks 4.5 for text and 3 for large text.
func Contrast(a, b colorful.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is WCAG 2's relative luminance of an sRGB colour.
func luminance(c colorful.Color) float64 {
	lin := func(v float64) float64 {
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// vgaPalette is the Linux console's default palette (the kernel's
// default_red/grn/blu), which is what a 16-colour escape shows on the bare
// console; it differs from xterm's, most of all colour 3, which is brown.
var vgaPalette = [16]string{
	"#000000", "#aa0000", "#00aa00", "#aa5500", "#0000aa", "#aa00aa", "#00aaaa", "#aaaaaa",
	"#555555", "#ff5555", "#55ff55", "#ffff55", "#5555ff", "#ff55ff", "#55ffff", "#ffffff",
}

// Shown is the colour a terminal with profile p shows for hex: the hex
// itself in true colour, else the palette entry termenv reduces it to:
// xterm's 256 colours, or for 16 colours the Linux console's palette when
// linux is set (the kiosk's usual screen) and xterm's otherwise.
func Shown(hex string, p termenv.Profile, linux bool) colorful.Color {
	c := p.Color(hex)
	if ac, ok := c.(termenv.ANSIColor); ok && linux {
		v, _ := colorful.Hex(vgaPalette[int(ac)&15])
		return v
	}
	if c == nil {
		v, _ := colorful.Hex(hex)
		return v
	}
	return termenv.ConvertToRGB(c)
}
