package config

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/upstream"
)

// Validate checks every key and returns all problems at once, each naming
// its key and what is allowed.
func (c Config) Validate() error {
	var errs []error
	bad := func(key string, k i18n.Key, args ...any) {
		errs = append(errs, i18n.Errorf(i18n.CfgKey, key, i18n.Errorf(k, args...)))
	}
	oneOf := func(key, v string, allowed []string) {
		if !slices.Contains(allowed, v) {
			quoted := make([]string, len(allowed)) // as the file must spell them
			for i, a := range allowed {
				quoted[i] = strconv.Quote(a)
			}
			bad(key, i18n.CfgNotAllowed, v, strings.Join(quoted, ", "))
		}
	}
	ident := func(key, v string) {
		if v == "" {
			bad(key, i18n.CfgRequired)
			return
		}
		if len(v) > 64 || strings.ContainsFunc(v, func(r rune) bool {
			return !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		}) {
			bad(key, i18n.CfgIdent, v)
		}
	}
	positive := func(key string, d Duration, min, max time.Duration) {
		if d.Duration < min || d.Duration > max {
			bad(key, i18n.CfgOutOfRange, d.Duration, min, max)
		}
	}

	// A blank kiosk (no token, no venue) starts only to be enrolled: its
	// identity and upstream come from the code.
	blank := c.Blank()
	if !blank || c.Device.ID != "" {
		ident("device.id", c.Device.ID)
	}
	if !blank {
		ident("device.venue", c.Device.Venue)
	}
	ident("device.door", c.Device.Door)
	oneOf("device.mode", c.Device.Mode, Modes)
	oneOf("device.language", c.Device.Language, Languages)

	if c.Upstream.URL == "" {
		if !blank {
			bad("upstream.url", i18n.CfgURLRequired)
		}
	} else if u, err := url.Parse(c.Upstream.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("upstream.url", i18n.CfgNotURL, c.Upstream.URL)
	} else if u.User != nil { // not quoted: it holds a password
		bad("upstream.url", i18n.CfgURLCredentials)
	} else if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		bad("upstream.url", i18n.CfgURLQuery, c.Upstream.URL)
	} else if u.Scheme == "http" && !c.Upstream.AllowPlainHTTP && !upstream.IsLoopbackHost(u.Hostname()) {
		bad("upstream.url", i18n.CfgPlainHTTP, c.Upstream.URL)
	} else if u.Scheme == "http" && c.Upstream.CAFile != "" {
		bad("upstream.ca_file", i18n.CfgCAWithHTTP)
	}
	if c.Upstream.Token == "" && !blank {
		bad("upstream.token", i18n.CfgTokenRequired)
	} else if !upstream.ValidToken(c.Upstream.Token) && c.Upstream.Token != "" { // never quoted: a secret
		bad("upstream.token", i18n.CfgTokenChars)
	}
	positive("upstream.lookup_timeout", c.Upstream.LookupTimeout, 100*time.Millisecond, 30*time.Second)

	if c.Storage.DataDir == "" {
		bad("storage.data_dir", i18n.CfgRequired)
	}
	if c.Storage.MaxMB < 1 || c.Storage.MaxMB > 1<<20 {
		bad("storage.max_mb", i18n.CfgOutOfRange, c.Storage.MaxMB, 1, 1048576)
	}
	positive("storage.retention", c.Storage.Retention, time.Hour, 365*24*time.Hour)
	positive("storage.cache_ttl", c.Storage.CacheTTL, 0, 30*24*time.Hour)
	if c.Storage.CacheMax < 0 || c.Storage.CacheMax > 10_000_000 {
		bad("storage.cache_max", i18n.CfgOutOfRange, c.Storage.CacheMax, 0, 10000000)
	}

	positive("display.result_for", c.Display.ResultFor, time.Second, 5*time.Minute)
	oneOf("offline.policy", c.Offline.Policy, Policies)
	positive("passes.clock_tolerance", c.Passes.ClockTolerance, 5*time.Second, pass.MaxTolerance)
	positive("passes.max_key_age", c.Passes.MaxKeyAge, time.Hour, 30*24*time.Hour)
	positive("passes.refresh_every", c.Passes.RefreshEvery, 10*time.Second, 24*time.Hour)
	if c.Passes.MaxDenied < 1000 || c.Passes.MaxDenied > 20_000_000 {
		bad("passes.max_denied", i18n.CfgOutOfRange, c.Passes.MaxDenied, 1000, 20000000)
	}

	if c.Camera.Device == "" {
		bad("camera.device", i18n.CfgCameraRequired)
	} else if c.Camera.Device != "auto" && c.Camera.Device != "off" && !strings.HasPrefix(c.Camera.Device, "/dev/") {
		bad("camera.device", i18n.CfgCameraDevice, c.Camera.Device)
	}
	if c.Camera.Width < 160 || c.Camera.Width > 4096 {
		bad("camera.width", i18n.CfgOutOfRange, c.Camera.Width, 160, 4096)
	}
	if c.Camera.Height < 120 || c.Camera.Height > 2160 {
		bad("camera.height", i18n.CfgOutOfRange, c.Camera.Height, 120, 2160)
	}
	if c.Camera.FPS < 1 || c.Camera.FPS > 60 {
		bad("camera.fps", i18n.CfgOutOfRange, c.Camera.FPS, 1, 60)
	}
	oneOf("camera.format", c.Camera.Format, Formats)
	positive("camera.cooldown", c.Camera.Cooldown, 0, time.Minute)
	c.Camera.validateDecodeBudget(bad)

	if c.Sync.BatchSize < 1 || c.Sync.BatchSize > 5000 {
		bad("sync.batch_size", i18n.CfgOutOfRange, c.Sync.BatchSize, 1, 5000)
	}
	positive("sync.batch_wait", c.Sync.BatchWait, 0, time.Minute)
	positive("sync.max_backoff", c.Sync.MaxBackoff, time.Second, time.Hour)
	positive("sync.poll_every", c.Sync.PollEvery, time.Second, time.Hour)
	positive("sync.checkin_every", c.Sync.CheckInEvery, 5*time.Second, time.Hour)

	if c.Log.File == "" {
		bad("log.file", i18n.CfgLogRequired)
	}
	oneOf("log.level", c.Log.Level, LogLevels)
	if c.Log.MaxMB < 1 || c.Log.MaxMB > 1024 {
		bad("log.max_mb", i18n.CfgOutOfRange, c.Log.MaxMB, 1, 1024)
	}
	if err := c.Metrics.validate(); err != nil {
		errs = append(errs, err)
	}

	c.validateDoor(bad)
	c.Scanner.validate(bad, oneOf)
	c.validateOverride(bad)

	// The PIN itself is never quoted: error messages end up in logs.
	if p := c.Owner.PIN; p != "" && !validPIN(p) {
		bad("owner.pin", i18n.CfgPIN)
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
