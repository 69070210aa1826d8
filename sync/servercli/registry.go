package servercli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/registry/fhirin"
	"github.com/ashyq/kiosk/sync/registry/rules"
	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

const registryUsage = `Usage: ashyq-server registry import (--data DIR | --store URL) [--rules FILE] [--iin-system URI] FILE.ndjson...

Loads health facts from FHIR Bulk Data NDJSON files (one resource a line:
Patient, Observation, Immunization; docs/registry.md), as a stream, in
transactions of 1,000 facts. Importing a file again changes nothing. Each bad
line is reported with its number and reason and skipped; the exit code is 1
if any line was bad.
`

// storeFlags are --data and --store, for commands that open the store.
type storeFlags struct{ dataDir, store string }

func (s *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.dataDir, "data", "", "`DIR` of the bbolt store (the server must be stopped)")
	fs.StringVar(&s.store, "store", "", "PostgreSQL `URL` (postgres://...)")
}

// backend opens the store the flags name, with the registry's options.
func (s *storeFlags) backend(ctx context.Context, opts backend.Options) (*backend.Backend, error) {
	if (s.dataDir == "") == (s.store == "") {
		return nil, &usageError{errorf("name exactly one of --data DIR or --store URL")}
	}
	st, err := OpenStore(ctx, s.store, s.dataDir)
	if err != nil {
		return nil, err
	}
	return backend.New(st, opts), nil
}

// registryMain is `ashyq-server registry import`.
func registryMain(ctx context.Context, args []string, stdout, stderr io.Writer, _ string) int {
	return registryIn(ctx, args, stdout, stderr, Words{})
}

// registryIn is registryMain saying its problems in w's language.
func registryIn(ctx context.Context, args []string, stdout, stderr io.Writer, w Words) int {
	exitCode := func(stderr io.Writer, err error) int { return exitCodeIn(stderr, err, w) }
	args = args[1:]
	fs := flag.NewFlagSet("ashyq-server registry import", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	var rf registryFlags
	rf.register(fs)
	usage := w.usage(fs, w.t(registryUsage), "a line was bad (each is reported), or the store could not be\n     opened")
	if !w.english() {
		usage.Say = func(b cli.BadFlag) string { return w.sayBadFlag(b, "ashyq-server registry --help") }
	}
	if len(args) == 0 || isHelp(args[0]) {
		cli.WriteHelp(stdout, fs, usage)
		return ExitOK
	}
	if args[0] != "import" {
		line(stderr, "ashyq-server registry", w.f("unknown command %q (see ashyq-server registry --help)", safetext.Clean(args[0], 40)))
		return ExitUsage
	}
	// Files may come before or after the flags.
	var files []string
	for rest := args[1:]; ; {
		if code, done := cli.Parse(fs, rest, stdout, stderr, usage); done {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		files, rest = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	if len(files) == 0 {
		line(stderr, "ashyq-server registry import", w.f("name at least one NDJSON file"))
		return ExitUsage
	}
	opts, err := rf.options()
	if err != nil {
		return exitCode(stderr, err)
	}
	b, err := sf.backend(ctx, opts)
	if err != nil {
		return exitCode(stderr, err)
	}
	defer b.Close()
	bad := false
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return exitCode(stderr, err)
		}
		start := time.Now()
		st, err := b.ImportNDJSON(ctx, f, audit.ActorCLI, func(p *fhirin.Problem) {
			fmt.Fprintf(stderr, "%s:%d: %s\n", safetext.Clean(name, 200), p.Index, safetext.Clean(p.Error(), 400))
		})
		f.Close()
		if err != nil {
			return exitCode(stderr, fmt.Errorf("%s: %w", name, err))
		}
		bad = bad || st.Bad > 0
		fmt.Fprintf(stdout, "%s: %d lines: %d new facts, %d already held, %d corrected, %d refused; %d colours changed (%.1f s)\n",
			safetext.Clean(name, 200), st.Lines, st.New, st.Duplicates, st.Corrected, st.Bad, st.Changes, time.Since(start).Seconds())
	}
	if bad {
		return ExitError
	}
	return ExitOK
}

const auditUsage = `Usage: ashyq-server audit (--data DIR | --store URL) [--iin IIN] [--kind KIND] [--after SEQ] [--limit N] [--full]

Lists the audit trail, oldest first: every fact received, every colour change,
every full IIN an operator read (docs/registry.md). IINs are masked unless
--full, which is itself recorded as a reading by the command line.
`

// auditMain is `ashyq-server audit`.
func auditMain(ctx context.Context, args []string, stdout, stderr io.Writer, _ string) int {
	return auditIn(ctx, args, stdout, stderr, Words{})
}

// auditIn is auditMain saying its problems in w's language.
func auditIn(ctx context.Context, args []string, stdout, stderr io.Writer, w Words) int {
	exitCode := func(stderr io.Writer, err error) int { return exitCodeIn(stderr, err, w) }
	fs := flag.NewFlagSet("ashyq-server audit", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	person := fs.String("iin", "", "only this person's entries (`IIN`)")
	kind := fs.String("kind", "", "only this `KIND`, or kinds starting with it when it ends in a dot (fact.)")
	after := fs.Uint64("after", 0, "entries after sequence number `SEQ`")
	limit := fs.Int("limit", 100, "at most `N` entries (1..1000)")
	full := fs.Bool("full", false, "show IINs in full (recorded in the trail)")
	u := w.usage(fs, w.t(auditUsage), "the store could not be opened or read")
	if !w.english() {
		u.Say = func(b cli.BadFlag) string { return w.sayBadFlag(b, "ashyq-server audit --help") }
	}
	if code, done := cli.Parse(fs, args[1:], stdout, stderr, u); done {
		return code
	}
	if fs.NArg() > 0 {
		line(stderr, "ashyq-server audit", w.f("unexpected argument %q", safetext.Clean(fs.Arg(0), 40)))
		return ExitUsage
	}
	if *person != "" {
		if err := iin.Validate(*person); err != nil {
			return exitCode(stderr, &usageError{err})
		}
	}
	if *limit < 1 || *limit > audit.MaxPage {
		return exitCode(stderr, &usageError{errorf("--limit %d: want 1 to %d", *limit, audit.MaxPage)})
	}
	b, err := sf.backend(ctx, backend.Options{})
	if err != nil {
		return exitCode(stderr, err)
	}
	defer b.Close()
	entries, more, err := b.Audit(ctx, audit.Query{After: *after, IIN: *person, Kind: *kind, Limit: *limit}, *full, audit.ActorCLI)
	if err != nil {
		return exitCode(stderr, err)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tAT\tKIND\tACTOR\tIIN\tSUBJECT\tDETAIL")
	for _, e := range entries {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.At.Format(time.RFC3339), e.Kind, safetext.Clean(e.Actor, 40),
			e.IIN, safetext.Clean(e.Subject, 80), safetext.Clean(e.Detail, 160))
	}
	if err := tw.Flush(); err != nil {
		return exitCode(stderr, err)
	}
	if more {
		fmt.Fprintln(stderr, w.f("more entries follow: --after %d", entries[len(entries)-1].Seq))
	}
	return ExitOK
}

// registryFlags configure the registry: the rules and the FHIR reader.
type registryFlags struct {
	rulesFile, iinSystem string
}

func (r *registryFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.rulesFile, "rules", "", "registry rules `FILE` (TOML: positive, contact, negative, negative_antigen, vaccinated; docs/registry.md)")
	fs.StringVar(&r.iinSystem, "iin-system", fhirin.DefaultIINSystem, "FHIR identifier system `URI` that names the IIN")
}

// options are the backend options the flags give.
func (r *registryFlags) options() (backend.Options, error) {
	var o backend.Options
	if r.rulesFile != "" {
		rl, err := rules.Load(r.rulesFile)
		if err != nil {
			return o, err
		}
		o.Rules = &rl
	}
	c := fhirin.DefaultConfig()
	if r.iinSystem != "" {
		c.IINSystems = []string{r.iinSystem}
	}
	o.FHIR = &c
	return o, nil
}
