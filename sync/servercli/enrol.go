package servercli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

const enrolUsage = `Usage: ashyq-server enrol --iin IIN [--ttl 1h] TARGET

Makes a one-time enrolment code for IIN and prints it with its end: give it
to the person, who types it into the wallet (/wallet/) with their IIN. It
works once, for --ttl (default 1h, at most 168h), and five wrong codes void
it. A new code replaces the IIN's earlier one. Check the person's ID first:
the code is what proves to the wallet that they hold this IIN.

TARGET is --data DIR (server stopped), --store URL, or --server URL with an
operator credential in --operator-token-file FILE or $ASHYQ_OPERATOR_TOKEN.
`

// enrolMain is `ashyq-server enrol`.
func enrolMain(ctx context.Context, args []string, stdout, stderr io.Writer, w Words) int {
	fs := flag.NewFlagSet("ashyq-server enrol", flag.ContinueOnError)
	var t target
	t.register(fs)
	person := fs.String("iin", "", "the person's `IIN`")
	ttl := fs.Duration("ttl", backend.DefaultEnrolTTL, "how long the code works (`duration`)")
	u := w.usage(fs, w.t(enrolUsage), "the server or the store could not be reached, or refused")
	if !w.english() {
		u.Say = func(b cli.BadFlag) string { return w.sayBadFlag(b, "ashyq-server enrol --help") }
	}
	if code, done := cli.Parse(fs, args, stdout, stderr, u); done {
		return code
	}
	const prog = "ashyq-server enrol"
	if fs.NArg() > 0 {
		line(stderr, prog, w.f("unexpected argument %q (see --help)", fs.Arg(0)))
		return ExitUsage
	}
	if err := iin.Validate(*person); err != nil {
		line(stderr, prog, w.f("--iin: %v", err))
		return ExitUsage
	}
	if *ttl < time.Minute || *ttl > backend.MaxEnrolTTL {
		line(stderr, prog, w.f("--ttl must be from 1m to %s", backend.MaxEnrolTTL))
		return ExitUsage
	}
	m, err := t.open(ctx, true)
	if err != nil {
		line(stderr, prog, w.say(err))
		return ExitUsage
	}
	defer m.close()
	c, err := m.enrolCode(ctx, *person, *ttl)
	if err != nil {
		line(stderr, prog, w.say(err))
		return ExitError
	}
	fmt.Fprintf(stdout, "enrolment code for %s: %s\nvalid until %s, single use, %d wrong tries void it\n",
		iin.Mask(*person), c.Code, c.ExpiresAt.Local().Format(time.RFC3339), c.Attempts)
	return ExitOK
}

func (m *storeManager) enrolCode(ctx context.Context, person string, ttl time.Duration) (wire.EnrolCode, error) {
	return m.b.NewEnrolCode(ctx, person, ttl)
}

func (m *apiManager) enrolCode(ctx context.Context, person string, ttl time.Duration) (wire.EnrolCode, error) {
	var c wire.EnrolCode
	err := m.call(ctx, "POST", "/v1/enrolment-codes", wire.EnrolCodeRequest{IIN: person, TTL: ttl.String()}, &c)
	return c, err
}
