package servercli

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/wire"
)

const keysUsage = `Usage:
  ashyq-server keys rotate [--grace 48h] TARGET   make a new issuer key; the old one stays valid for the grace period
  ashyq-server keys list TARGET                   the published issuer keys and their windows
  ashyq-server passes revoke PASS_ID TARGET       put a pass on the deny list

TARGET is --data DIR (server stopped), --store URL, or --server URL with an operator
credential in --operator-token-file FILE or $ASHYQ_OPERATOR_TOKEN.
`

// keysMain runs `keys rotate|list` and `passes revoke`.
func keysMain(ctx context.Context, group string, args []string, stdout, stderr io.Writer, w Words) int {
	if len(args) == 0 || isHelp(args[0]) {
		fmt.Fprint(stdout, w.t(keysUsage))
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	key := group + " " + args[0]
	fs := flag.NewFlagSet("ashyq-server "+key, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if !w.english() { // flag's English sentence and flag list, said instead
		fs.SetOutput(io.Discard)
	}
	var t target
	t.register(fs)
	grace := fs.Duration("grace", backend.DefaultGrace, "how long the rotated-out key stays valid (`duration`)")
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		if !w.english() && !errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, w.badFlag(fs.Name(), err, "ashyq-server keys help"))
		} else if !w.english() {
			w.flagHelp(stderr, fs)
		}
		return ExitUsage
	}
	want := map[string]int{"keys rotate": 0, "keys list": 0, "passes revoke": 1}
	if n, known := want[key]; !known || len(pos) != n {
		usage := keysUsage
		if !w.english() {
			usage = "ashyq-server: " + w.f("see %s", "ashyq-server keys help") + "\n"
		}
		fmt.Fprintf(stderr, "ashyq-server: %s\n%s", w.f("%q: unknown command or wrong number of arguments", key), usage)
		return ExitUsage
	}
	m, err := t.open(ctx, true)
	if err != nil {
		line(stderr, "ashyq-server "+key, w.say(err))
		return ExitUsage
	}
	defer m.close()
	if err := runKeys(ctx, m, key, pos, *grace, stdout); err != nil {
		line(stderr, "ashyq-server "+key, w.say(err))
		return ExitError
	}
	return ExitOK
}

// parseInterspersed parses flags that may come before or after positional
// arguments.
func parseInterspersed(fs *flag.FlagSet, rest []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(rest); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
}

func runKeys(ctx context.Context, m manager, key string, pos []string, grace time.Duration, stdout io.Writer) error {
	now := time.Now()
	sm, _ := m.(*storeManager)
	api, _ := m.(*apiManager)
	switch key {
	case "keys rotate":
		var kid string
		var err error
		if sm != nil {
			kid, err = sm.b.RotateKeys(ctx, grace)
		} else {
			var res map[string]string
			err = api.call(ctx, "POST", "/v1/keys/rotate?grace="+url.QueryEscape(grace.String()), nil, &res)
			kid = res["kid"]
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "new issuer key %s; earlier keys stay valid until %s\n", kid, now.Add(grace).UTC().Format(time.RFC3339))
	case "keys list":
		var keys []wire.IssuerKey
		if sm != nil {
			ks, err := sm.b.Keys(ctx)
			if err != nil {
				return err
			}
			keys = ks
		} else {
			var set wire.KeySet
			if err := api.call(ctx, "GET", "/v1/keys", nil, &set); err != nil {
				return err
			}
			keys = set.Keys
		}
		for _, k := range keys {
			until := "current"
			if !k.NotAfter.IsZero() {
				until = "until " + k.NotAfter.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(stdout, "%s\tfrom %s\t%s\n", k.KID, k.NotBefore.UTC().Format(time.RFC3339), until)
		}
	case "passes revoke":
		if sm != nil {
			if err := sm.b.RevokePass(ctx, pos[0]); err != nil {
				return err
			}
		} else if err := api.call(ctx, "POST", "/v1/passes/"+url.PathEscape(pos[0])+"/revoke", nil, nil); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked pass %s\n", pos[0])
	}
	return nil
}

// holderKey loads the phone's Ed25519 key from path, or makes one and keeps
// it there (mode 0600). An empty path makes a key for this run only.
func holderKey(path string) (ed25519.PrivateKey, error) {
	if path != "" {
		data, err := os.ReadFile(path)
		if err == nil {
			var seed []byte
			if err := json.Unmarshal(data, &seed); err != nil || len(seed) != ed25519.SeedSize {
				return nil, fmt.Errorf("holder key %s: not a key this command wrote", path)
			}
			return ed25519.NewKeyFromSeed(seed), nil
		}
		if !os.IsNotExist(err) {
			return nil, fmt.Errorf("holder key: %w", err)
		}
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	if path != "" {
		data, _ := json.Marshal(key.Seed())
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return nil, fmt.Errorf("holder key: %w", err)
		}
	}
	return key, nil
}
