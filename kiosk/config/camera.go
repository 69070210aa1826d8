package config

import (
	"time"

	"github.com/ashyq/kiosk/scanner/qrdecode"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

// camera.decode_budget is what the decoder may spend on one camera frame,
// in the decoding thread's CPU time. The decoder's own default (8 ms at
// 640x480, growing to 12 ms at 1280x720) suits a PC; on a slow armhf board
// a full-size rung may cost more than that and then never runs, so small
// or tilted codes are read late or not at all. Raising it does not make the
// camera fall behind: the decoder always takes the newest frame.

// AutoDuration is a Duration that may also be written "auto": zero, which
// leaves the consumer its own default (for decode_budget, one that depends
// on the camera's frame size, which the config does not decide alone).
type AutoDuration struct{ time.Duration }

// UnmarshalText parses "auto" or a Go duration string (qrdecode.ReadBudget);
// like Duration, a bare number is refused.
func (d *AutoDuration) UnmarshalText(b []byte) error {
	v, err := qrdecode.ReadBudget(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// MarshalText writes "auto" for zero, else the duration.
func (d AutoDuration) MarshalText() ([]byte, error) {
	if d.Duration == 0 {
		return []byte("auto"), nil
	}
	return []byte(d.String()), nil
}

// validateDecodeBudget allows "auto" (zero; "0s" says the same) or 1ms to
// 100ms (qrdecode.CheckBudget).
func (c Camera) validateDecodeBudget(bad func(key string, k i18n.Key, args ...any)) {
	if err := qrdecode.CheckBudget(c.DecodeBudget.Duration); err != nil {
		bad("camera.decode_budget", i18n.CfgBudgetRange, c.DecodeBudget.Duration, qrdecode.MinBudget, qrdecode.MaxBudget)
	}
}
