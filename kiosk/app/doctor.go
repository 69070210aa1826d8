package app

import (
	"context"
	"flag"
	"os"
	"time"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/doctor"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/cli"
)

// runDoctor is `ashyq-kiosk doctor`.
func runDoctor(ctx context.Context, args []string, std Stdio) int {
	fs := flag.NewFlagSet("ashyq-kiosk doctor", flag.ContinueOnError)
	t := envWords()
	path := fs.String("config", DefaultConfigPath, t.T(i18n.HelpFlagConfig))
	asJSON := fs.Bool("json", false, t.T(i18n.HelpFlagJSON))
	window := fs.Duration("camera-window", 3*time.Second, t.T(i18n.HelpFlagCameraWindow))
	if code, done := cli.Parse(fs, args, std.Out, std.Err, helpUsage(t, t.T(i18n.HelpDoctor), t.T(i18n.HelpDoctorExit))); done {
		return code
	}
	if fs.NArg() > 0 {
		sayf(std.Err, "ashyq-kiosk doctor", envWords(), i18n.StartUnexpectedArg, fs.Arg(0))
		return exitUsage
	}
	opts := doctor.Options{CameraWindow: *window}
	cfg, err := config.Load(*path, os.Environ())
	if err != nil {
		opts.Config, opts.ConfigErr = config.Default(), err
		opts.Lang = string(fileWords(*path).Lang())
	} else {
		opts.Config, opts.Lang = cfg, cfg.Device.Language
	}
	r := doctor.Run(ctx, opts)
	if *asJSON {
		err = r.WriteJSON(std.Out)
	} else {
		err = r.WriteText(std.Out)
	}
	if err != nil || !r.OK {
		return exitFailure
	}
	return exitOK
}

// LocaleLanguage is the kiosk language the environment names
// (i18n.FromEnv): ASHYQ_LANGUAGE, else the locale.
func LocaleLanguage(env []string) string { return i18n.FromEnv(env) }
