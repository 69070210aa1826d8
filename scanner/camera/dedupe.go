package camera

import "time"

// dedupe turns "seen in a frame" into "scanned once". A payload fires when it
// was not seen within cooldown; every sighting, fired or not, restarts its
// cooldown, so a phone held in front of the camera for a minute is one scan,
// and the same person scanning again after stepping away is a second one.
// Only the decode goroutine uses it.
type dedupe struct {
	cooldown time.Duration
	lastSeen map[string]time.Time
}

func newDedupe(cooldown time.Duration) *dedupe {
	return &dedupe{cooldown: cooldown, lastSeen: make(map[string]time.Time)}
}

// seen records a sighting at time at and reports whether it is a new scan.
func (d *dedupe) seen(payload string, at time.Time) bool {
	last, ok := d.lastSeen[payload]
	d.lastSeen[payload] = at
	return !ok || at.Sub(last) >= d.cooldown
}

// forget drops payloads not seen within cooldown of now, keeping the map as
// small as the handful of codes recently in view.
func (d *dedupe) forget(now time.Time) {
	for p, last := range d.lastSeen {
		if now.Sub(last) >= d.cooldown {
			delete(d.lastSeen, p)
		}
	}
}
