package servercli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ashyq/kiosk/sync/store/pgstore"
)

// migrateMain runs `ashyq-server migrate --store URL`.
func migrateMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("ashyq-server migrate", flag.ContinueOnError)
	flags.SetOutput(stderr)
	url := flags.String("store", os.Getenv("ASHYQ_STORE"), "PostgreSQL `URL` (default $ASHYQ_STORE)")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if *url == "" || flags.NArg() > 0 {
		fmt.Fprintln(stderr, "ashyq-server migrate: want --store postgres://... and nothing else (a bbolt file migrates when opened)")
		return ExitUsage
	}
	applied, newest, err := pgstore.Migrate(ctx, *url)
	if err != nil {
		fmt.Fprintf(stderr, "ashyq-server migrate: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(stdout, "schema at version %d; applied now: %v\n", newest, applied)
	return ExitOK
}
