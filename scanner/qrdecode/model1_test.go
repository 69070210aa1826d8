package qrdecode_test

import (
	"testing"

	"github.com/ashyq/kiosk/scanner/qrdecode"
)

// TestModel1Sample reads zxing-cpp's own QR Code Model 1 sample
// (testdata/model1/README.md), a symbol gozxing alone does not read, with
// the file path and with the camera's path.
func TestModel1Sample(t *testing.T) {
	const path, want = "testdata/model1/qr-model-1.png", "QR Code Model 1 "
	res, err := qrdecode.DecodeFile(path)
	if err != nil || len(res.Payloads) != 1 || res.Payloads[0] != want {
		t.Errorf("decode read %q, %v; want %q", res.Payloads, err, want)
	}
	res, frames, err := frameDecoder().DecodeFileAsFrames(path, 3)
	if err != nil || len(res.Payloads) != 1 || res.Payloads[0] != want {
		t.Errorf("decode --frame read %q in %d frames, %v; want %q", res.Payloads, frames, err, want)
	}
}
