package servercli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/store/pgstore"
)

const migrateUsage = `Usage: ashyq-server migrate --store URL

Brings a PostgreSQL store's schema to this version, under an advisory lock
(the server does the same at start-up, so this is for a deliberate upgrade
step). A bbolt store migrates when it is opened.
`

// migrateMain runs `ashyq-server migrate --store URL`.
func migrateMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("ashyq-server migrate", flag.ContinueOnError)
	url := flags.String("store", os.Getenv("ASHYQ_STORE"), "PostgreSQL `URL` (default $ASHYQ_STORE)")
	if code, done := cli.Parse(flags, args, stdout, stderr, cli.Usage{Head: migrateUsage,
		Tail: cli.ExitCodes("the database could not be reached or migrated")}); done {
		return code
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
