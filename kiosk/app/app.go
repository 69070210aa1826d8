package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/metrics"
	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/sync/logfile"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/syncer"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

// OutboxFile is the outbox's file name inside the data directory.
const OutboxFile = "outbox.db"

// Options change how an App is built, beyond the config file.
type Options struct {
	// LogWriter overrides the log file (tests); nil means the configured file.
	LogWriter io.Writer
	// NoCamera disables the camera whatever the config says (--headless).
	NoCamera bool
	// Version is logged at start and labels the metrics.
	Version string
	// LogTo receives the log when log.file is "-" (--log -): the process's
	// stderr, which systemd connects to the journal.
	LogTo io.Writer
	// TUI says the terminal UI will own the terminal, so "-" must not be
	// a terminal (logging.go).
	TUI bool
	// NoScanners leaves the hardware scanners of scanner.hid and
	// scanner.serial alone (--headless).
	NoScanners bool
}

// App is a running kiosk's parts. Close releases them.
type App struct {
	Cfg    config.Config
	Log    *slog.Logger
	Outbox *outbox.Outbox
	Client *upstream.Client
	Syncer *syncer.Syncer
	Engine *door.Engine
	Trust  *trust.Store   // issuer keys and deny list, for passes
	Camera *camera.Camera // nil when the camera is off or unsupported
	// Metrics counts verdicts and reads the parts above at scrape time;
	// Judge is Engine with its verdicts counted: the UI and headless mode
	// use it.
	Metrics *metrics.Kiosk
	Judge   *metrics.Engine
	// hardware is the grabbed HID and serial scanners; nil when the config
	// lists none.
	hardware *hardware
	// ModeSetByOwner says Cfg.Device.Mode came from overrides.json, saved
	// by the owner menu.
	ModeSetByOwner bool

	ownerMu sync.Mutex // serializes SaveOwnerChange

	settingsMu sync.Mutex // settingsMu guards ownMode and lastSettings.
	// ownMode is the mode the kiosk's own settings give (owner menu, then
	// config); lastSettings the upstream's last answer (settings.go).
	ownMode      door.Mode
	lastSettings *wire.DeviceSettings

	logFile *logfile.File // nil when logging to LogTo or LogWriter
	version string
	wg      sync.WaitGroup
	cancel  context.CancelFunc
}

// Open builds every part. On error nothing is left open.
func Open(cfg config.Config, opts Options) (_ *App, err error) {
	a := &App{Cfg: cfg, version: opts.Version}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	dirFix, err := privateDataDir(cfg.Storage.DataDir)
	if err != nil {
		return nil, err
	}
	if err := a.openLog(opts); err != nil {
		return nil, err
	}
	fixes := []*tightened{dirFix}
	if a.logFile != nil && a.logFile.Tightened() != 0 {
		fixes = append(fixes, &tightened{path: a.logFile.Name(), old: a.logFile.Tightened(), new: 0o600})
	}
	for _, fix := range fixes {
		if fix != nil {
			a.Log.Warn("permissions tightened: personal data must not be readable by other users",
				"path", fix.path, "old", fmt.Sprintf("%04o", fix.old), "new", fmt.Sprintf("%04o", fix.new))
		}
	}
	a.applyOverrides()
	cfg = a.Cfg // everything below is built with the owner's choices
	a.ownMode = door.Mode(cfg.Device.Mode)
	obPath := filepath.Join(cfg.Storage.DataDir, OutboxFile)
	a.Outbox, err = outbox.Open(obPath, outbox.Options{
		MaxBytes:  cfg.Storage.MaxMB << 20,
		Retention: cfg.Storage.Retention.Duration,
		CacheTTL:  cfg.Storage.CacheTTL.Duration,
		CacheMax:  cfg.Storage.CacheMax,
		Logger:    a.Log.With("component", "outbox"),
	})
	if err != nil {
		if errors.Is(err, outbox.ErrLocked) {
			return nil, i18n.Errorf(i18n.StartOutboxLocked, obPath, cfg.Storage.DataDir)
		}
		return nil, i18n.Errorf(i18n.StartOutboxOpen, obPath, i18n.Cause(err))
	}
	var hc *http.Client // nil: the client's default, with the system's CAs
	if cfg.Upstream.CAFile != "" {
		if hc, err = upstream.TLSClient(cfg.Upstream.CAFile); err != nil {
			if cause := i18n.Cause(err); cause != err {
				return nil, i18n.Errorf(i18n.CfgKey, "upstream.ca_file", cause)
			}
			return nil, i18n.Errorf(i18n.StartCANoPEM, cfg.Upstream.CAFile)
		}
	}
	a.Client, err = upstream.New(cfg.Upstream.URL, cfg.Upstream.Token, hc)
	if err != nil { // config.Validate refuses what New does, first
		return nil, i18n.Errorf(i18n.StartUpstream, err)
	}
	a.Client = a.Client.WithDevice(cfg.Device.ID) // health checks say who is alive
	syncOpts := syncer.Options{
		Device: cfg.Device.ID, Venue: cfg.Device.Venue,
		BatchSize: cfg.Sync.BatchSize, BatchWait: cfg.Sync.BatchWait.Duration,
		MaxBackoff: cfg.Sync.MaxBackoff.Duration, PollEvery: cfg.Sync.PollEvery.Duration,
		CheckInEvery: cfg.Sync.CheckInEvery.Duration,
		Logger:       a.Log.With("component", "syncer"),
	}
	a.checkInOptions(&syncOpts)
	a.Syncer, err = syncer.New(a.Outbox, a.Client, syncOpts)
	if err != nil {
		return nil, fmt.Errorf("syncer: %w", err)
	}
	a.Trust, err = trust.Open(filepath.Join(cfg.Storage.DataDir, trust.File),
		trust.Options{Logger: a.Log.With("component", "trust"), MaxDenied: cfg.Passes.MaxDenied})
	if err != nil {
		return nil, i18n.Errorf(i18n.StartPassKeys, i18n.Cause(err))
	}
	a.Engine, err = door.New(a.doorConfig(), a.Outbox, a.Client, a.Syncer)
	if err != nil {
		return nil, err
	}
	if s, ok := a.loadUpstreamSettings(); ok { // the owner's last word, until the next check-in
		pending := false
		if o, _, err := LoadOverrides(cfg.Storage.DataDir); err == nil && cfg.Owner.PIN != "" {
			pending = o.ModePending
		}
		a.followSettings(s, "kept from the last check-in", pending)
		a.lastSettings = &s
	}
	if !opts.NoCamera && cfg.Camera.Device != "off" && camera.Supported() {
		a.Camera = camera.New(a.cameraConfig())
	}
	a.Metrics = metrics.New(metrics.Sources{Outbox: a.Outbox, Syncer: a.Syncer, Camera: a.Camera,
		Device: cfg.Device.ID, Venue: cfg.Device.Venue, Version: opts.Version})
	a.Judge = a.Metrics.Wrap(a.Engine)
	if !opts.NoScanners {
		a.hardware = a.newHardware(cfg.Scanner)
	}
	return a, nil
}

// cameraConfig is the camera loop's configuration.
func (a *App) cameraConfig() camera.Config {
	c := a.Cfg.Camera
	return camera.Config{
		Device: c.Device, Width: c.Width, Height: c.Height, FPS: c.FPS, Format: c.Format,
		Cooldown: c.Cooldown.Duration, DecodeBudget: c.DecodeBudget.Duration,
		Logger: a.Log.With("component", "camera"),
	}
}

// doorConfig is the engine's configuration, for Open and `check`.
func (a *App) doorConfig() door.Config {
	cfg := a.Cfg
	return door.Config{
		Device: cfg.Device.ID, Venue: cfg.Device.Venue, Door: cfg.Device.Door,
		Mode: door.Mode(cfg.Device.Mode), Offline: door.Policy(cfg.Offline.Policy),
		Capacity:      cfg.Venue.Capacity,
		LookupTimeout: cfg.Upstream.LookupTimeout.Duration, Logger: a.Log.With("component", "door"),
		Trust: a.Trust, Prober: a.Client,
		ClockTolerance: cfg.Passes.ClockTolerance.Duration, MaxKeyAge: cfg.Passes.MaxKeyAge.Duration,
		RequireVenue: cfg.Passes.RequireVenue,
	}
}

// OutboxMovedTo is where Open moved a corrupt outbox file aside, or "".
func (a *App) OutboxMovedTo() string {
	if r := a.Outbox.Recovered(); r != nil {
		return r.MovedTo
	}
	return ""
}

// LogPath is where the log file is, for messages after the TUI has exited.
func (a *App) LogPath() string {
	if a.logFile == nil {
		return ""
	}
	return a.logFile.Name()
}

// Start runs the background parts (syncer, camera, outbox maintenance) until
// Close.
func (a *App) Start(ctx context.Context) {
	ctx, a.cancel = context.WithCancel(ctx)
	a.logStart()
	// SIGUSR1 reopens the log; SIGHUP is the terminal hanging up, which
	// ends the kiosk (main.go).
	logfile.OnSignal(ctx, a.logFile, a.Log, syscall.SIGUSR1)
	a.serveMetrics(ctx)
	a.goRun("syncer", func() error { return a.Syncer.Run(ctx) })
	if a.Camera != nil {
		a.goRun("camera", func() error { return a.Camera.Run(ctx) })
	}
	if a.hardware != nil {
		a.goRun("scanners", func() error { return a.hardware.run(ctx) })
	}
	a.goRun("maintenance", func() error { return a.maintain(ctx) })
	// One refresh before the first scan, bounded like a lookup, so a kiosk
	// that starts online checks passes at once; the loop keeps it fresh.
	rctx, cancel := context.WithTimeout(ctx, a.Cfg.Upstream.LookupTimeout.Duration)
	if err := a.Trust.Refresh(rctx, a.Client); err != nil {
		a.Log.Warn("trust data not refreshed at start; keeping what is stored", "err", err)
	}
	cancel()
	a.goRun("trust refresh", func() error {
		return a.Trust.Run(ctx, a.Client, a.Cfg.Passes.RefreshEvery.Duration, 30*time.Second)
	})
	a.goRun("upstream probe", func() error { return a.Engine.Probe(ctx) })
	a.goRun("used proofs", func() error { return a.Engine.KeepProofs(ctx) })
}

func (a *App) goRun(name string, run func() error) {
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		if err := run(); err != nil && !errors.Is(err, context.Canceled) {
			a.Log.Error("background task stopped", "task", name, "err", err)
		}
	}()
}

// Close stops the background parts and closes storage and the log.
func (a *App) Close() error {
	if a.cancel != nil {
		a.cancel()
	}
	a.wg.Wait()
	a.logStop()
	var errs []error
	if a.Outbox != nil {
		err := a.Outbox.Close()
		if err == nil && a.Log != nil {
			a.Log.Info("outbox closed")
		}
		errs = append(errs, err)
	}
	if a.logFile != nil {
		errs = append(errs, a.logFile.Close())
	}
	return errors.Join(errs...)
}
