// Command ashyq-server is the reference upstream for ashyq kiosks: status
// registry, idempotent event collector, occupancy and gap reports, with fault
// injection for soak tests. Everything but signal handling lives in sync/servercli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/ashyq/kiosk/cmd/internal/buildinfo"
	"github.com/ashyq/kiosk/sync/servercli"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := servercli.MainIn(ctx, os.Args[1:], os.Stdout, os.Stderr, buildinfo.Version(version), operatorWords(os.Environ()))
	stop()
	os.Exit(code)
}
