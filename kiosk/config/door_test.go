package config

import (
	"strings"
	"testing"
	"time"
)

func TestDoorKeysValidate(t *testing.T) {
	tests := []struct {
		edit func(*Config)
		key  string
	}{
		{func(c *Config) { c.Venue.Capacity = -1 }, "venue.capacity"},
		{func(c *Config) { c.Venue.ClosingTime = "25:00" }, "venue.closing_time"},
		{func(c *Config) { c.Venue.ClosingTime = "9:00" }, "venue.closing_time"},
		{func(c *Config) { c.Venue.MaxStay = Duration{time.Minute} }, "venue.max_stay"},
		{func(c *Config) { c.ScreenSaver.After = Duration{time.Second} }, "screensaver.after"},
		{func(c *Config) { c.Sound.Device = "" }, "sound.device"},
		{func(c *Config) { c.Venue.TimeZone = "Mars/Olympus" }, "venue.time_zone"},
	}
	for _, tt := range tests {
		c := Default()
		c.Device.ID, c.Device.Venue = "d1", "v1"
		tt.edit(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.key) {
			t.Errorf("%s: error %v does not name it", tt.key, err)
		}
	}
	c := Default()
	c.Device.ID, c.Device.Venue = "d1", "v1"
	c.Venue = Venue{Capacity: 40, ClosingTime: "23:30", MaxStay: Duration{12 * time.Hour}, TimeZone: "Asia/Almaty"}
	if err := c.Validate(); err != nil && strings.Contains(err.Error(), "venue.") {
		t.Errorf("good venue keys refused: %v", err)
	}
	if d, err := ParseClock("23:30"); err != nil || d != 23*time.Hour+30*time.Minute {
		t.Errorf("ParseClock = %v, %v", d, err)
	}
}
