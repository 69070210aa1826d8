package loadgen

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

const usage = `Usage: ashyq-server loadgen --url URL (--token TOKEN=VENUE... | --venues N) [flags]

Simulates kiosks against an upstream on this machine (loopback only) and prints
throughput and latency percentiles. --venues N makes N fresh venues with a device
token each through the admin API (operator credential in --operator-token-file or
$ASHYQ_OPERATOR_TOKEN); --verify then checks that the upstream holds every
acknowledged event exactly once with no sequence gap.
`

// tokenFlags collects --token TOKEN=VENUE.
type tokenFlags []Token

func (t *tokenFlags) String() string { return fmt.Sprintf("%d tokens", len(*t)) }

func (t *tokenFlags) Set(v string) error {
	tok, venue, ok := strings.Cut(v, "=")
	if !ok || tok == "" || venue == "" {
		return errors.New("want TOKEN=VENUE")
	}
	*t = append(*t, Token{Token: tok, Venue: venue})
	return nil
}

// Main runs `ashyq-server loadgen` and returns the exit code (0 ok, 1 the run
// failed or did not verify, 2 usage).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ashyq-server loadgen", flag.ContinueOnError)
	var cfg Config
	var tokens tokenFlags
	fs.StringVar(&cfg.URL, "url", "", "upstream `URL` on loopback")
	fs.Var(&tokens, "token", "device token `TOKEN=VENUE` (repeatable)")
	venues := fs.Int("venues", 0, "make `N` fresh venues with a token each (needs an operator credential)")
	opFile := fs.String("operator-token-file", "", "`FILE` with the operator credential (default $ASHYQ_OPERATOR_TOKEN)")
	fs.IntVar(&cfg.Devices, "devices", 100, "simulated kiosks")
	fs.IntVar(&cfg.Events, "events", 10000, "events to send in all")
	fs.IntVar(&cfg.Batch, "batch", 50, "events per batch")
	fs.Float64Var(&cfg.Lookups, "lookups", 0.5, "status lookups per event")
	fs.IntVar(&cfg.Workers, "workers", 32, "concurrent requests")
	fs.DurationVar(&cfg.Duration, "duration", time.Minute, "stop after this long whatever is left")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed of the simulated visitors")
	verify := fs.Bool("verify", false, "check the upstream holds every event once (with --venues)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if code, done := cli.Parse(fs, args, stdout, stderr, cli.Usage{Head: usage,
		Tail: cli.ExitCodes("the run failed or did not verify")}); done {
		return code
	}
	u, err := url.Parse(cfg.URL)
	if err != nil || u.Host == "" || !upstream.IsLoopbackHost(u.Hostname()) {
		fmt.Fprintln(stderr, "ashyq-server loadgen: --url must be an http(s) URL on this machine (127.0.0.1, ::1 or localhost)")
		return 2
	}
	cfg.Tokens = tokens
	var op string
	if *venues > 0 || *verify {
		if op, err = operatorSecret(*opFile); err != nil {
			fmt.Fprintf(stderr, "ashyq-server loadgen: %v\n", err)
			return 2
		}
	}
	if *venues > 0 {
		made, err := MakeVenues(ctx, cfg.URL, op, *venues)
		if err != nil {
			fmt.Fprintf(stderr, "ashyq-server loadgen: %v\n", err)
			return 1
		}
		cfg.Tokens = append(cfg.Tokens, made...)
	}
	res, err := Run(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "ashyq-server loadgen: %v\n", err)
		return 1
	}
	verdict := ""
	if *verify {
		if *venues == 0 {
			fmt.Fprintln(stderr, "ashyq-server loadgen: --verify needs --venues (fresh venues hold only this run's events)")
			return 2
		}
		if err := Verify(ctx, cfg.URL, op, cfg.Tokens[len(tokens):], res); err != nil {
			verdict = err.Error()
		} else {
			verdict = "ok"
		}
	}
	if *asJSON {
		_ = json.NewEncoder(stdout).Encode(map[string]any{
			"events_per_s": res.EventsPerSecond(), "lookups_per_s": res.LookupsPerSecond(),
			"ingest_p50_ms": ms(res.Ingest.P50), "ingest_p99_ms": ms(res.Ingest.P99), "lookup_p99_ms": ms(res.Lookup.P99),
			"accepted": res.Accepted, "duplicates": res.Duplicates, "rejected": res.Rejected, "retries": res.Retries,
			"complete": res.Complete, "verified": verdict,
		})
	} else {
		fmt.Fprintln(stdout, res)
		if verdict != "" {
			fmt.Fprintln(stdout, "verified:", verdict)
		}
	}
	if !res.Complete || (verdict != "" && verdict != "ok") {
		return 1
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func operatorSecret(file string) (string, error) {
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("operator token: %w", err)
		}
		return strings.TrimSpace(string(data)), nil
	}
	if s := os.Getenv("ASHYQ_OPERATOR_TOKEN"); s != "" {
		return s, nil
	}
	return "", errors.New("--venues and --verify need an operator credential: --operator-token-file FILE or $ASHYQ_OPERATOR_TOKEN")
}

// admin sends one admin API request with the operator credential.
func admin(ctx context.Context, base, op, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		data, _ := json.Marshal(in)
		body = strings.NewReader(string(data))
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(base, "/")+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+op)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 500))
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, msg)
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(out)
}

// MakeVenues creates n fresh venues (load-RUN-NNNN) with a device token each.
func MakeVenues(ctx context.Context, base, op string, n int) ([]Token, error) {
	var b [4]byte
	_, _ = rand.Read(b[:])
	run := hex.EncodeToString(b[:])
	out := make([]Token, 0, n)
	for i := range n {
		var res struct{ Token, Venue string }
		venue := fmt.Sprintf("load-%s-%04d", run, i)
		if err := admin(ctx, base, op, "POST", "/v1/admin/tokens", map[string]string{"venue": venue, "label": "loadgen"}, &res); err != nil {
			return nil, fmt.Errorf("make venue: %w", err)
		}
		out = append(out, Token{Token: res.Token, Venue: res.Venue})
	}
	return out, nil
}

// Verify checks, as the operator, that the venues of the run hold exactly
// the events the run sent, each acknowledged once, and that every device's
// report has all of its sequence numbers with no gap and no reuse.
func Verify(ctx context.Context, base, op string, tokens []Token, res Result) error {
	var venues []struct {
		Name                                string
		Entries, Exits, Refusals, Overrides uint64
	}
	if err := admin(ctx, base, op, "GET", "/v1/admin/venues", nil, &venues); err != nil {
		return err
	}
	ours := map[string]bool{}
	for _, t := range tokens {
		ours[t.Venue] = true
	}
	var stored uint64
	for _, v := range venues {
		if ours[v.Name] {
			stored += v.Entries + v.Exits + v.Refusals + v.Overrides
		}
	}
	// An event whose acceptance was lost on the way back is a duplicate
	// when resent, so the store must hold exactly what was sent, and every
	// event must have been acknowledged exactly once.
	if stored != uint64(res.Sent) || res.Accepted+res.Duplicates != res.Sent {
		return fmt.Errorf("the upstream holds %d events; the run sent %d and had %d accepted, %d duplicates", stored, res.Sent, res.Accepted, res.Duplicates)
	}
	for _, d := range res.Devices {
		var rep wire.DeviceReport
		if err := admin(ctx, base, op, "GET", "/v1/venues/"+url.PathEscape(d.Venue)+"/devices/"+url.PathEscape(d.Device), nil, &rep); err != nil {
			return err
		}
		if rep.Received != int64(d.Last) || rep.MaxSeq != d.Last || len(rep.Gaps) != 0 || rep.SeqReused != 0 {
			return fmt.Errorf("device %s: received %d, max %d, gaps %v, reused %d; it sent 1..%d once each",
				d.Device, rep.Received, rep.MaxSeq, rep.Gaps, rep.SeqReused, d.Last)
		}
	}
	return nil
}
