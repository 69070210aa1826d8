package metrics

import (
	"context"
	"io"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/scanner/camera/cameratest"
)

func scrapeText(t *testing.T, k *Kiosk) string {
	t.Helper()
	rec := httptest.NewRecorder()
	k.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func value(t *testing.T, text, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no series %s in:\n%s", series, text)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The camera's counters reach the metrics as the camera keeps them: the
// real capture and decode loop on a test driver, read at scrape time.
func TestCameraFramesDecodeTimeAndErrors(t *testing.T) {
	if !camera.Supported() {
		t.Skip("this build has no camera (CGO_ENABLED=0); the camera series are absent by design")
	}
	drv := cameratest.Register(t, cameratest.Options{FPS: 60})
	cam := camera.New(camera.Config{Device: drv.Label()})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { cam.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	k := New(Sources{Camera: cam, Device: "d", Venue: "v", Version: "t"})

	deadline := time.Now().Add(20 * time.Second)
	for cam.Stats().FramesDecoded < 5 {
		if time.Now().After(deadline) {
			t.Fatalf("camera decoded %d frames in 20 s", cam.Stats().FramesDecoded)
		}
		time.Sleep(20 * time.Millisecond)
	}
	drv.Unplug()
	for cam.Stats().Errors < 1 {
		if time.Now().After(deadline) {
			t.Fatal("unplugging the camera counted no error")
		}
		time.Sleep(20 * time.Millisecond)
	}
	text := scrapeText(t, k)
	st := cam.Stats()
	if got := value(t, text, `ashyq_kiosk_camera_frames_total{fate="decoded"}`); got < 5 || got > float64(st.FramesDecoded) {
		t.Errorf("decoded frames %v, camera says %d", got, st.FramesDecoded)
	}
	if n, sum := value(t, text, "ashyq_kiosk_decode_seconds_count"), value(t, text, "ashyq_kiosk_decode_seconds_sum"); n < 5 || sum <= 0 || sum/n > 1 {
		t.Errorf("decode time: %v frames, %v s in all", n, sum)
	}
	if got := value(t, text, "ashyq_kiosk_camera_errors_total"); got < 1 {
		t.Errorf("camera errors %v after an unplug", got)
	}
	if got := value(t, text, "ashyq_kiosk_camera_enabled"); got != 1 {
		t.Errorf("camera_enabled %v", got)
	}
}
