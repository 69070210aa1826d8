package app

import (
	"testing"
	"time"
)

// TestCameraConfigCarriesTheDecodeBudget: camera.decode_budget reaches the
// camera loop's config, and "auto" is the zero that leaves the decoder its
// own default.
func TestCameraConfigCarriesTheDecodeBudget(t *testing.T) {
	for _, tt := range []struct {
		text string
		want time.Duration
	}{
		{"auto", 0},
		{"25ms", 25 * time.Millisecond},
	} {
		cfg := ownerConfig(t.TempDir(), "")
		if err := cfg.Camera.DecodeBudget.UnmarshalText([]byte(tt.text)); err != nil {
			t.Fatal(err)
		}
		a, _ := openApp(t, cfg)
		got := a.cameraConfig()
		a.Close()
		if got.DecodeBudget != tt.want {
			t.Errorf("decode_budget = %q: camera.Config.DecodeBudget %s, want %s", tt.text, got.DecodeBudget, tt.want)
		}
		if got.Cooldown != cfg.Camera.Cooldown.Duration || got.Device != cfg.Camera.Device || got.FPS != cfg.Camera.FPS {
			t.Errorf("camera config %+v does not follow [camera] %+v", got, cfg.Camera)
		}
	}
}
