// Command decodemain runs decodecmd on its own, for benchmarks that time the
// whole process (bench/peers.sh) before the subcommand is wired into
// ashyq-kiosk.
package main

import (
	"os"

	"github.com/ashyq/kiosk/scanner/decodecmd"
)

func main() {
	os.Exit(decodecmd.Run(os.Args[1:], os.Stdout, os.Stderr))
}
