// Package servercli is ashyq-server's command line: Main dispatches to the
// server itself (flags, logging, the store a URL names) and to the tools
// around it: tokens, operators and venues (manage.go), keys and passes
// (keys.go), a visitor's phone (phone.go), schema migration (migrate.go)
// and the load generator. Every tool is a thin client of the backend,
// either over a store it opens or over a running server's admin API.
package servercli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/loadgen"
)

// Exit codes of Main.
const (
	ExitOK    = cli.ExitOK      // clean shutdown, --help, version
	ExitError = cli.ExitFailure // could not open the store, listen or serve
	ExitUsage = cli.ExitUsage   // bad flags, or --demo on a non-loopback address
)

// tokenFlags collects repeatable --token TOKEN=VENUE flags. Set never
// fails: the flag package would quote the value, a secret, in its error;
// the first problem is kept in err and reported after parsing, naming the
// venue, never the token.
type tokenFlags struct {
	m   map[string]string
	err error
}

// String never shows the tokens, only how many.
func (t *tokenFlags) String() string {
	if t == nil || len(t.m) == 0 {
		return ""
	}
	return fmt.Sprintf("%d tokens", len(t.m))
}

func (t *tokenFlags) Set(v string) error {
	tok, venue, ok := strings.Cut(v, "=")
	var err error
	switch {
	case !ok || tok == "" || venue == "":
		err = errorf("--token: want TOKEN=VENUE")
	default:
		if werr := backend.CheckSecretStrength(tok); werr != nil {
			err = errorf("--token for venue %q: %s", venue, werr)
		}
	}
	if err != nil {
		if t.err == nil {
			t.err = err
		}
		return nil
	}
	t.m[tok] = venue
	return nil
}

const usageHead = `ashyq-server %s: the reference upstream for ashyq kiosks (API v1, see docs/api.md).

Usage:
  ashyq-server --data DIR [flags]       bbolt store in DIR
  ashyq-server --store URL [flags]      PostgreSQL store (postgres://...), several replicas may share it
  ashyq-server --demo [flags]           demo venue "demo-cafe", token "demo-token", operator "demo-operator",
                                        demo registry; loopback only, data in a temp dir removed on exit
  ashyq-server tokens|operators|venues  manage credentials and venues (ashyq-server tokens help)
  ashyq-server owners|kiosks            owners' credentials, codes that enrol new kiosks (ashyq-server owners help)
  ashyq-server migrate --store URL      bring a PostgreSQL schema to this version (start-up does it too)
  ashyq-server loadgen --url URL ...    simulate kiosks against an upstream on loopback (--help)
  ashyq-server version
  ashyq-server keys|passes              rotate issuer keys, revoke passes (ashyq-server keys help)
  ashyq-server pass --iin IIN ...       act as a phone: a rotating pass QR code (ashyq-server pass --help)
  ashyq-server enrol --iin IIN TARGET   a one-time enrolment code for the wallet (ashyq-server enrol --help)

Once listening, prints one line "listening on http://HOST:PORT" to stdout.
SIGINT or SIGTERM shuts down gracefully; SIGHUP reopens the --log file.
Metrics: GET /metrics on the API listener (open on loopback, else with the
metrics token), or on their own listener with --metrics-listen.
`

// isHelp reports whether arg asks for a command's help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}

// command is one of ashyq-server's subcommands: args are the command line
// after the program name, the subcommand's name first.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer, version string) int

var commands = map[string]command{
	"tokens":    manageCommand,
	"operators": manageCommand,
	"venues":    manageCommand,
	"feeders":   manageCommand,
	"owners":    manageCommand,
	"kiosks":    manageCommand,
	"registry":  registryMain,
	"audit":     auditMain,
	"keys":      keysCommand,
	"passes":    keysCommand,
	"pass": func(ctx context.Context, args []string, stdout, stderr io.Writer, _ string) int {
		return phoneMain(ctx, args[1:], stdout, stderr, Words{})
	},
	"enrol": func(ctx context.Context, args []string, stdout, stderr io.Writer, _ string) int {
		return enrolMain(ctx, args[1:], stdout, stderr, Words{})
	},
	"migrate": func(ctx context.Context, args []string, stdout, stderr io.Writer, _ string) int {
		return migrateMain(ctx, args[1:], stdout, stderr, Words{})
	},
	"loadgen": func(ctx context.Context, args []string, stdout, stderr io.Writer, _ string) int {
		return loadgen.Main(ctx, args[1:], stdout, stderr)
	},
	"version": func(_ context.Context, _ []string, stdout, _ io.Writer, version string) int {
		fmt.Fprintf(stdout, "ashyq-server %s\n", version)
		return ExitOK
	},
}

func manageCommand(ctx context.Context, args []string, stdout, stderr io.Writer, _ string) int {
	return manageMain(ctx, args[0], args[1:], stdout, stderr, Words{})
}

func keysCommand(ctx context.Context, args []string, stdout, stderr io.Writer, _ string) int {
	return keysMain(ctx, args[0], args[1:], stdout, stderr, Words{})
}

// Main runs ashyq-server with command-line args (without the program name)
// until ctx is cancelled (main cancels it on SIGINT/SIGTERM), and returns the
// exit code. It lives here rather than in cmd/ashyq-server so tests can run it.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, version string) int {
	return MainIn(ctx, args, stdout, stderr, version, Words{})
}

// MainIn is Main with the management commands (tokens, operators, feeders,
// owners, kiosks, venues, keys, passes, enrol, migrate, registry, audit,
// pass) and the server's
// start speaking w's language on stderr; stdout (secrets, codes, tables,
// what scripts read) and --help stay English.
func MainIn(ctx context.Context, args []string, stdout, stderr io.Writer, version string, w Words) int {
	if len(args) > 0 {
		switch {
		case manageGroups[args[0]]:
			return manageMain(ctx, args[0], args[1:], stdout, stderr, w)
		case args[0] == "keys" || args[0] == "passes":
			return keysMain(ctx, args[0], args[1:], stdout, stderr, w)
		case args[0] == "enrol":
			return enrolMain(ctx, args[1:], stdout, stderr, w)
		case args[0] == "migrate":
			return migrateMain(ctx, args[1:], stdout, stderr, w)
		case args[0] == "pass":
			return phoneMain(ctx, args[1:], stdout, stderr, w)
		case args[0] == "registry":
			return registryIn(ctx, args, stdout, stderr, w)
		case args[0] == "audit":
			return auditIn(ctx, args, stdout, stderr, w)
		}
	}
	if len(args) > 0 {
		if cmd, ok := commands[args[0]]; ok {
			return cmd(ctx, args, stdout, stderr, version)
		}
	}
	f, code, done := parseServeFlags(args, stdout, stderr, version, w)
	if done {
		return code
	}
	if f.dataDir == "" && f.storeURL == "" {
		// --demo without a store: a temp dir, removed on exit.
		tmp, err := os.MkdirTemp("", "ashyq-server-demo-")
		if err != nil {
			fmt.Fprintf(stderr, "ashyq-server: demo data dir: %v\n", err)
			return ExitError
		}
		defer os.RemoveAll(tmp)
		f.dataDir = tmp
	}
	return serve(ctx, f, stdout, stderr, version, w)
}

// usageError is a command line that cannot run: the message for stderr,
// with ExitUsage.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }

// Unwrap returns what is wrong, which Words may say in another language.
func (e *usageError) Unwrap() error { return e.err }

// exitCodeIn prints err after "ashyq-server: " in w's language and returns
// ExitUsage for a usage error, else ExitError.
func exitCodeIn(stderr io.Writer, err error, w Words) int {
	if w.english() {
		fmt.Fprintf(stderr, "ashyq-server: %v\n", err)
	} else {
		line(stderr, "ashyq-server", w.say(err))
	}
	var ue *usageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return ExitError
}
