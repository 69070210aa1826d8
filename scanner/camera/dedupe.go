package camera

import "time"

// dedupe turns "seen in a frame" into "scanned once". A payload fires when it
// was not seen within cooldown and some decoded frame since its last
// sighting did not show it; every sighting, fired or not, restarts its
// cooldown, so a phone held in front of the camera for a minute is one scan,
// and the same person scanning again after stepping away is a second one.
// The frames count as well as the clock: on a machine so loaded that two
// decoded frames are the cooldown apart, a phone held still in both is
// still one scan. Only the decode goroutine uses it.
type dedupe struct {
	cooldown  time.Duration
	lastSeen  map[string]time.Time
	lastFrame map[string]uint64
	frame     uint64 // decoded frames so far (next)
}

func newDedupe(cooldown time.Duration) *dedupe {
	return &dedupe{cooldown: cooldown, lastSeen: make(map[string]time.Time), lastFrame: make(map[string]uint64)}
}

// next starts a decoded frame's sightings.
func (d *dedupe) next() { d.frame++ }

// seen records a sighting at time at, in the current frame, and reports
// whether it is a new scan.
func (d *dedupe) seen(payload string, at time.Time) bool {
	last, ok := d.lastSeen[payload]
	gap := d.frame > d.lastFrame[payload]+1
	d.lastSeen[payload], d.lastFrame[payload] = at, d.frame
	return !ok || (at.Sub(last) >= d.cooldown && gap)
}

// forget drops payloads not seen within cooldown of now, keeping the map as
// small as the handful of codes recently in view.
func (d *dedupe) forget(now time.Time) {
	for p, last := range d.lastSeen {
		if now.Sub(last) >= d.cooldown && d.frame > d.lastFrame[p] {
			delete(d.lastSeen, p)
			delete(d.lastFrame, p)
		}
	}
}
