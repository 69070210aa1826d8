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
	// The full-screen kiosk's log has them too; the terminal is about to
	// be taken over, so they are said here first.
	for _, n := range cfg.Notices {
		fmt.Fprintf(std.Err, "ashyq-kiosk: notice: %s\n", n)
	}
	// After the config (its errors are more specific), before anything is
	// opened or drawn.
	if !f.headless {
		if which := notTerminal(std); which != "" {
			fmt.Fprintf(std.Err, noTerminal, which)
			return exitUsage
		}
	}
	if cfg.Blank() {
		var code int
		if cfg, std, code = enrolFirst(ctx, cfg, f, std); code != exitOK {
			return code
		}
	}
	a, err := Open(cfg, Options{NoCamera: f.headless, NoScanners: f.headless, Version: f.version, LogTo: std.Err, TUI: !f.headless})
	if err != nil {
		fmt.Fprintf(std.Err, "ashyq-kiosk: %v\n", err)
		return exitFailure
	}
	defer a.Close()
	// The outbox logged the move itself; the TUI shows it on the idle screen.
	if moved := a.OutboxMovedTo(); moved != "" && f.headless {
		fmt.Fprintf(std.Err, "ashyq-kiosk: outbox was corrupt; moved to %s\n", safetext.Clean(moved, 200))
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

// noTerminal explains what to do when the full-screen kiosk has no
// terminal; checked before anything is opened, so no escape code is written
// and no log file is named that a demo removes again.
const noTerminal = `ashyq-kiosk: the full-screen kiosk needs a terminal, and its %s is not one.
Run it on the entrance PC's console (for a systemd unit: StandardInput=tty,
StandardOutput=tty, TTYPath=/dev/tty1), or use --headless to read one payload
per line from standard input and print JSON verdicts.
`

// notTerminal names the first standard stream the TUI needs that is not a
// terminal, or returns "".
func notTerminal(std Stdio) string {
	for _, s := range []struct {
		name string
		f    any
	}{{"standard input", std.In}, {"standard output", std.Out}} {
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
	w, err := demo.Wallet()
	if err != nil {
		fmt.Fprintf(std.Err, "ashyq-kiosk: demo wallet: %v\n", err)
		cleanup()
		return cfg, tui.DemoWallet{}, nil, exitFailure
	}
	// Printed before the screen is taken, so it is in the scrollback after
	// the kiosk quits; the idle screen shows it meanwhile.
	fmt.Fprintf(std.Err, "Wallet: open %s in a browser, enrol with IIN %s and code %s (valid for an hour, once).\n",
		w.URL, w.IIN, w.Code)
	return cfg, w, cleanup, code
}

// prepareConfig is prepare without the wallet; demo is the embedded
// upstream, nil without --demo.
func prepareConfig(f runFlags, std Stdio) (config.Config, func(), int, *Demo) {
	if !f.demo {
		cfg, err := loadConfig(f)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && f.config == "" {
				fmt.Fprintf(std.Err, "ashyq-kiosk: no configuration at %s: pass --config FILE, or try --demo\n", DefaultConfigPath)
				return cfg, nil, exitUsage, nil
			}
			fmt.Fprintf(std.Err, "ashyq-kiosk: %v\n", err)
			return cfg, nil, exitUsage, nil
		}
		return cfg, func() {}, exitOK, nil
	}
	dataDir, removeData := f.data, func() {}
	if dataDir == "" {
		d, err := os.MkdirTemp("", "ashyq-kiosk-demo-")
		if err != nil {
			fmt.Fprintf(std.Err, "ashyq-kiosk: demo data directory: %v\n", err)
			return config.Config{}, nil, exitFailure, nil
		}
		dataDir, removeData = d, func() { os.RemoveAll(d) }
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		fmt.Fprintf(std.Err, "ashyq-kiosk: demo data directory: %v\n", err)
		return config.Config{}, nil, exitFailure, nil
	}
	logf, err := logfile.Open(filepath.Join(dataDir, "upstream.log"), 0)
	if err != nil {
		fmt.Fprintf(std.Err, "ashyq-kiosk: demo log: %v\n", err)
		removeData()
		return config.Config{}, nil, exitFailure, nil
	}
	demo, err := StartDemo(slog.New(slog.NewTextHandler(safetext.RedactingWriter(logf), nil)))
	if err != nil {
		fmt.Fprintf(std.Err, "ashyq-kiosk: %v\n", err)
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
		fmt.Fprintf(std.Err, "ashyq-kiosk: demo: %v\n", err)
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
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(std.Err, "ashyq-kiosk: %v\n", err)
	}
	// Input is over: give the syncer a bounded chance to deliver what is
	// waiting. Whatever is left stays in the outbox for the next run.
	fctx, cancel := context.WithTimeout(ctx, f.flush)
	defer cancel()
	if ferr := a.Syncer.Flush(fctx); ferr != nil {
		st := a.Syncer.State()
		fmt.Fprintf(std.Err, "ashyq-kiosk: %d records still waiting to sync (kept in the outbox): %v\n", st.Pending, ferr)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return exitFailure
	}
	return exitOK
}
