package qrdecode_test

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner/qrdecode"
	"github.com/ashyq/kiosk/scanner/qrgen"
)

// generous keeps timing out of the tests: with a budget no attempt is ever
// skipped, so results do not depend on machine load or -race.
var generous = qrdecode.Options{Budget: time.Minute, FileBudget: time.Minute}

func decodeLuma(d *qrdecode.Decoder, img *image.Gray) qrdecode.Result {
	return d.DecodeLuma(img.Pix, img.Rect.Dx(), img.Rect.Dy(), img.Stride)
}

// TestDistortionClasses decodes eight seeded frames of every class. The
// floors are measured counts minus a margin, and a decoded text must always
// be the payload: a misread is worse than a miss. Perspective guards the
// rectified search (rectify.go): the demo IIN makes a version-1 code, which
// has no alignment pattern, and gozxing's own detector reads 0/8 of these.
func TestDistortionClasses(t *testing.T) {
	rateSweep(t)
	t.Parallel() // the heavy tests overlap
	floor := map[qrgen.Distortion]int{
		qrgen.Clean: 8, qrgen.Small: 7, qrgen.Large: 8, qrgen.Rotated: 8, qrgen.Blurred: 3,
		qrgen.Perspective: 7, qrgen.Inverted: 8, qrgen.LowContrast: 4, qrgen.Glare: 5,
		qrgen.Noisy: 7, qrgen.JPEG: 7,
	}
	for _, dist := range qrgen.Distortions() {
		t.Run(string(dist), func(t *testing.T) {
			t.Parallel()
			d := qrdecode.New(generous)
			got := 0
			for seed := int64(1); seed <= 8; seed++ {
				img := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Distortion: dist, Seed: seed})
				r := d.DecodeImage(img)
				for _, p := range r.Payloads {
					if p != qrgen.DemoIIN {
						t.Fatalf("seed %d: misread %q", seed, p)
					}
				}
				if len(r.Payloads) == 1 {
					got++
				}
			}
			t.Logf("%s: %d/8", dist, got)
			if got < floor[dist] {
				t.Errorf("decoded %d/8 frames, floor %d", got, floor[dist])
			}
		})
	}
}

func TestEmptyFrameGivesNothing(t *testing.T) {
	d := qrdecode.New(generous)
	for seed := int64(1); seed <= 8; seed++ {
		img := qrgen.MustFrame(qrgen.Spec{Width: 640, Height: 480, Seed: seed})
		if r := decodeLuma(d, img); len(r.Payloads) != 0 || r.Attempt != "" {
			t.Errorf("seed %d: empty frame gave %q via %q", seed, r.Payloads, r.Attempt)
		}
	}
}

func TestInvertedNeedsAnInvertedAttempt(t *testing.T) {
	d := qrdecode.New(generous)
	img := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Distortion: qrgen.Inverted, Seed: 3})
	r := decodeLuma(d, img)
	if len(r.Payloads) != 1 || r.Payloads[0] != qrgen.DemoIIN {
		t.Fatalf("payloads %q, want the demo IIN", r.Payloads)
	}
	if !strings.Contains(r.Attempt, "inverted") {
		t.Errorf("attempt %q, want an inverted one", r.Attempt)
	}
	if r.Elapsed <= 0 {
		t.Errorf("elapsed %v, want > 0", r.Elapsed)
	}
}

// TestStrideWiderThanWidth puts the frame in a buffer with padded rows full
// of a pattern that would break decoding if it were read as pixels.
func TestStrideWiderThanWidth(t *testing.T) {
	img := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Seed: 5})
	w, h := img.Rect.Dx(), img.Rect.Dy()
	stride := w + 37
	buf := make([]byte, (h-1)*stride+w) // the last row unpadded, as some drivers do
	for y := 0; y < h; y++ {
		copy(buf[y*stride:], img.Pix[y*img.Stride:y*img.Stride+w])
		for x := w; x < stride && y*stride+x < len(buf); x++ {
			buf[y*stride+x] = byte(255 * (x & 1))
		}
	}
	for _, opts := range []qrdecode.Options{generous, {Budget: time.Minute, ROI: image.Rect(0, 0, 600, 400)}} {
		r := qrdecode.New(opts).DecodeLuma(buf, w, h, stride)
		if len(r.Payloads) != 1 || r.Payloads[0] != qrgen.DemoIIN {
			t.Errorf("roi %v: payloads %q, want the demo IIN", opts.ROI, r.Payloads)
		}
	}
}

func TestShortPlaneIsRejectedNotRead(t *testing.T) {
	d := qrdecode.New(generous)
	if r := d.DecodeLuma(make([]byte, 100), 640, 480, 640); len(r.Payloads) != 0 {
		t.Errorf("short plane gave %q", r.Payloads)
	}
	if r := d.DecodeLuma(make([]byte, 640*480), 640, 480, 320); len(r.Payloads) != 0 {
		t.Errorf("stride < width gave %q", r.Payloads)
	}
}

func TestDecodeFileFormats(t *testing.T) {
	img := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Width: 320, Height: 240, Seed: 7})
	dir := t.TempDir()
	var pngBuf, jpgBuf bytes.Buffer
	if err := png.Encode(&pngBuf, img); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&jpgBuf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"code.png": pngBuf.Bytes(), "code.jpg": jpgBuf.Bytes()}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// testdata/demo-iin.webp is the same frame made with cwebp 1.2.4 (-q 85):
	// Go has a WebP decoder but no encoder.
	paths := []string{filepath.Join(dir, "code.png"), filepath.Join(dir, "code.jpg"), "testdata/demo-iin.webp"}
	for _, p := range paths {
		r, err := qrdecode.DecodeFile(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if len(r.Payloads) != 1 || r.Payloads[0] != qrgen.DemoIIN {
			t.Errorf("%s: payloads %q, want the demo IIN", p, r.Payloads)
		}
	}
}

func TestDecodeFileErrors(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not an image\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN})); err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "cut.png")
	if err := os.WriteFile(truncated, pngBuf.Bytes()[:pngBuf.Len()/2], 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path    string
		want    error
		message string
	}{
		{filepath.Join(dir, "missing.png"), os.ErrNotExist, "open image"},
		{text, qrdecode.ErrUnsupportedFormat, "unsupported image format"},
		{truncated, nil, "read " + truncated},
		{dir, nil, ""},
	}
	for _, c := range cases {
		_, err := qrdecode.DecodeFile(c.path)
		if err == nil {
			t.Errorf("%s: no error", c.path)
			continue
		}
		if c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.path, err, c.want)
		}
		if !strings.Contains(err.Error(), c.message) {
			t.Errorf("%s: error %q does not say %q", c.path, err, c.message)
		}
	}
}

// TestRobustnessRate guards the decode rate of the camera path over the
// robustness set. Measured with no time limit: 0.925 (185/200) on
// RobustnessSet(200, 1), 0.896 (60/67) on its every-third subset (before the
// ring scan and the grid fit: 0.860 and 0.836; ZXingReader 1.4 reads 0.72 of
// RobustnessSet(240, 1)). The floors are those minus a margin of about 0.03. Under -short the subset runs: the set cycles
// through the 11 classes, so every third image still covers each of them.
const (
	robustnessFloor       = 0.90
	robustnessSubsetFloor = 0.86
)

func TestRobustnessRate(t *testing.T) {
	rateSweep(t)
	t.Parallel() // the heavy tests overlap
	var set []qrgen.Sample
	floor := robustnessFloor
	if testing.Short() {
		// Render only the subset: rendering costs more than decoding.
		for i, s := range qrgen.RobustnessSpecs(200, 1) {
			if i%3 == 0 {
				s.Image = qrgen.MustFrame(s.Spec)
				set = append(set, s)
			}
		}
		floor = robustnessSubsetFloor
	} else {
		set = qrgen.RobustnessSet(200, 1)
	}
	d := qrdecode.New(generous)
	ok := 0
	for _, s := range set {
		r := decodeLuma(d, s.Image)
		for _, p := range r.Payloads {
			if p != s.Payload {
				t.Fatalf("%s: misread %q", s.Name, p)
			}
		}
		if len(r.Payloads) == 1 {
			ok++
		}
	}
	rate := float64(ok) / float64(len(set))
	t.Logf("robustness rate %.3f (%d/%d)", rate, ok, len(set))
	if rate < floor {
		t.Errorf("rate %.3f below floor %.2f", rate, floor)
	}
}

// TestStarvedBudgetStillReadsClearCodes gives a decoder a budget too small
// for any rung (1 ns): each frame then runs its first rung and every other
// frame the next rung of the cycle too, so every clean or small frame that
// an unhurried decoder reads in one frame without a perspective search
// (which the starved budget cuts at once) is read all the same within two
// cycles' frames, whatever its size. (Before the cycle
// carried on between frames, a kiosk whose budget ran out before the
// full-size rung missed codes that only that rung reads.)
func TestStarvedBudgetStillReadsClearCodes(t *testing.T) {
	rateSweep(t)
	t.Parallel() // the heavy tests overlap
	read, later, clean := 0, 0, 0
	for _, spec := range starvedSpecs() {
		img := qrgen.MustFrame(spec)
		calm := qrdecode.New(generous)
		qrdecode.SkipSearch(calm)
		want := decodeLuma(calm, img)
		if len(want.Payloads) == 0 {
			continue
		}
		read++
		if spec.Distortion == qrgen.Clean {
			clean++
		}
		starved := qrdecode.New(qrdecode.Options{Budget: time.Nanosecond})
		var got qrdecode.Result
		n := 0
		for ; n <= 2*qrdecode.CycleRungs && len(got.Payloads) == 0; n++ {
			got = decodeLuma(starved, img)
		}
		if len(got.Payloads) != 1 || got.Payloads[0] != qrgen.DemoIIN {
			t.Errorf("%s %dx%d seed %d: starved decoder read %q in %d frames, calm one read it via %q",
				spec.Distortion, spec.Width, spec.Height, spec.Seed, got.Payloads, n, want.Attempt)
		}
		if n > 1 {
			later++
		}
	}
	t.Logf("frames read: %d/32 (clean %d/16), %d of them by the starved decoder after its first frame", read, clean, later)
	if clean != 16 || later == 0 {
		t.Errorf("calm decoder read %d/16 clean frames in one frame (want all); starved one read %d after the first frame (want some, or the test tests nothing)", clean, later)
	}
}

// starvedSpecs are clean and small codes at 640x480 and 1280x720.
func starvedSpecs() []qrgen.Spec {
	var out []qrgen.Spec
	for _, dist := range []qrgen.Distortion{qrgen.Clean, qrgen.Small} {
		for _, size := range [][2]int{{640, 480}, {1280, 720}} {
			for seed := int64(1); seed <= 8; seed++ {
				out = append(out, qrgen.Spec{Payload: qrgen.DemoIIN, Distortion: dist, Width: size[0], Height: size[1], Seed: seed})
			}
		}
	}
	return out
}

// A tiny file that claims a huge picture must be refused before anything of
// that size is allocated.
func TestDecompressionBombIsRefused(t *testing.T) {
	// zeroPNG makes a valid PNG, as Go's decoder shows on a small one.
	small, err := png.Decode(bytes.NewReader(zeroPNG(t, 41, 30)))
	if err != nil || small.Bounds() != image.Rect(0, 0, 41, 30) {
		t.Fatalf("zeroPNG(41, 30) decodes to %v, %v", small, err)
	}
	// A valid 8000x8000 grey PNG of zeros compresses to a few kilobytes.
	bomb := zeroPNG(t, 8000, 8000)
	p := filepath.Join(t.TempDir(), "bomb.png")
	if err := os.WriteFile(p, bomb, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = qrdecode.DecodeFile(p)
	if !errors.Is(err, qrdecode.ErrTooLarge) || !strings.Contains(err.Error(), "8000x8000") {
		t.Fatalf("%d-byte file claiming 64 megapixels: err = %v", len(bomb), err)
	}
}

// zeroPNG is a black w x h grey PNG written without png.Encode, which
// filters and compresses 64 megapixels for the bomb (34 s under -race on
// a loaded machine): its image data is one compressed row, flushed to a
// byte boundary and repeated for every row (deflate blocks that refer to
// nothing before them may follow each other), and the Adler-32 of zeros
// is 1 + (count << 16).
func zeroPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var row bytes.Buffer
	fw, err := flate.NewWriter(&row, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(make([]byte, 1+w)); err != nil { // filter byte 0 and the row
		t.Fatal(err)
	}
	if err := fw.Flush(); err != nil {
		t.Fatal(err)
	}
	idat := []byte{0x78, 0xda}
	for range h {
		idat = append(idat, row.Bytes()...)
	}
	idat = append(idat, 0x03, 0x00) // an empty final block
	idat = binary.BigEndian.AppendUint32(idat, uint32(h*(1+w)%65521)<<16|1)
	out := []byte("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
		start := len(out)
		out = append(append(out, kind...), data...)
		out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
	}
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, uint32(w)), uint32(h))
	chunk("IHDR", append(ihdr, 8, 0, 0, 0, 0)) // 8-bit grey, not interlaced
	chunk("IDAT", idat)
	chunk("IEND", nil)
	return out
}

// TestSmallCodesWithinThreeFrames holds qrgen's small codes (under 100
// pixels, modules of two) still for three frames of a decoder with the
// default budget (counted by the model meter, so the outcome does not
// depend on the machine or its load: before it, with the thread's CPU
// time and a frame given up after three budgets of wall time, a loaded
// machine read 20/24), as `decode --frame` does. A small code's finder patterns
// can fall between the rows the ring scan reads, which then calls the
// frame empty; successive frames scan other rows, so most are read by the
// third frame. Measured: 24/24 (before the scan's rows moved from frame to
// frame, 17/24).
func TestSmallCodesWithinThreeFrames(t *testing.T) {
	rateSweep(t)
	t.Parallel()
	read := 0
	for seed := int64(1); seed <= 24; seed++ {
		img := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Distortion: qrgen.Small, Width: 640, Height: 480, Seed: seed})
		d := frameDecoder()
		for n := 1; n <= 3; n++ {
			r := decodeLuma(d, img)
			if len(r.Payloads) == 0 {
				continue
			}
			if r.Payloads[0] != qrgen.DemoIIN {
				t.Fatalf("seed %d: misread %q", seed, r.Payloads[0])
			}
			read++
			break
		}
	}
	t.Logf("small codes read within three frames: %d/24", read)
	if read < smallFloor {
		t.Errorf("read %d/24 small codes within three frames, floor %d", read, smallFloor)
	}
}

const smallFloor = 23

// frameDecoder is a decoder with the default options whose budgets are
// counted by the model meter (clock.go): what a frame reads under its
// default budget is then the same on any machine, at any load, under
// -race and under an emulator, as a test of it must be.
func frameDecoder() *qrdecode.Decoder {
	return qrdecode.New(qrdecode.Options{Meter: qrdecode.NewModelMeter()})
}

// TestZoomReadsTinyCodes: some of qrgen's small codes (modules of two
// pixels) are read by none of the camera's rungs before the zoom rung,
// which scales the region around a finder candidate up twice; with the
// default budget the camera path reads them within three frames, and the
// file path reads them too. The concentric check (which now reads the
// one such code of seeds 1-40 at full size) is left out, so that the test
// is of the zoom rung.
func TestZoomReadsTinyCodes(t *testing.T) {
	rateSweep(t)
	t.Parallel()
	zoomed := 0
	for seed := int64(1); seed <= 40; seed++ {
		img := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Distortion: qrgen.Small, Width: 640, Height: 480, Seed: seed})
		if r := decodeLuma(qrdecode.NoConcentricCheck(qrdecode.New(generous)), img); r.Attempt != "zoom" {
			continue
		}
		zoomed++
		d := qrdecode.NoConcentricCheck(frameDecoder())
		var got qrdecode.Result
		for n := 1; n <= 3 && len(got.Payloads) == 0; n++ {
			got = decodeLuma(d, img)
		}
		if len(got.Payloads) != 1 || got.Payloads[0] != qrgen.DemoIIN {
			t.Errorf("seed %d: the camera path read %q within three frames, want the code", seed, got.Payloads)
		}
		if r := qrdecode.NoConcentricCheck(qrdecode.New(generous)).DecodeImage(img); len(r.Payloads) != 1 || r.Payloads[0] != qrgen.DemoIIN {
			t.Errorf("seed %d: the file path read %q, want the code", seed, r.Payloads)
		}
	}
	if zoomed == 0 {
		t.Error("no small code of seeds 1-40 needed the zoom rung; the test tests nothing")
	}
	t.Logf("%d small codes read by the zoom rung first", zoomed)
}
