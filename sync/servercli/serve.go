package servercli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/logfile"
	"github.com/ashyq/kiosk/sync/peer"
	"github.com/ashyq/kiosk/sync/registry/rules"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// serveFlags are the server's own flags, checked.
type serveFlags struct {
	listen, dataDir, storeURL, registry string
	demo, loopback                      bool
	tokens                              tokenFlags
	faults                              server.Faults
	logFile                             string
	logMaxMB                            int64
	silentAfter                         time.Duration
	metricsAddr, metricsToken           string
	tlsCert, tlsKey                     string
	reg                                 registryFlags
	regOpts                             backend.Options // the rules and FHIR configuration reg gives
	auditRetention                      string
	trustedProxies                      []string // nil: loopback
	secureCookies                       bool
	publicURL                           string
}

// parseServeFlags parses and checks the server's flags, reads the token and
// metrics token files, and says whether Main is done (help, version, a
// usage error) and with which code.
func parseServeFlags(args []string, stdout, stderr io.Writer, version string, w Words) (f serveFlags, code int, done bool) {
	fs := flag.NewFlagSet("ashyq-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f.tokens = tokenFlags{m: map[string]string{}}
	fs.StringVar(&f.listen, "listen", "127.0.0.1:8080", "`host:port` to listen on")
	fs.StringVar(&f.dataDir, "data", "", "`DIR` holding server.db (required unless --demo or --store)")
	fs.StringVar(&f.storeURL, "store", os.Getenv("ASHYQ_STORE"), "PostgreSQL `URL` (postgres://...; default $ASHYQ_STORE); empty: bbolt in --data")
	fs.BoolVar(&f.demo, "demo", false, "seed the demo venue, token and registry (loopback only)")
	fs.StringVar(&f.registry, "registry", "", "CSV `FILE` of iin,status to load at start")
	fs.Float64Var(&f.faults.FailRate, "fail-rate", 0, "share of authenticated requests answered 503 (0..1)")
	fs.Float64Var(&f.faults.ResetRate, "reset-rate", 0, "share of authenticated requests whose connection is dropped (0..1)")
	fs.Float64Var(&f.faults.PartialRate, "partial-rate", 0, "share of event batches only partly stored and acknowledged (0..1)")
	fs.DurationVar(&f.faults.Delay, "delay", 0, "`duration` added to every authenticated request")
	fs.DurationVar(&f.faults.RetryAfter, "retry-after", 0, "Retry-After sent with injected 503s (`duration`, whole seconds rounded up)")
	fs.Int64Var(&f.faults.Seed, "seed", 1, "seed of the fault-injection dice")
	fs.StringVar(&f.logFile, "log", "-", "log to `FILE`, rotated at --log-max-mb; - is stderr (the journal under systemd)")
	fs.Int64Var(&f.logMaxMB, "log-max-mb", 10, "rotate the --log file at this size (MiB), keeping one old copy FILE.1")
	tokenFile := fs.String("token-file", "", "read TOKEN=VENUE (or TOKEN VENUE) lines from `FILE`, mode 0600 (keeps tokens off the command line)")
	fs.DurationVar(&f.silentAfter, "silent-after", backend.DefaultSilentAfter, "flag devices not heard from for this `duration` (device list, metrics, console alarm)")
	fs.StringVar(&f.metricsAddr, "metrics-listen", "", "serve /metrics on this extra `host:port` too, without a token")
	metricsTok := fs.String("metrics-token-file", "", "`FILE` with the bearer token /metrics on a non-loopback API listener needs")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "serve HTTPS with this PEM certificate `FILE` (with --tls-key)")
	fs.StringVar(&f.tlsKey, "tls-key", "", "PEM private key `FILE` of --tls-cert")
	showVersion := fs.Bool("version", false, "print the version and exit")
	fs.StringVar(&f.publicURL, "public-url", "", "this upstream's `URL` as kiosks reach it, put in the owners' enrolment codes "+
		"(default: the address the owner's browser used)")
	fs.BoolVar(&f.secureCookies, "secure-cookies", false, "mark the console's session cookie Secure even on plain HTTP "+
		"(for a TLS proxy that sends no X-Forwarded-Proto)")
	proxies := fs.String("trusted-proxy", "loopback", "reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: "+
		"comma-separated `addresses or CIDR prefixes`, \"loopback\", or \"none\"")
	fs.Var(&f.tokens, "token", "device token mapping `TOKEN=VENUE` (repeatable)")
	f.reg.register(fs)
	fs.StringVar(&f.auditRetention, "audit-retention", "", "keep audit entries this long (`duration` such as 26280h, or days such as 1095d; default 3 years)")
	u := w.usage(fs, w.f(usageHead, version), "could not open the store, listen or serve; a tool's store or\n     server refused or failed")
	if !w.english() {
		u.Say = func(b cli.BadFlag) string { return w.sayBadFlag(b, "ashyq-server --help") }
	}
	if code, done := cli.Parse(fs, args, stdout, stderr, u); done {
		return f, code, true
	}
	usage := func(format string, a ...any) (serveFlags, int, bool) {
		if w.english() {
			fmt.Fprintf(stderr, "ashyq-server: "+format+"\n", a...)
		} else {
			line(stderr, "ashyq-server", w.f(format, a...))
		}
		return f, ExitUsage, true
	}
	switch {
	case f.tokens.err != nil:
		return usage("%v", f.tokens.err)
	case fs.NArg() > 0:
		return usage("unexpected argument %q (all options are flags; see --help)", fs.Arg(0))
	case *showVersion:
		fmt.Fprintf(stdout, "ashyq-server %s\n", version)
		return f, ExitOK, true
	case (f.tlsCert == "") != (f.tlsKey == ""):
		return usage("--tls-cert and --tls-key go together")
	}
	loop, err := IsLoopback(f.listen)
	if err != nil {
		return usage("--listen: %v", err)
	}
	f.loopback = loop
	if f.demo && !loop {
		return usage("--demo refuses to listen on %s: the demo token is public, so demo mode only listens on loopback (127.0.0.1, ::1 or localhost)", f.listen)
	}
	if f.dataDir == "" && f.storeURL == "" && !f.demo {
		return usage("--data DIR or --store URL is required (or use --demo)")
	}
	if *tokenFile != "" {
		fromFile, err := LoadTokenFile(*tokenFile)
		if err != nil {
			return usage("%v", err)
		}
		for tok, venue := range fromFile {
			f.tokens.m[tok] = venue
		}
	}
	if f.metricsToken, err = readMetricsToken(*metricsTok); err != nil {
		return usage("%v", err)
	}
	f.trustedProxies = strings.Split(*proxies, ",")
	if _, err := peer.Parse(f.trustedProxies); err != nil {
		return usage("--trusted-proxy: %v", err)
	}
	if f.regOpts, err = f.reg.options(); err != nil {
		return usage("%v", err)
	}
	if f.auditRetention != "" {
		if d, err := rules.ParseDuration(f.auditRetention); err != nil || d < 24*time.Hour {
			return usage("--audit-retention %q: want a duration of at least a day, such as 1095d", f.auditRetention)
		}
	}
	return f, ExitOK, false
}

// serve opens the log, the store and the server, and serves until ctx ends.
func serve(ctx context.Context, f serveFlags, stdout, stderr io.Writer, version string, w Words) int {
	exitCode := func(stderr io.Writer, err error) int { return exitCodeIn(stderr, err, w) }
	logOut := stderr
	var lf *logfile.File
	if f.logFile != "" && f.logFile != "-" {
		var err error
		if lf, err = logfile.Open(f.logFile, f.logMaxMB<<20); err != nil {
			return exitCode(stderr, err)
		}
		defer lf.Close()
		logOut = lf
	}
	logger := slog.New(slog.NewTextHandler(safetext.RedactingWriter(logOut), nil))
	logfile.OnHangup(ctx, lf, logger)
	storeName := "bbolt in " + f.dataDir
	if f.storeURL != "" {
		storeName = "postgresql" // never the URL: it may hold a password
	}
	proxies, _ := peer.Parse(f.trustedProxies) // checked by parseServeFlags
	logger.Info("ashyq-server starting", "version", version, "listen", f.listen, "store", storeName,
		"demo", f.demo, "tokens", len(f.tokens.m), "silent_after", f.silentAfter, "metrics_listen", f.metricsAddr,
		"trusted_proxies", proxies.String())
	defer logger.Info("ashyq-server stopped")

	st, err := OpenStore(ctx, f.storeURL, f.dataDir)
	if err != nil {
		return exitCode(stderr, err)
	}
	srv, err := server.Open(server.Options{Store: st, Demo: f.demo, Registry: f.registry, Tokens: f.tokens.m,
		Faults: f.faults, Logger: logger, Version: version, SilentAfter: f.silentAfter,
		MetricsOpen: f.loopback, MetricsToken: f.metricsToken, Rules: f.regOpts.Rules, FHIR: f.regOpts.FHIR,
		AuditRetention: f.retention(), TrustedProxies: f.trustedProxies,
		SecureCookies: f.secureCookies, PublicURL: f.publicURL})
	if err != nil {
		return exitCode(stderr, err)
	}
	// The start is a security event: it stays in the audit trail whatever
	// floods the log later.
	srv.Backend().Security(ctx, backend.SecurityEvent{Kind: backend.EventStart, Actor: audit.ActorSystem,
		Detail: fmt.Sprintf("ashyq-server %s on %s, %s, %d configured tokens, trusted proxies %s, demo %v",
			version, f.listen, storeName, len(f.tokens.m), proxies, f.demo)})
	defer func() {
		if err := srv.Close(); err != nil {
			logger.Error("close store", "error", err)
		}
	}()
	if fl := f.faults; fl.Enabled() {
		logger.Warn("fault injection on", "fail_rate", fl.FailRate, "reset_rate", fl.ResetRate,
			"partial_rate", fl.PartialRate, "delay", fl.Delay, "retry_after", fl.RetryAfter, "seed", fl.Seed)
	}
	err = srv.Run(ctx, server.RunOptions{Addr: f.listen, CertFile: f.tlsCert, KeyFile: f.tlsKey,
		MetricsAddr: f.metricsAddr, Announce: stdout})
	if err != nil {
		return exitCode(stderr, err)
	}
	return ExitOK
}

// retention is --audit-retention, checked by parseServeFlags; zero: the
// default.
func (f serveFlags) retention() time.Duration {
	d, _ := rules.ParseDuration(f.auditRetention)
	return d
}
