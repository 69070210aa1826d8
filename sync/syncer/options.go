package syncer

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// Options tune a syncer. Zero values mean the defaults in the comments.
type Options struct {
	Device     string        // required
	Venue      string        // required; for occupancy
	BatchSize  int           // events per request; default 500
	BatchWait  time.Duration // wait this long for more events before sending; default 200ms
	MinBackoff time.Duration // default 500ms
	MaxBackoff time.Duration // default 60s
	PollEvery  time.Duration // health/occupancy poll while idle; default 10s
	Logger     *slog.Logger
	Now        func() time.Time
	// CheckIn, if set, builds the kiosk's report for POST /v1/checkin,
	// sent every CheckInEvery (default 30s) while the upstream answers;
	// OnSettings (if set) gets what was sent and the settings that came
	// back. A venue's owner changes settings upstream, and this is how
	// the kiosk picks them up within a minute.
	CheckIn      func() wire.CheckIn
	OnSettings   func(sent wire.CheckIn, got wire.DeviceSettings)
	CheckInEvery time.Duration
}

// maxRetryAfter caps a server-given Retry-After, so a misconfigured
// upstream cannot park a kiosk's records for a day.
const maxRetryAfter = 10 * time.Minute

// maxBatchSize keeps one request well inside what an upstream accepts.
const maxBatchSize = 5000

func (o Options) withDefaults() (Options, error) {
	var errs []error
	if o.Device == "" {
		errs = append(errs, errors.New("device is required"))
	}
	if o.Venue == "" {
		errs = append(errs, errors.New("venue is required"))
	}
	if o.BatchSize < 0 || o.BatchSize > maxBatchSize {
		errs = append(errs, fmt.Errorf("batch size %d is not between 1 and %d", o.BatchSize, maxBatchSize))
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"batch wait", o.BatchWait}, {"min backoff", o.MinBackoff}, {"max backoff", o.MaxBackoff}, {"poll interval", o.PollEvery}} {
		if d.v < 0 {
			errs = append(errs, fmt.Errorf("%s %s is negative", d.name, d.v))
		}
	}
	if len(errs) > 0 {
		return o, errors.Join(errs...)
	}
	if o.BatchSize == 0 {
		o.BatchSize = 500
	}
	if o.BatchWait == 0 {
		o.BatchWait = 200 * time.Millisecond
	}
	if o.MinBackoff == 0 {
		o.MinBackoff = 500 * time.Millisecond
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = 60 * time.Second
	}
	if o.PollEvery == 0 {
		o.PollEvery = 10 * time.Second
	}
	if o.CheckInEvery <= 0 {
		o.CheckInEvery = 30 * time.Second
	}
	if o.MinBackoff > o.MaxBackoff {
		return o, fmt.Errorf("min backoff %s is above max backoff %s", o.MinBackoff, o.MaxBackoff)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}
