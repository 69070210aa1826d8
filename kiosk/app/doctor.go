package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/doctor"
)

const doctorUsage = `usage: ashyq-kiosk doctor [--config FILE] [--json]

Checks this kiosk for an installer: cameras, input devices and serial ports
(may the kiosk open each, which the config selects), the camera's frame rate,
the upstream and the device token, the clock, the data directory and the
console font. Each line says OK or what to do. Exit status 0 when all is well,
1 otherwise, 2 for a usage error.

`

// runDoctor is `ashyq-kiosk doctor`.
func runDoctor(ctx context.Context, args []string, std Stdio) int {
	fs := flag.NewFlagSet("ashyq-kiosk doctor", flag.ContinueOnError)
	fs.SetOutput(std.Err)
	path := fs.String("config", DefaultConfigPath, "configuration file")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	window := fs.Duration("camera-window", 3*time.Second, "how long to watch the camera for frames")
	fs.Usage = func() {
		fmt.Fprint(std.Err, doctorUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(std.Err, "ashyq-kiosk doctor: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	opts := doctor.Options{CameraWindow: *window}
	cfg, err := config.Load(*path, os.Environ())
	if err != nil {
		opts.Config, opts.ConfigErr = config.Default(), err
	} else {
		opts.Config = cfg
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
