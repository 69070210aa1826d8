package config

import (
	"time"
	_ "time/tzdata" // venue.time_zone must load on a board without /usr/share/zoneinfo

	"github.com/ashyq/kiosk/kiosk/i18n"
)

// Sound is the verdict sounds played through ALSA.
type Sound struct {
	// Enabled false plays nothing and rings no bell.
	Enabled bool `toml:"enabled"`
	// Device is the ALSA PCM ("default"; "null" for silence on a box
	// without speakers).
	Device string `toml:"device"`
	// A WAV file per cue; empty plays the built-in sound.
	Allowed string `toml:"allowed"`
	Refused string `toml:"refused"`
	Full    string `toml:"full"`
	Invalid string `toml:"invalid"`
	Alarm   string `toml:"alarm"`
}

// Venue is what the kiosk knows of its venue's limits before the upstream
// tells it (the upstream's capacity wins) and what the owner menu changes.
type Venue struct {
	// Capacity is the most people inside at once; 0 is no limit.
	Capacity int `toml:"capacity"`
	// ClosingTime is "HH:MM" local time, or empty: visits still open then
	// are closed by the upstream as automatic exits.
	ClosingTime string `toml:"closing_time"`
	// MaxStay closes a visit automatically after this long; 0 is never.
	MaxStay Duration `toml:"max_stay"`
	// TimeZone is the IANA zone ClosingTime is in, for the upstream, which
	// closes the visits.
	TimeZone string `toml:"time_zone"`
}

// ScreenSaver protects the monitor from burn-in while nobody comes.
type ScreenSaver struct {
	// After is how long without a scan or key before the idle screen dims
	// and starts moving slowly; 0 never.
	After Duration `toml:"after"`
}

// Cues maps each sound cue name to its configured file.
func (s Sound) Cues() map[string]string {
	return map[string]string{"allowed": s.Allowed, "refused": s.Refused, "full": s.Full, "invalid": s.Invalid, "alarm": s.Alarm}
}

func defaultDoor(c *Config) {
	c.Sound = Sound{Enabled: true, Device: "default"}
	c.ScreenSaver = ScreenSaver{After: Duration{5 * time.Minute}}
	c.Venue.TimeZone = "Asia/Almaty"
}

// validateDoor checks the sound, venue and screen-saver keys.
func (c Config) validateDoor(bad func(key string, k i18n.Key, args ...any)) {
	if c.Venue.Capacity < 0 || c.Venue.Capacity > 1_000_000 {
		bad("venue.capacity", i18n.CfgCapacityRange, c.Venue.Capacity)
	}
	if t := c.Venue.ClosingTime; t != "" {
		if _, err := ParseClock(t); err != nil {
			bad("venue.closing_time", i18n.CfgNotTimeOfDay, t)
		}
	}
	if _, err := time.LoadLocation(c.Venue.TimeZone); err != nil || c.Venue.TimeZone == "" {
		bad("venue.time_zone", i18n.CfgTimeZone, c.Venue.TimeZone)
	}
	if d := c.Venue.MaxStay.Duration; d != 0 && (d < 10*time.Minute || d > 7*24*time.Hour) {
		bad("venue.max_stay", i18n.CfgMaxStayRange, d)
	}
	if d := c.ScreenSaver.After.Duration; d != 0 && (d < 10*time.Second || d > 24*time.Hour) {
		bad("screensaver.after", i18n.CfgSaverRange, d)
	}
	if c.Sound.Enabled && c.Sound.Device == "" {
		bad("sound.device", i18n.CfgSoundRequired)
	}
}

// ParseClock parses "HH:MM" (24 hours) into the time of day after midnight.
func ParseClock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, i18n.Errorf(i18n.CfgNotTimeOfDay, s)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}
