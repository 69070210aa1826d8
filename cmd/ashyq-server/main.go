// Command ashyq-server is the reference upstream for ashyq kiosks: status
// registry, idempotent event collector, occupancy and gap reports, with fault
// injection for soak tests. Everything but flag wiring lives in sync/server.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/ashyq/kiosk/sync/server"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := server.Main(ctx, os.Args[1:], os.Stdout, os.Stderr, buildVersion())
	stop()
	os.Exit(code)
}

// buildVersion prefers the -ldflags version, then the module version or VCS
// revision recorded by the Go toolchain.
func buildVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	if v == "" {
		return "unknown"
	}
	return v
}
