package door

import (
	"time"

	"github.com/ashyq/kiosk/sync/trust"
)

// ClockState is the pass clock as the screen and `check` show it.
type ClockState = trust.ClockState

// newClock is the time passes are judged by: the trust store's clock, which
// owns every reading of the upstream's (trust.Clock), or without a trust
// store a clock of the engine's own, which only the screen reads.
func newClock(cfg Config) *trust.Clock {
	if cfg.Trust != nil {
		return cfg.Trust.Clock()
	}
	return trust.NewClock(cfg.Now, time.Time{})
}

// Clock returns the time passes are judged by.
func (e *Engine) Clock() ClockState { return e.clock.At(e.cfg.Now()) }
