// Package qrdecode finds QR codes in camera frames and image files, working on
// the luminance plane directly and escalating through stronger attempts only
// while the per-frame time budget allows.
//
// A camera frame first gets the cheap tier: the plane box-filtered down (to
// half size up to 800 pixels wide, to a third beyond, so an idle 720p camera
// costs about what a VGA one does), thresholded against its local mean and
// searched in both polarities (a dark-mode screen shows light modules on
// dark). If neither shows a single finder-pattern candidate the frame is
// empty and the decoder stops there: that keeps an idle kiosk's frame under
// a millisecond. Otherwise the hybrid binarizer on that plane and the half-
// and full-size rungs always follow (they read clear and small codes, and a
// clear code must not depend on machine load), then stronger ones (local
// means of two window sizes, a global threshold, full-size dark mode) for
// as long as each one's measured cost still fits in the budget. A camera
// sees a held-still code for many frames, so each frame starts the strong
// rungs one further on and always runs the first of its turn: every strong
// rung gets its chance within a few frames while no frame pays for all.
// When the finder patterns are found but the code does not decode, the
// full-size rungs fit the grid to every alignment pattern (gridfit.go) and,
// for small versions, search for the fourth corner (rectify.go). A search
// that a frame's budget cuts short is carried on by the next frames from
// where it stopped while the finder patterns stay put (carry.go), and
// successive frames' ring scans read different rows, so a dense tilted or
// a small code held still gets the search it needs over a few frames.
//
// Files (DecodeFile) are read with the standard library's decoders and take
// a shorter ladder chosen on the robustness set; see ladder.go for the rungs
// and what each one reads.
package qrdecode

import (
	"image"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
)

// Options tune a decoder. Zero values mean the defaults in the comments.
type Options struct {
	Budget time.Duration // per-frame time budget for escalation; default 4ms
	// ROI restricts the downscaled attempts (the cheap tier and the
	// half-size rung) to a region (in frame coordinates); empty means the
	// centre of the frame as the decoder sees fit. This decoder sees fit to
	// use the whole frame: downscaled it is cheap enough, and a customer
	// does not aim. Full-size attempts always see the whole frame.
	ROI image.Rectangle
	// FileBudget is the time budget of DecodeFile and DecodeImage, which staff
	// use to check a printed code and can afford to wait for; default 1s.
	FileBudget time.Duration
}

// Default budgets.
const (
	DefaultBudget     = 4 * time.Millisecond
	DefaultFileBudget = time.Second
)

// Result is what one frame gave.
type Result struct {
	Payloads []string      // decoded texts, untrusted; empty when none
	Attempt  string        // which attempt found them ("fast", "inverted", ...)
	Elapsed  time.Duration // time spent on the frame
}

// Decoder is not safe for concurrent use; make one per goroutine.
// It keeps its buffers between frames so a steady camera loop allocates
// little, and it learns what each attempt costs on this machine so that the
// budget check uses measured, not guessed, costs.
type Decoder struct {
	opts   Options
	reader reader
	frame  frameState        // per-frame planes and binarized matrices
	cost   [numAttempts]ewma // measured cost of each attempt
	seen   int               // finder candidates counted by the callback
	scan   scanState         // finderScan's buffers, reused
	avg    average           // running average of the frames that show rings
	turn   int               // where the strong rungs start next frame
	order  []attemptID       // this frame's rungs, reused
	// carries are the perspective searches cut short by a frame's budget,
	// by rung, resumed in the next frames (carry.go); frames counts the
	// frames decoded, to age them.
	carries [numAttempts]carry
	frames  int
	// strongPerFrame, when positive, caps the strong rungs per frame
	// whatever the budget (tests use it for a schedule that does not
	// depend on machine load).
	strongPerFrame int
}

// New makes a decoder.
func New(opts Options) *Decoder {
	if opts.Budget <= 0 {
		opts.Budget = DefaultBudget
	}
	if opts.FileBudget <= 0 {
		opts.FileBudget = DefaultFileBudget
	}
	d := &Decoder{opts: opts}
	d.reader = reader{
		qr:      decoder.NewDecoder(),
		sampler: common.NewDefaultGridSampler(),
		found:   func(gozxing.ResultPoint) { d.seen++ },
	}
	return d
}

// DecodeLuma decodes an 8-bit luminance plane (Y of YUV, or grey) with the
// given row stride. The plane is only read during the call and never kept.
// A plane too small for its stated size gives an empty Result.
func (d *Decoder) DecodeLuma(y []byte, width, height, stride int) Result {
	return d.decode(y, width, height, stride, d.opts.Budget, d.roi(width, height), true)
}

// DecodeImage decodes any image (files; converted to luminance once).
// It spends up to Options.FileBudget.
func (d *Decoder) DecodeImage(img image.Image) Result {
	start := time.Now()
	pix, w, h, stride := luma(img)
	r := d.decode(pix, w, h, stride, d.opts.FileBudget, image.Rectangle{}, false)
	r.Elapsed = time.Since(start)
	return r
}

// roi is the configured region clipped to the frame, or empty.
func (d *Decoder) roi(width, height int) image.Rectangle {
	r := d.opts.ROI.Intersect(image.Rect(0, 0, width, height))
	if r.Dx() < 32 || r.Dy() < 32 || r == image.Rect(0, 0, width, height) {
		return image.Rectangle{}
	}
	return r
}
