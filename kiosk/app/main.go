package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/scanner/decodecmd"
	"github.com/ashyq/kiosk/sync/cli"
)

// Stdio is the process's standard streams.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

// Exit codes, the same as ashyq-server's (sync/cli).
const (
	exitOK      = cli.ExitOK
	exitFailure = cli.ExitFailure
	exitUsage   = cli.ExitUsage
)

// DefaultConfigPath is read when neither --config nor --demo is given.
const DefaultConfigPath = "/etc/ashyq-kiosk/config.toml"

// kioskHelpTail is what --help prints after the flags: the environment
// overrides (from the config's own list), the keys and the exit codes.
func kioskHelpTail(t i18n.Catalog) string {
	var b strings.Builder
	b.WriteString(t.T(i18n.HelpEnvHead) + "\n")
	for _, e := range config.EnvVars {
		fmt.Fprintf(&b, "  %-22s %s\n", e.Name, e.Key)
	}
	b.WriteString(t.F(i18n.HelpEnvDemo, strings.Join(DemoEnv, ", "), strings.Join(config.Languages, ", ")) + "\n")
	b.WriteString("\n" + t.T(i18n.HelpKeys) + "\n")
	b.WriteString(exitCodes(t, i18n.HelpFailMain))
	return b.String()
}

// exitCodes is the exit-code paragraph of a command whose exit status 1
// means failure, what failure covers (a key of the catalog), in t's
// language.
func exitCodes(t i18n.Catalog, failure i18n.Key) string {
	return t.F(i18n.HelpExitCodes, t.T(failure))
}

// helpUsage is cli.Usage with the words around the flags in t's language.
func helpUsage(t i18n.Catalog, head, tail string) cli.Usage {
	return cli.Usage{Head: head, Tail: tail, Say: flagWords(t),
		Flags: t.T(i18n.HelpFlags), Default: t.T(i18n.HelpDefault)}
}

// Main is the whole command line; it returns the exit code. version is
// what `ashyq-kiosk version` prints.
func Main(args []string, std Stdio, version string) int {
	if len(args) > 0 {
		switch args[0] {
		case "decode":
			// decode reads no config: the locale (or ASHYQ_LANGUAGE)
			// names its language.
			return decodecmd.RunIn(args[1:], std.Out, std.Err, decodeWords(envWords()))
		case "check":
			return runCheck(args[1:], std)
		case "version":
			fmt.Fprintln(std.Out, "ashyq-kiosk", version)
			return exitOK
		case "enrol":
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return enrolMain(ctx, args[1:], std, version)
		case "doctor":
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runDoctor(ctx, args[1:], std)
		}
	}
	t := envWords()
	fs := flag.NewFlagSet("ashyq-kiosk", flag.ContinueOnError)
	var f runFlags
	fs.StringVar(&f.config, "config", "", t.F(i18n.HelpFlagConfigDefault, DefaultConfigPath))
	fs.BoolVar(&f.demo, "demo", false, t.T(i18n.HelpFlagDemo))
	fs.BoolVar(&f.headless, "headless", false, t.T(i18n.HelpFlagHeadless))
	fs.StringVar(&f.data, "data", "", t.T(i18n.HelpFlagData))
	fs.DurationVar(&f.flush, "flush-timeout", 10*time.Second, t.T(i18n.HelpFlagFlush))
	fs.StringVar(&f.log, "log", "", t.T(i18n.HelpFlagLog))
	showVersion := fs.Bool("version", false, t.T(i18n.HelpFlagVersion))
	head := t.F(i18n.HelpMain, version) + t.F(i18n.HelpCamera, cameraSupport(t)) + "\n"
	if code, done := cli.Parse(fs, args, std.Out, std.Err, helpUsage(t, head, kioskHelpTail(t))); done {
		return code
	}
	if *showVersion {
		fmt.Fprintln(std.Out, "ashyq-kiosk", version)
		return exitOK
	}
	if fs.NArg() > 0 {
		sayf(std.Err, "ashyq-kiosk", envWords(), i18n.StartUnexpectedArg, fs.Arg(0))
		return exitUsage
	}
	if f.demo && f.config != "" {
		sayf(std.Err, "ashyq-kiosk", envWords(), i18n.StartDemoAndConfig)
		return exitUsage
	}
	ctx, stop := stopOnSignals()
	defer stop()
	f.version = version
	return run(ctx, f, std)
}

// ErrStopSignal is the cause of the kiosk's context when a signal ended
// it: context.Cause says which.
var ErrStopSignal = errors.New("stop signal")

// stopOnSignals is a context that ends on SIGINT, SIGTERM or SIGHUP, with
// the signal as its cause. SIGHUP is the terminal hanging up (its pty
// closed, its console's session ended): a full-screen kiosk without its
// terminal must end cleanly and let go of the outbox, not run on unseen.
// The log is reopened on SIGUSR1 instead (app.Start).
func stopOnSignals() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		select {
		case sig := <-ch:
			cancel(fmt.Errorf("%w: %v", ErrStopSignal, sig))
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}

type runFlags struct {
	config, data   string
	log, version   string
	demo, headless bool
	flush          time.Duration
}

// cameraSupport says whether this build can use a camera, for --help.
func cameraSupport(t i18n.Catalog) string {
	if camera.Supported() {
		return t.T(i18n.HelpCameraYes)
	}
	return t.T(i18n.HelpCameraNo)
}

func loadConfig(f runFlags) (config.Config, error) {
	path := f.config
	if path == "" {
		path = DefaultConfigPath
	}
	env := os.Environ()
	if f.data != "" { // before the enrolment is looked for in it
		env = append(env, "ASHYQ_DATA_DIR="+f.data)
	}
	cfg, err := config.Load(path, env)
	if err != nil {
		return cfg, err
	}
	if f.data != "" {
		cfg.Storage.DataDir = f.data
	}
	if f.log != "" {
		cfg.Log.File = f.log
	}
	return cfg, nil
}
