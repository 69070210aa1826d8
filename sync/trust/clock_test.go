package trust_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/trust"
)

// runningFrom is a wall clock that starts at base and runs at the real
// pace, with Go's monotonic reading, as time.Now does.
func runningFrom(base time.Time) func() time.Time {
	boot := time.Now()
	shift := base.Sub(boot.Round(0))
	return func() time.Time { return time.Now().Add(shift) }
}

// Sequences of readings of the upstream clock, and what the clock makes of
// them. "off" is the reading minus the real time.
func TestClockReadings(t *testing.T) {
	now := time.Now().UTC()
	type reading struct {
		off    time.Duration
		at     time.Time // absolute instead of off, when set
		accept bool
	}
	for _, tt := range []struct {
		name     string
		wall     time.Time // the device clock at the start
		seen     time.Time // from disk
		readings []reading
		wantOff  time.Duration // the clock's error after them
		trusted  bool
	}{
		{name: "agrees with a right wall clock", wall: now,
			readings: []reading{{off: 3 * time.Second, accept: true}}, wantOff: 3 * time.Second, trusted: true},
		{name: "2200 against a right wall clock", wall: now,
			readings: []reading{{at: time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)}}, trusted: true},
		{name: "2200 against the last reading, then a normal one", wall: now,
			readings: []reading{{off: 0, accept: true}, {off: 175 * 365 * 24 * time.Hour}, {off: time.Second, accept: true}},
			wantOff:  time.Second, trusted: true},
		{name: "before the floor is never believed, even twice", wall: time.Unix(0, 0),
			readings: []reading{{at: time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)}, {at: time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)}}},
		{name: "1970 device clock takes the first reading", wall: time.Unix(0, 0),
			readings: []reading{{off: 0, accept: true}}, trusted: true},
		{name: "device clock behind the time on disk takes the first reading", wall: now.Add(-24 * time.Hour), seen: now,
			readings: []reading{{off: 0, accept: true}}, trusted: true},
		{name: "a wrong first reading is put right by the next two", wall: time.Unix(0, 0),
			readings: []reading{{off: 100 * 24 * time.Hour, accept: true}, {off: 0}, {off: 0, accept: true}}, trusted: true},
		{name: "a device clock 20 minutes off: the second reading settles it", wall: now.Add(20 * time.Minute),
			readings: []reading{{off: 0}, {off: 0, accept: true}}, trusted: true},
		{name: "two different absurd readings settle nothing", wall: now,
			readings: []reading{{off: 0, accept: true}, {off: 48 * time.Hour}, {off: -48 * time.Hour}}, trusted: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wall := runningFrom(tt.wall)
			c := trust.NewClock(wall, tt.seen)
			for i, r := range tt.readings {
				up := r.at
				if up.IsZero() {
					up = time.Now().Add(r.off)
				}
				err := c.Observe(up, wall())
				if (err == nil) != r.accept {
					t.Fatalf("reading %d (%s): %v, want accepted %v", i, up.Format(time.RFC3339), err, r.accept)
				}
				if err != nil && !errors.Is(err, trust.ErrImplausibleTime) {
					t.Fatalf("reading %d: %v", i, err)
				}
			}
			st := c.Now()
			if st.Trusted != tt.trusted {
				t.Fatalf("trusted %v, want %v (%+v)", st.Trusted, tt.trusted, st)
			}
			if st.Trusted {
				if got := time.Until(st.Now); (got - tt.wantOff).Abs() > 5*time.Second {
					t.Errorf("clock off by %s, want %s (%+v)", got.Round(time.Second), tt.wantOff, st)
				}
			}
		})
	}
}

// A reading that arrives after a newer one was accepted (a slow answer
// overtaken by a health check) does not move the clock back.
func TestClockKeepsTheNewerReading(t *testing.T) {
	c := trust.NewClock(time.Now, time.Time{})
	early := time.Now()
	if err := c.Observe(early.Add(time.Second), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := c.Observe(early.Add(-5*time.Second), early); err != nil {
		t.Fatal(err)
	}
	if st := c.Now(); time.Until(st.Now) < 500*time.Millisecond {
		t.Errorf("the late, older reading moved the clock: %+v", st)
	}
}
