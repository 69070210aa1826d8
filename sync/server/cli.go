package server

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/loadgen"
	"github.com/ashyq/kiosk/sync/logfile"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Exit codes of Main.
const (
	ExitOK    = cli.ExitOK      // clean shutdown, --help, version
	ExitError = cli.ExitFailure // could not open the store, listen or serve
	ExitUsage = cli.ExitUsage   // bad flags, or --demo on a non-loopback address
)

// tokenFlags collects repeatable --token TOKEN=VENUE flags.
type tokenFlags map[string]string

// String never shows the tokens, only how many.
func (t tokenFlags) String() string {
	if len(t) == 0 {
		return ""
	}
	return fmt.Sprintf("%d tokens", len(t))
}

func (t tokenFlags) Set(v string) error {
	tok, venue, ok := strings.Cut(v, "=")
	if !ok || tok == "" || venue == "" {
		return errors.New("want TOKEN=VENUE")
	}
	t[tok] = venue
	return nil
}

const usageHead = `ashyq-server %s: the reference upstream for ashyq kiosks (API v1, see docs/api.md).

Usage:
  ashyq-server --data DIR [flags]       bbolt store in DIR
  ashyq-server --store URL [flags]      PostgreSQL store (postgres://...), several replicas may share it
  ashyq-server --demo [flags]           demo venue "demo-cafe", token "demo-token", operator "demo-operator",
                                        demo registry; loopback only, data in a temp dir removed on exit
  ashyq-server tokens|operators|venues  manage credentials and venues (ashyq-server tokens help)
  ashyq-server migrate --store URL      bring a PostgreSQL schema to this version (start-up does it too)
  ashyq-server loadgen --url URL ...    simulate kiosks against an upstream on loopback (--help)
  ashyq-server version
  ashyq-server keys|passes              rotate issuer keys, revoke passes (ashyq-server keys help)
  ashyq-server pass --iin IIN ...       act as a phone: a rotating pass QR code (ashyq-server pass --help)

Once listening, prints one line "listening on http://HOST:PORT" to stdout.
SIGINT or SIGTERM shuts down gracefully; SIGHUP reopens the --log file.
Metrics: GET /metrics on the API listener (open on loopback, else with the
metrics token), or on their own listener with --metrics-listen.

Flags:
`

// Main runs ashyq-server with command-line args (without the program name)
// until ctx is cancelled (main cancels it on SIGINT/SIGTERM), and returns the
// exit code. It lives here rather than in cmd/ashyq-server so tests can run it.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, version string) int {
	if len(args) > 0 {
		switch args[0] {
		case "tokens", "operators", "venues":
			return manageMain(ctx, args[0], args[1:], stdout, stderr)
		case "version":
			fmt.Fprintf(stdout, "ashyq-server %s\n", version)
			return ExitOK
		case "migrate":
			return migrateMain(ctx, args[1:], stdout, stderr)
		case "loadgen":
			return loadgen.Main(ctx, args[1:], stdout, stderr)
		case "keys", "passes":
			return keysMain(ctx, args[0], args[1:], stdout, stderr)
		case "pass":
			return phoneMain(ctx, args[1:], stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("ashyq-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		listen      = fs.String("listen", "127.0.0.1:8080", "`host:port` to listen on")
		dataDir     = fs.String("data", "", "`DIR` holding server.db (required unless --demo or --store)")
		storeURL    = fs.String("store", os.Getenv("ASHYQ_STORE"), "PostgreSQL `URL` (postgres://...; default $ASHYQ_STORE); empty: bbolt in --data")
		demo        = fs.Bool("demo", false, "seed the demo venue, token and registry (loopback only)")
		registry    = fs.String("registry", "", "CSV `FILE` of iin,status to load at start")
		tokens      = tokenFlags{}
		failRate    = fs.Float64("fail-rate", 0, "share of authenticated requests answered 503 (0..1)")
		resetRate   = fs.Float64("reset-rate", 0, "share of authenticated requests whose connection is dropped (0..1)")
		partialRate = fs.Float64("partial-rate", 0, "share of event batches only partly stored and acknowledged (0..1)")
		delay       = fs.Duration("delay", 0, "`duration` added to every authenticated request")
		retryAfter  = fs.Duration("retry-after", 0, "Retry-After sent with injected 503s (`duration`, whole seconds rounded up)")
		seed        = fs.Int64("seed", 1, "seed of the fault-injection dice")
		logFile     = fs.String("log", "-", "log to `FILE`, rotated at --log-max-mb; - is stderr (the journal under systemd)")
		logMaxMB    = fs.Int64("log-max-mb", 10, "rotate the --log file at this size (MiB), keeping one old copy FILE.1")
		tokenFile   = fs.String("token-file", "", "read TOKEN=VENUE (or TOKEN VENUE) lines from `FILE`, mode 0600 (keeps tokens off the command line)")
		silentAfter = fs.Duration("silent-after", DefaultSilentAfter, "flag devices not heard from for this `duration` (device list, metrics, console alarm)")
		metricsAddr = fs.String("metrics-listen", "", "serve /metrics on this extra `host:port` too, without a token")
		metricsTok  = fs.String("metrics-token-file", "", "`FILE` with the bearer token /metrics on a non-loopback API listener needs")
		tlsCert     = fs.String("tls-cert", "", "serve HTTPS with this PEM certificate `FILE` (with --tls-key)")
		tlsKey      = fs.String("tls-key", "", "PEM private key `FILE` of --tls-cert")
		showVersion = fs.Bool("version", false, "print the version and exit")
	)
	fs.Var(tokens, "token", "device token mapping `TOKEN=VENUE` (repeatable)")
	if code, done := cli.Parse(fs, args, stdout, stderr, func(w io.Writer) {
		fmt.Fprintf(w, usageHead, version)
	}); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ashyq-server: unexpected argument %q (all options are flags; see --help)\n", fs.Arg(0))
		return ExitUsage
	}
	if *showVersion {
		fmt.Fprintf(stdout, "ashyq-server %s\n", version)
		return ExitOK
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		fmt.Fprintln(stderr, "ashyq-server: --tls-cert and --tls-key go together")
		return ExitUsage
	}
	loop, err := IsLoopback(*listen)
	if err != nil {
		fmt.Fprintf(stderr, "ashyq-server: --listen: %v\n", err)
		return ExitUsage
	}
	if *demo && !loop {
		fmt.Fprintf(stderr, "ashyq-server: --demo refuses to listen on %s: the demo token is public, so demo mode only listens on loopback (127.0.0.1, ::1 or localhost)\n", *listen)
		return ExitUsage
	}
	if *dataDir == "" && *storeURL == "" {
		if !*demo {
			fmt.Fprintln(stderr, "ashyq-server: --data DIR or --store URL is required (or use --demo)")
			return ExitUsage
		}
		tmp, err := os.MkdirTemp("", "ashyq-server-demo-")
		if err != nil {
			fmt.Fprintf(stderr, "ashyq-server: demo data dir: %v\n", err)
			return ExitError
		}
		defer os.RemoveAll(tmp)
		*dataDir = tmp
	}

	if *tokenFile != "" {
		fromFile, err := LoadTokenFile(*tokenFile)
		if err != nil {
			fmt.Fprintf(stderr, "ashyq-server: %v\n", err)
			return ExitUsage
		}
		for tok, venue := range fromFile {
			tokens[tok] = venue
		}
	}
	metricsToken, err := readMetricsToken(*metricsTok)
	if err != nil {
		fmt.Fprintf(stderr, "ashyq-server: %v\n", err)
		return ExitUsage
	}

	logOut := stderr
	var lf *logfile.File
	if *logFile != "" && *logFile != "-" {
		lf, err = logfile.Open(*logFile, *logMaxMB<<20)
		if err != nil {
			fmt.Fprintf(stderr, "ashyq-server: %v\n", err)
			return ExitError
		}
		defer lf.Close()
		logOut = lf
	}
	logger := slog.New(slog.NewTextHandler(safetext.RedactingWriter(logOut), nil))
	logfile.OnHangup(ctx, lf, logger)
	store := "bbolt in " + *dataDir
	if *storeURL != "" {
		store = "postgresql" // never the URL: it may hold a password
	}
	logger.Info("ashyq-server starting", "version", version, "listen", *listen, "store", store,
		"demo", *demo, "tokens", len(tokens), "silent_after", *silentAfter, "metrics_listen", *metricsAddr)
	defer logger.Info("ashyq-server stopped")

	st, err := OpenStore(ctx, *storeURL, *dataDir)
	if err != nil {
		fmt.Fprintf(stderr, "ashyq-server: %v\n", err)
		return ExitError
	}
	srv, err := Open(Options{
		Store:    st,
		Demo:     *demo,
		Registry: *registry,
		Tokens:   tokens,
		Faults: Faults{
			FailRate: *failRate, ResetRate: *resetRate, PartialRate: *partialRate,
			Delay: *delay, RetryAfter: *retryAfter, Seed: *seed,
		},
		Logger:       logger,
		Version:      version,
		SilentAfter:  *silentAfter,
		MetricsOpen:  loop,
		MetricsToken: metricsToken,
	})
	if err != nil {
		fmt.Fprintf(stderr, "ashyq-server: %v\n", err)
		return ExitError
	}
	defer func() {
		if err := srv.Close(); err != nil {
			logger.Error("close store", "error", err)
		}
	}()
	if srv.faults.enabled() {
		logger.Warn("fault injection on", "fail_rate", *failRate, "reset_rate", *resetRate,
			"partial_rate", *partialRate, "delay", *delay, "retry_after", *retryAfter, "seed", *seed)
	}
	if *metricsAddr != "" {
		stopMetrics, err := serveMetrics(srv, *metricsAddr, logger)
		if err != nil {
			fmt.Fprintf(stderr, "ashyq-server: %v\n", err)
			return ExitError
		}
		defer stopMetrics()
	}
	if err := serve(ctx, srv, *listen, *tlsCert, *tlsKey, stdout, logger); err != nil {
		fmt.Fprintf(stderr, "ashyq-server: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// serve listens on addr, announces the address on stdout and serves (HTTPS
// when certFile and keyFile are set) until ctx is done, then shuts down
// gracefully.
func serve(ctx context.Context, srv *Server, addr, certFile, keyFile string, stdout io.Writer, logger *slog.Logger) error {
	var tlsConf *tls.Config
	scheme := "http"
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return fmt.Errorf("tls: %w", err)
		}
		tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		scheme = "https"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if tlsConf != nil {
		ln = tls.NewListener(ln, tlsConf)
	}
	hs := &http.Server{
		Handler:           srv.HandlerWithConsole(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "listening on %s://%s\n", scheme, ln.Addr())
	logger.Info("listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
