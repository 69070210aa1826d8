// Package webqr draws QR codes as SVG for the server's pages (an owner's
// door codes, the enrolment codes an owner or the operator makes).
package webqr

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// SVG draws payload as a QR code in SVG: one path of whole modules with
// a quiet zone of four, error correction M (a printed code survives some
// wear; a code on a screen is read at once). The SVG is made here from the
// encoder's matrix, so it is safe to put in a page as it is.
func SVG(payload string, title string) (template.HTML, error) {
	hints := map[gozxing.EncodeHintType]any{
		gozxing.EncodeHintType_ERROR_CORRECTION: "M",
		gozxing.EncodeHintType_MARGIN:           0,
		gozxing.EncodeHintType_CHARACTER_SET:    "UTF-8",
	}
	m, err := qrcode.NewQRCodeWriter().Encode(payload, gozxing.BarcodeFormat_QR_CODE, 0, 0, hints)
	if err != nil {
		return "", fmt.Errorf("encode QR code: %w", err)
	}
	const quiet = 4
	n := m.GetWidth()
	var path strings.Builder
	for y := 0; y < m.GetHeight(); y++ {
		for x := 0; x < n; x++ {
			if m.Get(x, y) {
				fmt.Fprintf(&path, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	size := n + 2*quiet
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="%s"><rect width="%d" height="%d" fill="#fff"/><path d="%s" fill="#000"/></svg>`,
		size, size, template.HTMLEscapeString(title), size, size, path.String())), nil // #nosec: built from numbers and an escaped title
}
