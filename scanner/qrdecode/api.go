// Package qrdecode finds QR codes in camera frames and image files, working on
// the luminance plane directly and escalating through stronger attempts only
// while the per-frame time budget allows.
//
// CONTRACT SKELETON: the signatures below are fixed (other packages compile
// against them); the bodies are being written.
package qrdecode

import (
	"image"
	"time"
)

// Options tune a decoder. Zero values mean the defaults in the comments.
type Options struct {
	Budget time.Duration // per-frame time budget for escalation; default 25ms
	// ROI restricts the first, cheap attempt to a region (in frame
	// coordinates); empty means the centre of the frame as the decoder sees fit.
	ROI image.Rectangle
}

// Result is what one frame gave.
type Result struct {
	Payloads []string      // decoded texts, untrusted; empty when none
	Attempt  string        // which attempt found them ("fast", "inverted", ...)
	Elapsed  time.Duration // time spent on the frame
}

// Decoder is not safe for concurrent use; make one per goroutine.
type Decoder struct{}

// New makes a decoder.
func New(opts Options) *Decoder { panic("qrdecode: not implemented yet") }

// DecodeLuma decodes an 8-bit luminance plane (Y of YUV, or grey) with the
// given row stride.
func (d *Decoder) DecodeLuma(y []byte, width, height, stride int) Result {
	panic("qrdecode: not implemented yet")
}

// DecodeImage decodes any image (files; converted to luminance once).
func (d *Decoder) DecodeImage(img image.Image) Result { panic("qrdecode: not implemented yet") }
