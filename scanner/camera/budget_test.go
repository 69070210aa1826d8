package camera_test

import (
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/scanner/camera/cameratest"
	"github.com/ashyq/kiosk/scanner/qrdecode"
)

// TestDecodeBudgetReachesTheDecoder runs the capture loop and checks the
// options the decode loop builds its decoder with: Config.DecodeBudget is
// the decoder's Budget, and zero leaves qrdecode its own default. The hook
// builds the real decoder from those options, so the code is still read.
func TestDecodeBudgetReachesTheDecoder(t *testing.T) {
	for _, budget := range []time.Duration{0, 30 * time.Millisecond} {
		t.Run(budget.String(), func(t *testing.T) {
			drv := cameratest.Register(t, newScene(qrFrame(t, demoIIN, 1)).options())
			got := make(chan qrdecode.Options, 1)
			hooks := fastRetry()
			hooks.NewDecode = func(o qrdecode.Options) func([]byte, int, int, int) []string {
				got <- o
				d := qrdecode.New(o)
				return func(y []byte, w, h, stride int) []string { return d.DecodeLuma(y, w, h, stride).Payloads }
			}
			cam := camera.NewForTest(camera.Config{Device: drv.Label(), DecodeBudget: budget}, hooks)
			run(t, cam)
			if s := nextScan(t, cam); s.Payload != demoIIN {
				t.Fatalf("scan %q, want %q", s.Payload, demoIIN)
			}
			if o := <-got; o.Budget != budget {
				t.Fatalf("decoder made with Budget %s, want %s", o.Budget, budget)
			}
		})
	}
}
