package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/metrics"
	"github.com/ashyq/kiosk/sync/logfile"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// openLog sets up a.Log: the test's writer, stderr for "-" (the journal when
// systemd runs the kiosk), or the rotating log file.
func (a *App) openLog(opts Options) error {
	w := opts.LogWriter
	switch {
	case w != nil:
	case a.Cfg.Log.File == "-":
		w = opts.LogTo
		if w == nil {
			w = os.Stderr
		}
		if f, ok := w.(*os.File); ok && opts.TUI && term.IsTerminal(f.Fd()) {
			return i18n.Errorf(i18n.StartLogOverScreen)
		}
	default:
		path := a.Cfg.Log.File
		if !filepath.IsAbs(path) {
			path = filepath.Join(a.Cfg.Storage.DataDir, path)
		}
		f, err := logfile.Open(path, a.Cfg.Log.MaxMB<<20)
		if err != nil {
			return i18n.Errorf(i18n.StartLogFile, i18n.Cause(err))
		}
		a.logFile, w = f, f
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(a.Cfg.Log.Level))); err != nil {
		level = slog.LevelInfo
	}
	a.Log = slog.New(slog.NewTextHandler(safetext.RedactingWriter(w), &slog.HandlerOptions{Level: level})).
		With("device", a.Cfg.Device.ID)
	return nil
}

// logStart writes the start line: what runs, with which settings. The
// upstream is named by scheme and host only, the token never.
func (a *App) logStart() {
	c := a.Cfg
	upstream := c.Upstream.URL
	if u, err := url.Parse(c.Upstream.URL); err == nil {
		upstream = u.Scheme + "://" + u.Host
	}
	logTo := c.Log.File
	if a.logFile != nil {
		logTo = a.logFile.Name()
	} else if logTo == "-" {
		logTo = "stderr"
	}
	a.Log.Info("ashyq-kiosk starting", "version", a.version, "venue", c.Device.Venue, "door", c.Device.Door,
		"mode", c.Device.Mode, "language", c.Device.Language, "upstream", upstream,
		"data_dir", c.Storage.DataDir, "offline_policy", c.Offline.Policy, "camera", a.Camera != nil,
		"metrics", c.Metrics.Listen, "log", logTo, "owner_menu", c.Owner.PIN != "", "staff_codes", len(c.StaffCodes()))
	for _, n := range c.Notices {
		a.Log.Warn("configuration notice", "notice", n)
	}
	for _, n := range c.Advice {
		a.Log.Info("configuration advice", "advice", n)
	}
}

// logStop writes the stop line with what is left to send.
func (a *App) logStop() {
	if a.Log == nil {
		return
	}
	pending := -1
	if a.Outbox != nil {
		if st, err := a.Outbox.Stats(); err == nil {
			pending = st.Pending
		}
	}
	a.Log.Info("ashyq-kiosk stopped", "pending", pending)
}

// serveMetrics starts the metrics listener when the config names one. A
// failure is logged, not fatal: the door matters more than its metrics.
func (a *App) serveMetrics(ctx context.Context) {
	if a.Cfg.Metrics.Listen == "" {
		return
	}
	addr, err := metrics.Serve(ctx, a.Cfg.Metrics.Listen, a.Metrics.Handler(), a.Log.With("component", "metrics"))
	if err != nil {
		a.Log.Error("metrics not served", "error", err)
		return
	}
	a.Log.Info("metrics listening", "addr", fmt.Sprint(addr))
}
