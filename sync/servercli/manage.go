package servercli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// manager is what the management commands change: the store itself
// (--data or --store) or a running server's admin API (--server).
type manager interface {
	addToken(ctx context.Context, venue, label string) (string, store.CredentialInfo, error)
	revoke(ctx context.Context, id string) error
	tokens(ctx context.Context) ([]store.CredentialInfo, error)
	addFeeder(ctx context.Context, label string) (string, store.CredentialInfo, error)
	revokeFeeder(ctx context.Context, id string) error
	feeders(ctx context.Context) ([]store.CredentialInfo, error)
	putVenue(ctx context.Context, name string, set backend.VenueSettings) error
	addOwner(ctx context.Context, venue, label string) (string, store.CredentialInfo, error)
	revokeOwner(ctx context.Context, id string) error
	owners(ctx context.Context) ([]store.CredentialInfo, error)
	kioskCode(ctx context.Context, venue string, req api.KioskCodeRequest) (api.KioskCodeResponse, error)
	venues(ctx context.Context) ([]store.VenueSummary, error)
	enrolCode(ctx context.Context, iin string, ttl time.Duration) (wire.EnrolCode, error)
	close() error
}

// target holds the flags that choose a manager.
type target struct {
	dataDir, store, server, opTokenFile string
}

func (t *target) register(fs *flag.FlagSet) {
	fs.StringVar(&t.dataDir, "data", "", "`DIR` of the bbolt store (the server must be stopped; use --server while it runs)")
	fs.StringVar(&t.store, "store", "", "PostgreSQL `URL` (postgres://...)")
	fs.StringVar(&t.server, "server", "", "`URL` of a running ashyq-server: change it through its admin API")
	fs.StringVar(&t.opTokenFile, "operator-token-file", "", "`FILE` holding the operator credential for --server (default: $ASHYQ_OPERATOR_TOKEN)")
}

// open returns the manager the flags name; direct says whether a store may be
// opened (operators are only managed on the store itself).
func (t *target) open(ctx context.Context, direct bool) (manager, error) {
	n := 0
	for _, v := range []string{t.dataDir, t.store, t.server} {
		if v != "" {
			n++
		}
	}
	if n != 1 {
		return nil, errorf("name exactly one of --data DIR, --store URL or --server URL")
	}
	if t.server != "" {
		if !direct {
			return nil, errorf("operators are managed on the store itself: use --data DIR (server stopped) or --store URL")
		}
		secret := os.Getenv("ASHYQ_OPERATOR_TOKEN")
		if t.opTokenFile != "" {
			data, err := os.ReadFile(t.opTokenFile)
			if err != nil {
				return nil, errorf("operator token: %s", err)
			}
			secret = strings.TrimSpace(string(data))
		}
		if secret == "" {
			return nil, errorf("--server needs an operator credential: --operator-token-file FILE or $ASHYQ_OPERATOR_TOKEN")
		}
		u, err := url.Parse(t.server)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, errorf("--server %q: want http(s)://HOST:PORT", t.server)
		}
		return &apiManager{base: strings.TrimRight(t.server, "/"), secret: secret, hc: &http.Client{Timeout: 30 * time.Second}}, nil
	}
	st, err := OpenStore(ctx, t.store, t.dataDir)
	if err != nil {
		if t.dataDir != "" {
			return nil, errorf("%s (is a server running on it? then use --server URL)", err)
		}
		return nil, err
	}
	return &storeManager{b: backend.New(st, backend.Options{})}, nil
}

// storeManager changes the store directly, through the backend the API
// uses too.
type storeManager struct{ b *backend.Backend }

func (m *storeManager) addToken(ctx context.Context, venue, label string) (string, store.CredentialInfo, error) {
	secret, c, err := m.b.AddCredential(ctx, store.KindDevice, venue, label)
	return secret, c.Info(), err
}

func (m *storeManager) revoke(ctx context.Context, id string) error {
	return m.b.RevokeCredential(ctx, id)
}

func (m *storeManager) tokens(ctx context.Context) ([]store.CredentialInfo, error) {
	return m.b.Credentials(ctx, store.KindDevice)
}

func (m *storeManager) addFeeder(ctx context.Context, label string) (string, store.CredentialInfo, error) {
	secret, c, err := m.b.AddCredential(ctx, store.KindFeeder, "", label)
	return secret, c.Info(), err
}

func (m *storeManager) revokeFeeder(ctx context.Context, id string) error {
	return m.b.RevokeCredential(ctx, id)
}

func (m *storeManager) feeders(ctx context.Context) ([]store.CredentialInfo, error) {
	return m.b.Credentials(ctx, store.KindFeeder)
}

func (m *storeManager) putVenue(ctx context.Context, name string, set backend.VenueSettings) error {
	_, err := m.b.PutVenue(ctx, name, set)
	return err
}

func (m *storeManager) venues(ctx context.Context) ([]store.VenueSummary, error) {
	return m.b.Venues(ctx)
}

func (m *storeManager) addOwner(ctx context.Context, venue, label string) (string, store.CredentialInfo, error) {
	secret, c, err := m.b.AddCredential(ctx, store.KindOwner, venue, label)
	return secret, c.Info(), err
}

func (m *storeManager) revokeOwner(ctx context.Context, id string) error {
	return m.b.RevokeCredential(ctx, id)
}

func (m *storeManager) owners(ctx context.Context) ([]store.CredentialInfo, error) {
	return m.b.Credentials(ctx, store.KindOwner)
}

func (m *storeManager) kioskCode(ctx context.Context, venue string, req api.KioskCodeRequest) (api.KioskCodeResponse, error) {
	var ttl time.Duration
	if req.TTL != "" {
		var err error
		if ttl, err = time.ParseDuration(req.TTL); err != nil {
			return api.KioskCodeResponse{}, fmt.Errorf("--ttl %q: write it like 2h or 30m", req.TTL)
		}
	}
	code, e, err := m.b.NewKioskCode(ctx, audit.ActorCLI, venue, req.Door, req.Mode, ttl)
	if code == "" {
		return api.KioskCodeResponse{}, err
	}
	return api.KioskCodeResponse{ID: e.ID, Venue: e.Venue, Device: e.Device, Door: e.Door, Mode: e.Mode, Expires: e.Expires,
		Code: wire.GroupKioskCode(code)}, err
}
func (m *storeManager) close() error { return m.b.Close() }

// apiManager changes a running server through /v1/admin/.
type apiManager struct {
	base, secret string
	hc           *http.Client
}

func (m *apiManager) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		data, _ := json.Marshal(in)
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, m.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+m.secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := m.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var eb struct{ Error string }
		_ = json.Unmarshal(data, &eb)
		return fmt.Errorf("server answered %d: %s", resp.StatusCode, eb.Error)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

func (m *apiManager) addToken(ctx context.Context, venue, label string) (string, store.CredentialInfo, error) {
	var res api.NewTokenResponse
	err := m.call(ctx, "POST", "/v1/admin/tokens", api.NewTokenRequest{Venue: venue, Label: label}, &res)
	return res.Token, res.CredentialInfo, err
}

func (m *apiManager) revoke(ctx context.Context, id string) error {
	return m.call(ctx, "DELETE", "/v1/admin/tokens/"+url.PathEscape(id), nil, nil)
}

func (m *apiManager) tokens(ctx context.Context) ([]store.CredentialInfo, error) {
	var out []store.CredentialInfo
	return out, m.call(ctx, "GET", "/v1/admin/tokens", nil, &out)
}

func (m *apiManager) addFeeder(ctx context.Context, label string) (string, store.CredentialInfo, error) {
	var res api.NewTokenResponse
	err := m.call(ctx, "POST", "/v1/admin/feeders", api.NewFeederRequest{Label: label}, &res)
	return res.Token, res.CredentialInfo, err
}

func (m *apiManager) revokeFeeder(ctx context.Context, id string) error {
	return m.call(ctx, "DELETE", "/v1/admin/feeders/"+url.PathEscape(id), nil, nil)
}

func (m *apiManager) feeders(ctx context.Context) ([]store.CredentialInfo, error) {
	var out []store.CredentialInfo
	return out, m.call(ctx, "GET", "/v1/admin/feeders", nil, &out)
}

func (m *apiManager) putVenue(ctx context.Context, name string, set backend.VenueSettings) error {
	return m.call(ctx, "PUT", "/v1/admin/venues/"+url.PathEscape(name),
		api.VenueRequest{Capacity: set.Capacity, RequireVenueProof: set.RequireVenueProof}, nil)
}

func (m *apiManager) venues(ctx context.Context) ([]store.VenueSummary, error) {
	var out []store.VenueSummary
	return out, m.call(ctx, "GET", "/v1/admin/venues", nil, &out)
}

func (m *apiManager) addOwner(ctx context.Context, venue, label string) (string, store.CredentialInfo, error) {
	var res api.NewTokenResponse
	err := m.call(ctx, "POST", "/v1/admin/owners", api.NewOwnerRequest{Venue: venue, Label: label}, &res)
	return res.Token, res.CredentialInfo, err
}

func (m *apiManager) revokeOwner(ctx context.Context, id string) error {
	return m.call(ctx, "DELETE", "/v1/admin/owners/"+url.PathEscape(id), nil, nil)
}

func (m *apiManager) owners(ctx context.Context) ([]store.CredentialInfo, error) {
	var out []store.CredentialInfo
	return out, m.call(ctx, "GET", "/v1/admin/owners", nil, &out)
}

func (m *apiManager) kioskCode(ctx context.Context, venue string, req api.KioskCodeRequest) (api.KioskCodeResponse, error) {
	var res api.KioskCodeResponse
	err := m.call(ctx, "POST", "/v1/admin/venues/"+url.PathEscape(venue)+"/kiosk-codes", req, &res)
	return res, err
}

func (m *apiManager) close() error { return nil }

const manageUsage = `Usage:
  ashyq-server tokens add --venue VENUE [--label TEXT] TARGET   prints a new device token (shown once)
  ashyq-server tokens revoke ID TARGET
  ashyq-server tokens list TARGET
  ashyq-server operators add [--label TEXT] STORE             prints a new operator credential (shown once)
  ashyq-server operators revoke ID STORE
  ashyq-server operators list STORE
  ashyq-server feeders add [--label TEXT] TARGET              prints a new feeder credential (shown once):
                                                              a health system's, for POST /v1/registry/fhir
  ashyq-server feeders revoke ID TARGET
  ashyq-server feeders list TARGET
  ashyq-server owners add --venue VENUE [--label TEXT] TARGET   prints a new owner's credential (shown once):
                                                              the owner's pages (/owner/) of that venue only
  ashyq-server owners revoke ID TARGET
  ashyq-server owners list TARGET
  ashyq-server kiosks code --venue VENUE --door DOOR --mode entrance|exit [--ttl 2h] TARGET
                                                              prints a one-time code that enrols a new kiosk
  ashyq-server venues set VENUE [--capacity N] [--require-venue-proof[=false]] TARGET
  ashyq-server venues list TARGET

TARGET is --data DIR (server stopped), --store URL, or --server URL with an operator
credential in --operator-token-file FILE or $ASHYQ_OPERATOR_TOKEN. STORE is --data or --store.
Secrets are stored as SHA-256 hashes; a change takes effect on a running server at once
(on other replicas within 5 s).
`

// manageGroups are the command groups manageMain runs.
var manageGroups = map[string]bool{"tokens": true, "operators": true, "venues": true, "feeders": true, "owners": true, "kiosks": true}

// manageMain runs `tokens`, `operators`, `feeders` and `venues`, saying
// what it did and what is wrong in w's language, and its help.
func manageMain(ctx context.Context, group string, args []string, stdout, stderr io.Writer, w Words) int {
	if len(args) == 0 || isHelp(args[0]) {
		fmt.Fprint(stdout, w.t(manageUsage))
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	verb, rest := args[0], args[1:]
	fs := flag.NewFlagSet("ashyq-server "+group+" "+verb, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if !w.english() { // flag's English sentence and flag list, said instead
		fs.SetOutput(io.Discard)
	}
	var t target
	t.register(fs)
	venue := fs.String("venue", "", "`VENUE` of the new device token, owner or kiosk code")
	door := fs.String("door", "", "the new kiosk's `DOOR` name (kiosks code)")
	mode := fs.String("mode", "", "the new kiosk's mode, entrance or exit (kiosks code)")
	ttl := fs.String("ttl", "", "how long the code lives, like 2h (kiosks code; default 2h, 5m to 168h)")
	label := fs.String("label", "", "free `TEXT` shown in listings (which kiosk, whose login)")
	capacity := fs.Int("capacity", 0, "the venue's capacity (`N` people; 0: none)")
	requireProof := fs.Bool("require-venue-proof", false,
		"take only passes whose code was made for this venue (docs/pass-format.md); =false takes any again")
	// Positional arguments (an id, a venue) may come before or after flags.
	var pos []string
	for {
		if err := fs.Parse(rest); err != nil {
			if !w.english() && !errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stderr, w.badFlag(fs.Name(), err, "ashyq-server "+group+" help"))
			} else if !w.english() {
				w.flagHelp(stderr, fs)
			}
			return ExitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	key := group + " " + verb
	wantPos := map[string]int{"tokens add": 0, "tokens revoke": 1, "tokens list": 0, "operators add": 0,
		"operators revoke": 1, "operators list": 0, "feeders add": 0, "feeders revoke": 1, "feeders list": 0, "venues set": 1, "venues list": 0,
		"owners add": 0, "owners revoke": 1, "owners list": 0, "kiosks code": 0}
	n, known := wantPos[key]
	prog, usage := "ashyq-server "+key, manageUsage
	if !w.english() { // the usage is English: point at it
		usage = "ashyq-server: " + w.f("see %s", "ashyq-server "+group+" help") + "\n"
	}
	if !known {
		fmt.Fprintf(stderr, "ashyq-server: %s\n%s", w.f("unknown command %q", key), usage)
		return ExitUsage
	}
	if len(pos) != n {
		fmt.Fprintf(stderr, "%s: %s\n%s", prog, w.f("want %d argument(s), got %d", n, len(pos)), usage)
		return ExitUsage
	}
	if (key == "tokens add" || key == "owners add" || key == "kiosks code") && *venue == "" {
		line(stderr, prog, w.f("--venue is required"))
		return ExitUsage
	}
	if key == "kiosks code" && (*door == "" || *mode == "") {
		line(stderr, prog, w.f("--door and --mode (entrance or exit) are required"))
		return ExitUsage
	}
	m, err := t.open(ctx, group != "operators")
	if err != nil {
		line(stderr, prog, w.say(err))
		return ExitUsage
	}
	defer m.close()
	// venues set changes only what it names.
	var set backend.VenueSettings
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "capacity":
			set.Capacity = capacity
		case "require-venue-proof":
			set.RequireVenueProof = requireProof
		}
	})
	if key == "kiosks code" {
		err = runKioskCode(ctx, w, m, *venue, api.KioskCodeRequest{Door: *door, Mode: *mode, TTL: *ttl}, stdout, stderr)
	} else {
		err = runManage(ctx, w, m, key, pos, *venue, *label, set, stdout, stderr)
	}
	if err != nil {
		line(stderr, prog, w.say(err))
		return ExitError
	}
	return ExitOK
}

func runManage(ctx context.Context, w Words, m manager, key string, pos []string, venue, label string, set backend.VenueSettings, stdout, stderr io.Writer) error {
	switch key {
	case "tokens add":
		secret, c, err := m.addToken(ctx, venue, label)
		if err != nil {
			return err
		}
		fmt.Fprintln(stderr, w.f("device token %s for venue %q; it is shown only now:", c.ID, c.Venue))
		fmt.Fprintln(stdout, secret)
	case "tokens revoke", "operators revoke":
		kind, notID := store.KindDevice, "%q is not the id of a device token (those start with %q)"
		if key == "operators revoke" {
			kind, notID = store.KindOperator, "%q is not the id of an operator credential (those start with %q)"
		}
		if want := string(kind[0]) + "-"; !strings.HasPrefix(pos[0], want) {
			return errorf(notID, pos[0], want)
		}
		if err := m.revoke(ctx, pos[0]); err != nil {
			return err
		}
		fmt.Fprintln(stderr, w.f("revoked %s", pos[0]))
	case "tokens list":
		cs, err := m.tokens(ctx)
		if err != nil {
			return err
		}
		printCredentials(stdout, cs)
	case "operators add":
		sm := m.(*storeManager)
		secret, c, err := sm.b.AddCredential(ctx, store.KindOperator, "", label)
		if err != nil {
			return err
		}
		fmt.Fprintln(stderr, w.f("operator credential %s; it is shown only now:", c.ID))
		fmt.Fprintln(stdout, secret)
	case "operators list":
		cs, err := m.(*storeManager).b.Credentials(ctx, store.KindOperator)
		if err != nil {
			return err
		}
		printCredentials(stdout, cs)
	case "feeders add":
		secret, c, err := m.addFeeder(ctx, label)
		if err != nil {
			return err
		}
		fmt.Fprintln(stderr, w.f("feeder credential %s; it is shown only now:", c.ID))
		fmt.Fprintln(stdout, secret)
	case "feeders revoke":
		if want := string(store.KindFeeder[0]) + "-"; !strings.HasPrefix(pos[0], want) {
			return errorf("%q is not the id of a feeder credential (those start with %q)", pos[0], want)
		}
		if err := m.revokeFeeder(ctx, pos[0]); err != nil {
			return err
		}
		fmt.Fprintln(stderr, w.f("revoked %s", pos[0]))
	case "feeders list":
		cs, err := m.feeders(ctx)
		if err != nil {
			return err
		}
		printCredentials(stdout, cs)
	case "owners add":
		secret, c, err := m.addOwner(ctx, venue, label)
		if err != nil {
			return err
		}
		fmt.Fprintln(stderr, w.f("owner's credential %s for venue %q (log in at /owner/); it is shown only now:", c.ID, c.Venue))
		fmt.Fprintln(stdout, secret)
	case "owners revoke":
		if want := store.IDPrefix(store.KindOwner); !strings.HasPrefix(pos[0], want) {
			return errorf("%q is not the id of an owner's credential (those start with %q)", pos[0], want)
		}
		if err := m.revokeOwner(ctx, pos[0]); err != nil {
			return err
		}
		fmt.Fprintln(stderr, w.f("revoked %s", pos[0]))
	case "owners list":
		cs, err := m.owners(ctx)
		if err != nil {
			return err
		}
		printCredentials(stdout, cs)
	case "venues set":
		return m.putVenue(ctx, pos[0], set)
	case "venues list":
		vs, err := m.venues(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "VENUE\tCAPACITY\tINSIDE\tENTRIES\tEXITS\tREFUSALS\tLOOKUPS\tVENUE-PROOF")
		for _, v := range vs {
			proof := "any"
			if v.RequireVenueProof {
				proof = "required"
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", v.Name, v.Capacity, int64(v.Entries)-int64(v.Exits), v.Entries, v.Exits,
				v.Refusals, v.Lookups, proof)
		}
		return tw.Flush()
	}
	return nil
}

func printCredentials(w io.Writer, cs []store.CredentialInfo) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tVENUE\tCREATED\tREVOKED\tLABEL")
	for _, c := range cs {
		revoked := "-"
		if !c.Revoked.IsZero() {
			revoked = c.Revoked.Format(time.RFC3339)
		}
		venue := c.Venue
		if venue == "" {
			venue = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%q\n", c.ID, venue, c.Created.Format(time.RFC3339), revoked, c.Label)
	}
	_ = tw.Flush()
}

// runKioskCode prints a new enrolment code: the code on stdout (what a
// script keeps), what it is for on stderr.
func runKioskCode(ctx context.Context, w Words, m manager, venue string, req api.KioskCodeRequest, stdout, stderr io.Writer) error {
	res, err := m.kioskCode(ctx, venue, req)
	if res.Code == "" {
		return err
	}
	fmt.Fprintln(stderr, w.f("enrolment code %s: kiosk %s at door %s (%s) of venue %q, works once until %s.\n"+
		"Type it on the new kiosk (ashyq-kiosk enrol CODE), or show it as the owner's page does:",
		res.ID, res.Device, res.Door, res.Mode, res.Venue, res.Expires.Format(time.RFC3339)))
	fmt.Fprintln(stdout, res.Code)
	return err
}
