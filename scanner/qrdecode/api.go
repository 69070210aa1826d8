// Package qrdecode finds QR codes in camera frames and image files, working on
// the luminance plane directly and escalating through stronger attempts only
// while the per-frame time budget allows.
//
// A camera frame first gets the ring scan (finderscan.go): if no row of
// the frame crosses a finder pattern's rings, the frame is empty and the
// decoder stops there, which keeps an idle kiosk's frame under a
// millisecond. Otherwise the cheap rungs run: the plane box-filtered down
// (to half size up to 800 pixels wide, to a third beyond), binarized
// (gozxing's hybrid binarizer, a local mean) and searched in both
// polarities (a dark-mode screen shows light modules on dark). Then the
// cycle of stronger rungs (half and full size, both polarities, local means
// of two window sizes, a global threshold, the running average of the
// frames) carries on from where the last frame stopped, for as long as each
// rung's measured cost still fits in the frame's budget. The budget is
// counted in the decoding thread's CPU time (clock.go), so what a frame
// reads does not depend on what else the machine is doing. A camera sees a
// held-still code for many frames, so no frame pays for every rung, and a
// code that only the last rung reads is read a few frames later.
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
	"errors"
	"fmt"
	"image"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
)

// Options tune a decoder. Zero values mean the defaults in the comments.
type Options struct {
	// Budget is what one camera frame may cost, in the decoding thread's
	// CPU time (clock.go); zero means DefaultBudget, which grows with the
	// frame from 8 ms for 640x480 to 12 ms for 1280x720 and beyond.
	Budget time.Duration
	// ROI restricts the downscaled attempts (the cheap tier and the
	// half-size rung) to a region (in frame coordinates); empty means the
	// centre of the frame as the decoder sees fit. This decoder sees fit to
	// use the whole frame: downscaled it is cheap enough, and a customer
	// does not aim. Full-size attempts always see the whole frame.
	ROI image.Rectangle
	// FileBudget is the time budget of DecodeFile and DecodeImage, which staff
	// use to check a printed code and can afford to wait for; default 1s.
	FileBudget time.Duration
	// Meter counts the budgets; nil means the decoding thread's CPU time
	// (clock.go). Tests give NewModelMeter(), whose schedule does not
	// depend on the machine or its load.
	Meter Meter
}

// Default budgets. A frame's default budget is DefaultBudget up to
// 640x480 and grows with its pixels to MaxDefaultBudget at 1280x720: what
// a frame may hold is a third of a 30 fps camera's frame interval at VGA,
// and a wider frame's full-size rungs cost more. The rest of the interval
// is the screen's and the other frames'.
const (
	DefaultBudget     = 8 * time.Millisecond
	MaxDefaultBudget  = 12 * time.Millisecond
	DefaultFileBudget = time.Second
)

// Limits of a configured budget (camera.decode_budget, decode --budget):
// under a millisecond reads nothing but clear codes, and a tenth of a
// second is three frames of a 30 fps camera.
const (
	MinBudget = time.Millisecond
	MaxBudget = 100 * time.Millisecond
)

// ParseBudget reads a budget as installers write it (decode --budget,
// camera.decode_budget): ReadBudget, then CheckBudget.
func ParseBudget(s string) (time.Duration, error) {
	d, err := ReadBudget(s)
	if err != nil {
		return 0, err
	}
	return d, CheckBudget(d)
}

// ReadBudget reads "auto" (zero: the default, which depends on the frame's
// size) or a duration ("0s" says auto too), without checking its range: a
// config file reports a bad value's line when it reads it, and the range
// with the other settings' checks.
func ReadBudget(s string) (time.Duration, error) {
	if s == "auto" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q %w", s, ErrBudgetSyntax)
	}
	return d, nil
}

// ErrBudgetSyntax and ErrBudgetRange are what is wrong with a budget, for
// a caller that says it in another language.
var (
	ErrBudgetSyntax = errors.New(`is not "auto" or a duration (write it like "20ms")`)
	ErrBudgetRange  = errors.New("is out of range")
)

// CheckBudget allows zero (auto) or MinBudget to MaxBudget.
func CheckBudget(d time.Duration) error {
	if d != 0 && (d < MinBudget || d > MaxBudget) {
		return fmt.Errorf("%s %w (use \"auto\", or %s to %s)", d, ErrBudgetRange, MinBudget, MaxBudget)
	}
	return nil
}

// budgetFor is the budget of a width x height frame.
func (d *Decoder) budgetFor(width, height int) time.Duration {
	if d.opts.Budget > 0 {
		return d.opts.Budget
	}
	const vga, hd = 640 * 480, 1280 * 720
	px := min(max(width*height, vga), hd)
	return DefaultBudget + (MaxDefaultBudget-DefaultBudget)*time.Duration(px-vga)/time.Duration(hd-vga)
}

// Forget drops what the decoder knows of the code being held up (the
// carried searches, the running average, where the cycle of rungs stands),
// so that the next frame is the first of another code; the costs it has
// measured are kept. `decode --frame` calls it between files.
func (d *Decoder) Forget() {
	d.deep.idle()
	d.avg.forget()
	d.carries = [numAttempts]carry{}
	d.frame.cands, d.frame.prevCands = d.frame.cands[:0], d.frame.prevCands[:0]
	d.next, d.empty, d.idle, d.frames = 0, 0, 0, 0
	d.deepWait, d.deepBackoff = 0, 0
}

// Close stops the decoder's deep search, if one is under way; the
// decoder may still be used after it.
func (d *Decoder) Close() { d.deep.idle() }

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
	cost   [numAttempts]ewma // measured cost of searching each attempt's matrix
	// matCost is the measured cost of making each matrix, by plane and
	// binarizer (the inverted rungs flip their upright one's).
	matCost [numPlanes][numBins]ewma
	// zoomCost is the zoom rung's whole cost per zoomed pixel (ladder.go),
	// as its region differs from frame to frame.
	zoomCost ewma
	scan     scanState // finderScan's buffers, reused
	avg      average   // running average of the frames that show rings
	next     int       // where in cycle the next frame starts
	empty    int       // frames in a row without finder rings
	idle     int       // frames in a row that ran no rung of the cycle
	order    []rung    // this frame's rungs, reused
	// carries are the perspective searches cut short by a frame's budget,
	// by rung, resumed in the next frames (carry.go); frames counts the
	// frames decoded, to age them.
	carries [numAttempts]carry
	frames  int
	// meter counts the budgets: Options.Meter, or the thread's CPU time.
	meter Meter
	// cyclePerFrame, when positive, caps the cycle's rungs per frame
	// whatever the budget (tests use it for a schedule that does not
	// depend on machine load).
	cyclePerFrame int
	// deep is the thorough path on its own goroutine, for codes held
	// still that the frames do not read at once (deep.go).
	deep *deepSearch
	// searchShare, when positive, caps each rung's perspective search at
	// that share of the budget (the deep search's decoder, deep.go).
	searchShare int
	// deepWait is how many frames with rings must pass before the next
	// deep search, deepBackoff the wait after the next one that fails.
	deepWait, deepBackoff int
}

// New makes a decoder.
func New(opts Options) *Decoder {
	if opts.FileBudget <= 0 {
		opts.FileBudget = DefaultFileBudget
	}
	d := &Decoder{opts: opts, meter: opts.Meter}
	if d.meter == nil {
		d.meter = threadMeter{}
	}
	_, model := d.meter.(*modelMeter)
	d.deep = newDeepSearch(model)
	d.reader = reader{
		qr:      decoder.NewDecoder(),
		sampler: common.NewDefaultGridSampler(),
		found:   func(p gozxing.ResultPoint) { d.frame.noteCandidate(p) },
	}
	return d
}

// DecodeLuma decodes an 8-bit luminance plane (Y of YUV, or grey) with the
// given row stride. The plane is only read during the call and never kept.
// A plane too small for its stated size gives an empty Result.
func (d *Decoder) DecodeLuma(y []byte, width, height, stride int) Result {
	return d.decode(y, width, height, stride, d.budgetFor(width, height), d.roi(width, height), true)
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
