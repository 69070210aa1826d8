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
func migrateMain(ctx context.Context, args []string, stdout, stderr io.Writer, w Words) int {
	flags := flag.NewFlagSet("ashyq-server migrate", flag.ContinueOnError)
	url := flags.String("store", os.Getenv("ASHYQ_STORE"), "PostgreSQL `URL` (default $ASHYQ_STORE)")
	u := w.usage(flags, w.t(migrateUsage), "the database could not be reached or migrated")
	if !w.english() {
		u.Say = func(b cli.BadFlag) string { return w.sayBadFlag(b, "ashyq-server migrate --help") }
	}
	if code, done := cli.Parse(flags, args, stdout, stderr, u); done {
		return code
	}
	if *url == "" || flags.NArg() > 0 {
		line(stderr, "ashyq-server migrate", w.f("want --store postgres://... and nothing else (a bbolt file migrates when opened)"))
		return ExitUsage
	}
	applied, newest, err := pgstore.Migrate(ctx, *url)
	if err != nil {
		line(stderr, "ashyq-server migrate", w.say(err))
		return ExitError
	}
	fmt.Fprintf(stdout, "schema at version %d; applied now: %v\n", newest, applied)
	return ExitOK
}
