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

const usage = `ashyq-kiosk %s: entrance kiosk that checks health status at the door.

Usage:
  ashyq-kiosk [--config FILE] [--headless] [--data DIR] [--log FILE]
  ashyq-kiosk --demo [--headless] [--data DIR] [--log FILE]
  ashyq-kiosk decode [--json] [--reveal] [--frame] IMAGE...
  ashyq-kiosk check [--config FILE] [--data DIR] [--offline] PAYLOAD
  ashyq-kiosk doctor [--config FILE] [--json]
  ashyq-kiosk enrol [--config FILE] [--data DIR] CODE
  ashyq-kiosk version

Modes:
  (default)   full-screen terminal UI; staff type an IIN, a barcode scanner
              or the camera reads codes
  --headless  no UI: one payload per line on stdin, one JSON verdict per line
              on stdout, printed only after the event is stored durably
  --demo      embedded upstream on loopback with demo data; no config file,
              network or camera needed
  decode      read QR codes from PNG, JPEG or WebP files with the camera's
              decoder; prints FILE<TAB>PAYLOAD; exit 1 if a file had none;
              --frame: as the camera would, three frames of its time budget
  check       judge one payload (IIN or pass) and print the JSON verdict,
              recording nothing
  doctor      check cameras, scanners, serial ports, upstream, token, clock,
              storage and console font; each line OK or what to do
  enrol       enrol a new kiosk with the one-time code from its venue's
              owner page (Add a door): a typed code, or the QR code's text.
              A kiosk that is not enrolled also takes the code at start:
              shown to the camera, or as the first line with --headless

SIGINT, SIGTERM or SIGHUP (the terminal hung up) stops cleanly; SIGUSR1 reopens the log file.
`

// keysHelp is the full-screen kiosk's keys, for --help.
const keysHelp = `Keys (full-screen kiosk):
  digits, Enter   type an IIN (or a code's text) and check it; a barcode
                  scanner types the same way
  F3              on a refusal (red, yellow, full, not checked): let the
                  person in with a staff code and a reason (override.codes)
  F2 or ctrl+o    the owner menu: entrance or exit, language, capacity,
                  closing time, the records' queue. Needs owner.pin; without
                  one the screen says the menu is off
  ctrl+c twice    quit (within 3 seconds; with owner.pin set, asks for it)
`

// kioskHelpTail is what --help prints after the flags: the environment
// overrides (from the config's own list), the keys and the exit codes.
func kioskHelpTail() string {
	var b strings.Builder
	b.WriteString("Environment (each overrides its config key):\n")
	for _, e := range config.EnvVars {
		fmt.Fprintf(&b, "  %-22s %s\n", e.Name, e.Key)
	}
	b.WriteString("  --demo takes " + strings.Join(DemoEnv, ", ") + ";\n  e.g. ASHYQ_LANGUAGE=kk (" + strings.Join(config.Languages, ", ") + ")\n")
	b.WriteString("\n" + keysHelp + "\n")
	b.WriteString(cli.ExitCodes("storage, the terminal, the network; decode: a file\n     without a code"))
	return b.String()
}

// Main is the whole command line; it returns the exit code. version is
// what `ashyq-kiosk version` prints.
func Main(args []string, std Stdio, version string) int {
	if len(args) > 0 {
		switch args[0] {
		case "decode":
			// decode reads no config: the locale (or ASHYQ_LANGUAGE)
			// names its language.
			t := i18n.For(LocaleLanguage(os.Environ()))
			return decodecmd.RunIn(args[1:], std.Out, std.Err,
				decodecmd.Words{NoCode: t.T(i18n.DecodeNoCode), NoImage: t.T(i18n.DecodeNoImage)})
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
	fs := flag.NewFlagSet("ashyq-kiosk", flag.ContinueOnError)
	var f runFlags
	fs.StringVar(&f.config, "config", "", "configuration `FILE` (default "+DefaultConfigPath+")")
	fs.BoolVar(&f.demo, "demo", false, "run against an embedded demo upstream on loopback")
	fs.BoolVar(&f.headless, "headless", false, "no UI: payloads on stdin, JSON verdicts on stdout")
	fs.StringVar(&f.data, "data", "", "data directory `DIR` (overrides storage.data_dir)")
	fs.DurationVar(&f.flush, "flush-timeout", 10*time.Second, "headless: at end of input, wait this `duration` to sync")
	fs.StringVar(&f.log, "log", "", "log to `FILE` (overrides log.file; - is stderr, the journal under systemd)")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if code, done := cli.Parse(fs, args, std.Out, std.Err, cli.Usage{
		Head: fmt.Sprintf(usage, version) + fmt.Sprintf("Camera: %s\n", CameraSupport()),
		Tail: kioskHelpTail(),
		Say:  flagWords(envWords()),
	}); done {
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

// CameraSupport says whether this build can use a camera, for --help and the
// idle screen.
func CameraSupport() string {
	if camera.Supported() {
		return "supported (V4L2 via cgo)"
	}
	return "not available in this build (built without cgo); keyboard and barcode scanner only"
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
