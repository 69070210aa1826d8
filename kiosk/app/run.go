package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/charmbracelet/x/term"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/headless"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui"
	"github.com/ashyq/kiosk/sync/logfile"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

func run(ctx context.Context, f runFlags, std Stdio) int {
	cfg, wallet, cleanup, code := prepare(f, std)
	if code != exitOK {
		return code
	}
	defer cleanup()
	words := i18n.For(cfg.Device.Language)
	// The full-screen kiosk's log has them too; the terminal is about to
	// be taken over, so they are said here first.
	for _, n := range cfg.Notices {
		sayf(std.Err, prog, words, i18n.StartNotice, n)
	}
	// After the config (its errors are more specific), before anything is
	// opened or drawn; no escape code is written and no log file is named
	// that a demo removes again.
	if !f.headless {
		if which := notTerminal(std); which != "" {
			sayf(std.Err, prog, words, i18n.StartNoTerminal, words.T(which))
			return exitUsage
		}
	}
	if cfg.Blank() {
		var code int
		if cfg, std, code = enrolFirst(ctx, cfg, f, std); code != exitOK {
			return code
		}
	}
	words = i18n.For(cfg.Device.Language) // an enrolment may have named another
	a, err := Open(cfg, Options{NoCamera: f.headless, NoScanners: f.headless, Version: f.version, LogTo: std.Err, TUI: !f.headless})
	if err != nil {
		say(std.Err, prog, words, err)
		return exitFailure
	}
	defer a.Close()
	// The outbox logged the move itself; the TUI shows it on the idle screen.
	if moved := a.OutboxMovedTo(); moved != "" && f.headless {
		sayf(std.Err, prog, words, i18n.OutboxMoved, safetext.Clean(moved, 200))
	}
	a.Start(ctx)
	var exit int
	if f.headless {
		exit = runHeadless(ctx, a, f, std)
	} else {
		exit = runTUI(ctx, a, f.demo, wallet, std)
	}
	a.Log.Info("ashyq-kiosk stopping", "why", stopCause(ctx, f.headless))
	return exit
}

// stopCause says why the kiosk is stopping, for the log: the signal, or
// the user quitting, or the end of the input.
func stopCause(ctx context.Context, headless bool) string {
	switch {
	case ctx.Err() != nil:
		return safetext.Clean(context.Cause(ctx).Error(), 80)
	case headless:
		return "end of input"
	}
	return "quit from the keyboard"
}

// prog is the name the kiosk's console messages start with.
const prog = "ashyq-kiosk"

// notTerminal names the first standard stream the TUI needs that is not a
// terminal, or returns "".
func notTerminal(std Stdio) i18n.Key {
	for _, s := range []struct {
		name i18n.Key
		f    any
	}{{i18n.StartStdin, std.In}, {i18n.StartStdout, std.Out}} {
		f, ok := s.f.(*os.File)
		if !ok || !term.IsTerminal(f.Fd()) {
			return s.name
		}
	}
	return ""
}

// prepare finds the configuration: the file, or for --demo an embedded
// upstream and a demo config, and where the demo's wallet is. cleanup stops
// what prepare started.
func prepare(f runFlags, std Stdio) (config.Config, tui.DemoWallet, func(), int) {
	cfg, cleanup, code, demo := prepareConfig(f, std)
	if code != exitOK || demo == nil {
		return cfg, tui.DemoWallet{}, cleanup, code
	}
	words := i18n.For(cfg.Device.Language)
	w, err := demo.Wallet()
	if err != nil {
		sayf(std.Err, prog, words, i18n.StartDemoWallet, err)
		cleanup()
		return cfg, tui.DemoWallet{}, nil, exitFailure
	}
	// Printed before the screen is taken, so it is in the scrollback after
	// the kiosk quits; the idle screen shows it meanwhile.
	fmt.Fprintln(std.Err, words.F(i18n.StartWallet, w.URL, w.IIN, w.Code))
	return cfg, w, cleanup, code
}

// prepareConfig is prepare without the wallet; demo is the embedded
// upstream, nil without --demo.
func prepareConfig(f runFlags, std Stdio) (config.Config, func(), int, *Demo) {
	if !f.demo {
		cfg, err := loadConfig(f)
		if err != nil {
			words := fileWords(configPath(f))
			if errors.Is(err, fs.ErrNotExist) && f.config == "" {
				sayf(std.Err, prog, words, i18n.StartNoConfig, DefaultConfigPath)
				return cfg, nil, exitUsage, nil
			}
			say(std.Err, prog, words, err)
			return cfg, nil, exitUsage, nil
		}
		return cfg, func() {}, exitOK, nil
	}
	// The demo's language is ASHYQ_LANGUAGE's (or the locale's).
	words := envWords()
	dataDir, removeData := f.data, func() {}
	if dataDir == "" {
		d, err := os.MkdirTemp("", "ashyq-kiosk-demo-")
		if err != nil {
			sayf(std.Err, prog, words, i18n.StartDemoDir, i18n.Cause(err))
			return config.Config{}, nil, exitFailure, nil
		}
		dataDir, removeData = d, func() { os.RemoveAll(d) }
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		sayf(std.Err, prog, words, i18n.StartDemoDir, i18n.Cause(err))
		return config.Config{}, nil, exitFailure, nil
	}
	logf, err := logfile.Open(filepath.Join(dataDir, "upstream.log"), 0)
	if err != nil {
		sayf(std.Err, prog, words, i18n.StartDemoLog, i18n.Cause(err))
		removeData()
		return config.Config{}, nil, exitFailure, nil
	}
	demo, err := StartDemo(slog.New(slog.NewTextHandler(safetext.RedactingWriter(logf), nil)))
	if err != nil {
		sayf(std.Err, prog, words, i18n.StartDemoServer, i18n.Cause(err))
		logf.Close()
		removeData()
		return config.Config{}, nil, exitFailure, nil
	}
	cleanup := func() {
		demo.Close()
		logf.Close()
		removeData()
	}
	cfg := DemoConfig(demo.URL, dataDir)
	// The demo takes the language, mode and owner PIN overrides too
	// (ASHYQ_LANGUAGE=kk make run), but keeps its own upstream and storage.
	var env []string
	for _, k := range DemoEnv {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	cfg.ApplyEnv(env)
	if f.log != "" {
		cfg.Log.File = f.log
	}
	if err := cfg.Validate(); err != nil {
		sayf(std.Err, prog, words, i18n.StartDemo, err)
		cleanup()
		return config.Config{}, nil, exitUsage, nil
	}
	return cfg, cleanup, exitOK, demo
}

// DemoEnv are the environment overrides --demo takes.
var DemoEnv = []string{"ASHYQ_LANGUAGE", "ASHYQ_DEVICE_MODE", "ASHYQ_OWNER_PIN", "ASHYQ_METRICS_LISTEN"}

func runHeadless(ctx context.Context, a *App, f runFlags, std Stdio) int {
	cctx, stop := context.WithCancel(ctx)
	go followCount(cctx, a.Syncer.Updates(), a.Engine, a.Log)
	err := headless.Run(ctx, a.Judge, std.In, std.Out)
	stop()
	words := i18n.For(a.Cfg.Device.Language)
	if err != nil && !errors.Is(err, context.Canceled) {
		say(std.Err, prog, words, err)
	}
	// Input is over: give the syncer a bounded chance to deliver what is
	// waiting. Whatever is left stays in the outbox for the next run.
	fctx, cancel := context.WithTimeout(ctx, f.flush)
	defer cancel()
	if ferr := a.Syncer.Flush(fctx); ferr != nil {
		st := a.Syncer.State()
		a.Log.Warn("records left unsent at the end of input", "pending", st.Pending, "err", ferr)
		sayf(std.Err, prog, words, i18n.StartPending, st.Pending)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return exitFailure
	}
	return exitOK
}
