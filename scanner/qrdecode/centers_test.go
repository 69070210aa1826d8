package qrdecode

import (
	"image"
	"testing"

	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// TestThirdFinderBehindAFalseOne: in this clean, slightly tilted code,
// data modules next to the alignment pattern show the finder's ratio on two
// rows above the bottom-left finder's centre. gozxing's finder confirms them
// as its third pattern and stops scanning before it reaches the real one,
// so its triple does not decode; zxing-cpp 3, zxing-cpp 1.4 and zbar read
// the code. The full scan finds the real finder. (TestRegressionImages
// reads the code on both paths.)
func TestThirdFinderBehindAFalseOne(t *testing.T) {
	const path = "testdata/regress/false-third-finder.jpg"
	img, err := readImage(path)
	if err != nil {
		t.Fatal(err)
	}
	pix, w, h, stride := luma(img)
	var f frameState
	if !f.reset(pix, w, h, stride, image.Rectangle{}) {
		t.Fatal("reset")
	}
	defer f.release()
	m := f.matrix(pFull, bHybrid)
	d := New(Options{})
	finder := detector.NewFinderPatternFinder(m, nil)
	info, err := finder.Find(nil)
	if err != nil {
		t.Fatalf("gozxing finds no triple at all (%v): the image no longer shows the case", err)
	}
	if _, ok := d.reader.detect(m, info); ok {
		t.Fatal("gozxing's own triple decodes: the image no longer shows the case")
	}
	if _, partial := rescanStep(finder.GetPossibleCenters(), true); !partial {
		t.Fatal("a scan that stopped at three is not rescanned")
	}
	if all, _ := allCenters(m, minRowStep, func() bool { return false }, nil); len(all) <= len(finder.GetPossibleCenters()) {
		t.Errorf("the full scan has %d candidates, gozxing's %d: it found nothing more", len(all), len(finder.GetPossibleCenters()))
	}

}
