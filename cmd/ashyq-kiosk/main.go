// Command ashyq-kiosk is the entrance kiosk: a full-screen terminal app that
// checks a visitor's health status, shows the verdict and records the visit.
// See README.md and `ashyq-kiosk --help`.
package main

import (
	"os"

	"github.com/ashyq/kiosk/cmd/internal/buildinfo"
	"github.com/ashyq/kiosk/kiosk/app"
)

// version is set with -ldflags "-X main.version=...".
var version = ""

func main() {
	os.Exit(app.Main(os.Args[1:], app.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, buildinfo.Version(version)))
}
