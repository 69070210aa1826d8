package config

import (
	"testing"
	"time"
)

func TestDecodeBudget(t *testing.T) {
	for _, tt := range []struct {
		name, line string
		want       time.Duration
	}{
		{"absent is auto", "", 0},
		{"auto", `decode_budget = "auto"`, 0},
		{"zero says auto too", `decode_budget = "0s"`, 0},
		{"lowest", `decode_budget = "1ms"`, time.Millisecond},
		{"slow board", `decode_budget = "25ms"`, 25 * time.Millisecond},
		{"highest", `decode_budget = "100ms"`, 100 * time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(write(t, minimal+"\n[camera]\n"+tt.line+"\n"), nil)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Camera.DecodeBudget.Duration != tt.want {
				t.Errorf("camera.decode_budget = %s, want %s", cfg.Camera.DecodeBudget.Duration, tt.want)
			}
		})
	}
}

func TestDecodeBudgetRefused(t *testing.T) {
	const rangeMsg = `is out of range (use "auto", or 1ms to 100ms)`
	for _, tt := range []struct {
		name, value, want string // want follows the file's name
	}{
		{"too long", `"150ms"`, `camera.decode_budget: 150ms ` + rangeMsg},
		{"too short", `"500us"`, `camera.decode_budget: 500µs ` + rangeMsg},
		{"negative", `"-5ms"`, `camera.decode_budget: -5ms ` + rangeMsg},
		{"words", `"fast"`, `line 10: camera.decode_budget: "fast" is not "auto" or a duration (write it like "20ms")`},
		{"bare number", `20`, `line 10: camera.decode_budget: "20" is not "auto" or a duration (write it like "20ms")`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, minimal+"\n[camera]\ndecode_budget = "+tt.value+"\n")
			_, err := Load(p, nil)
			if want := p + ": " + tt.want; err == nil || err.Error() != want {
				t.Errorf("error\n  %v\nwant\n  %s", err, want)
			}
		})
	}
}

func TestDecodeBudgetRoundTrips(t *testing.T) {
	for _, d := range []AutoDuration{{}, {20 * time.Millisecond}} {
		b, _ := d.MarshalText()
		var back AutoDuration
		if err := back.UnmarshalText(b); err != nil || back != d {
			t.Errorf("%s wrote %q, read back %s (%v)", d.Duration, b, back.Duration, err)
		}
	}
}
