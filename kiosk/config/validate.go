package config

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/upstream"
)

// Validate checks every key and returns all problems at once, each naming
// its key and what is allowed.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	oneOf := func(key, v string, allowed []string) {
		if !slices.Contains(allowed, v) {
			bad(key, "%q is not allowed (use %s)", v, strings.Join(allowed, ", "))
		}
	}
	ident := func(key, v string) {
		if v == "" {
			bad(key, "is required")
			return
		}
		if len(v) > 64 || strings.ContainsFunc(v, func(r rune) bool {
			return !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		}) {
			bad(key, "%q must be 1 to 64 letters, digits, '-', '_' or '.'", v)
		}
	}
	positive := func(key string, d Duration, min, max time.Duration) {
		if d.Duration < min || d.Duration > max {
			bad(key, "%s is out of range (%s to %s)", d.Duration, min, max)
		}
	}

	ident("device.id", c.Device.ID)
	ident("device.venue", c.Device.Venue)
	ident("device.door", c.Device.Door)
	oneOf("device.mode", c.Device.Mode, Modes)
	oneOf("device.language", c.Device.Language, Languages)

	if c.Upstream.URL == "" {
		bad("upstream.url", "is required (for example \"https://ashyq.example/\")")
	} else if u, err := url.Parse(c.Upstream.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("upstream.url", "%q is not an http:// or https:// URL", c.Upstream.URL)
	} else if u.Scheme == "http" && !c.Upstream.AllowPlainHTTP && !upstream.IsLoopbackHost(u.Hostname()) {
		bad("upstream.url", "%q is plain http to another machine: the token and every IIN would cross the network "+
			"unencrypted; use https:// (with upstream.ca_file for your own CA), or set upstream.allow_plain_http = true", c.Upstream.URL)
	} else if u.Scheme == "http" && c.Upstream.CAFile != "" {
		bad("upstream.ca_file", "is set but upstream.url is http://, which uses no certificate")
	}
	if c.Upstream.Token == "" {
		bad("upstream.token", "is required (or set upstream.token_file, or ASHYQ_UPSTREAM_TOKEN)")
	}
	positive("upstream.lookup_timeout", c.Upstream.LookupTimeout, 100*time.Millisecond, 30*time.Second)

	if c.Storage.DataDir == "" {
		bad("storage.data_dir", "is required")
	}
	if c.Storage.MaxMB < 1 || c.Storage.MaxMB > 1<<20 {
		bad("storage.max_mb", "%d is out of range (1 to 1048576)", c.Storage.MaxMB)
	}
	positive("storage.retention", c.Storage.Retention, time.Hour, 365*24*time.Hour)
	positive("storage.cache_ttl", c.Storage.CacheTTL, 0, 30*24*time.Hour)
	if c.Storage.CacheMax < 0 || c.Storage.CacheMax > 10_000_000 {
		bad("storage.cache_max", "%d is out of range (0 to 10000000)", c.Storage.CacheMax)
	}

	positive("display.result_for", c.Display.ResultFor, time.Second, 5*time.Minute)
	oneOf("offline.policy", c.Offline.Policy, Policies)
	positive("passes.clock_tolerance", c.Passes.ClockTolerance, 5*time.Second, pass.MaxTolerance)
	positive("passes.max_key_age", c.Passes.MaxKeyAge, time.Hour, 30*24*time.Hour)
	positive("passes.refresh_every", c.Passes.RefreshEvery, 10*time.Second, 24*time.Hour)
	if c.Passes.MaxDenied < 1000 || c.Passes.MaxDenied > 20_000_000 {
		bad("passes.max_denied", "%d is out of range (1000 to 20000000)", c.Passes.MaxDenied)
	}

	if c.Camera.Device == "" {
		bad("camera.device", "is required (auto, off, or a device path such as /dev/v4l/by-id/...)")
	} else if c.Camera.Device != "auto" && c.Camera.Device != "off" && !strings.HasPrefix(c.Camera.Device, "/dev/") {
		bad("camera.device", "%q is not allowed (use auto, off, or a path under /dev/)", c.Camera.Device)
	}
	if c.Camera.Width < 160 || c.Camera.Width > 4096 {
		bad("camera.width", "%d is out of range (160 to 4096)", c.Camera.Width)
	}
	if c.Camera.Height < 120 || c.Camera.Height > 2160 {
		bad("camera.height", "%d is out of range (120 to 2160)", c.Camera.Height)
	}
	if c.Camera.FPS < 1 || c.Camera.FPS > 60 {
		bad("camera.fps", "%d is out of range (1 to 60)", c.Camera.FPS)
	}
	oneOf("camera.format", c.Camera.Format, Formats)
	positive("camera.cooldown", c.Camera.Cooldown, 0, time.Minute)
	c.Camera.validateDecodeBudget(bad)

	if c.Sync.BatchSize < 1 || c.Sync.BatchSize > 5000 {
		bad("sync.batch_size", "%d is out of range (1 to 5000)", c.Sync.BatchSize)
	}
	positive("sync.batch_wait", c.Sync.BatchWait, 0, time.Minute)
	positive("sync.max_backoff", c.Sync.MaxBackoff, time.Second, time.Hour)
	positive("sync.poll_every", c.Sync.PollEvery, time.Second, time.Hour)

	if c.Log.File == "" {
		bad("log.file", "is required (a path; relative paths are inside storage.data_dir)")
	}
	oneOf("log.level", c.Log.Level, LogLevels)
	if c.Log.MaxMB < 1 || c.Log.MaxMB > 1024 {
		bad("log.max_mb", "%d is out of range (1 to 1024)", c.Log.MaxMB)
	}
	if err := c.Metrics.validate(); err != nil {
		errs = append(errs, err)
	}

	c.validateDoor(bad)
	c.Scanner.validate(bad, oneOf)
	c.validateOverride(bad)

	// The PIN itself is never quoted: error messages end up in logs.
	if p := c.Owner.PIN; p != "" && !validPIN(p) {
		bad("owner.pin", "must be 4 to 8 digits (or empty to disable the owner menu)")
	}
	return errors.Join(errs...)
}

// validPIN reports whether pin is 4 to 8 ASCII digits.
func validPIN(pin string) bool {
	if len(pin) < 4 || len(pin) > 8 {
		return false
	}
	return !strings.ContainsFunc(pin, func(r rune) bool { return r < '0' || r > '9' })
}
