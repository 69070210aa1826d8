package app

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/kiosk/headless"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/outbox"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// runCheck is `ashyq-kiosk check`.
func runCheck(args []string, std Stdio) int {
	fs := flag.NewFlagSet("ashyq-kiosk check", flag.ContinueOnError)
	var f runFlags
	t := envWords()
	fs.StringVar(&f.config, "config", "", t.F(i18n.HelpFlagConfigDefault, DefaultConfigPath))
	fs.StringVar(&f.data, "data", "", t.T(i18n.HelpFlagData))
	offline := fs.Bool("offline", false, t.T(i18n.HelpFlagOffline))
	const prog = "ashyq-kiosk check"
	if code, done := cli.Parse(fs, args, std.Out, std.Err, helpUsage(t, t.T(i18n.HelpCheck), t.T(i18n.HelpCheckExit))); done {
		return code
	}
	if fs.NArg() != 1 {
		sayf(std.Err, prog, envWords(), i18n.StartCheckOnePayload)
		return exitUsage
	}
	cfg, err := loadConfig(f)
	if err != nil {
		say(std.Err, prog, fileWords(configPath(f)), err)
		return exitUsage
	}
	words := i18n.For(cfg.Device.Language)
	for _, n := range cfg.Notices {
		sayf(std.Err, prog, words, i18n.StartNotice, n)
	}
	a := &App{Cfg: cfg, Log: slog.New(slog.DiscardHandler)}
	if a.Trust, err = trust.Open(filepath.Join(cfg.Storage.DataDir, trust.File), trust.Options{Logger: a.Log, MaxDenied: cfg.Passes.MaxDenied}); err != nil {
		sayf(std.Err, prog, words, i18n.StartPassKeys, i18n.Cause(err))
		return exitFailure
	}
	store, closeStore := checkStore(cfg.Storage.DataDir, words, std)
	defer closeStore()
	var lookup door.Lookup
	dc := a.doorConfig()
	dc.Prober = nil
	if !*offline {
		if a.Client, err = upstream.New(cfg.Upstream.URL, cfg.Upstream.Token, nil); err != nil {
			sayf(std.Err, prog, words, i18n.StartUpstream, err)
			return exitUsage
		}
		lookup = a.Client
	}
	eng, err := door.New(dc, store, lookup, nil)
	if err != nil {
		say(std.Err, prog, words, err)
		return exitFailure
	}
	at := time.Now()
	v, err := eng.Check(context.Background(), scanner.Scan{Payload: fs.Arg(0), Source: "check", At: at})
	line := headless.LineFor(v, err, at)
	enc := json.NewEncoder(std.Out)
	enc.SetEscapeHTML(false) // its \u0026 could join the digits after it into an IIN
	if err := enc.Encode(line); err != nil {
		return exitFailure
	}
	// The same words the screen would show, in the kiosk's language, for
	// the person at the terminal; stdout stays one JSON line for scripts.
	for _, w := range append(tui.ResultWords(words, v, err, len(cfg.Override.Codes) > 0), words.T(i18n.CheckRecordsNothing)) {
		fmt.Fprintln(std.Err, w)
	}
	if err != nil {
		return exitFailure
	}
	return exitOK
}

// checkStore opens the outbox for its status cache, or, when the running
// kiosk holds it, a store without one.
func checkStore(dataDir string, words i18n.Catalog, std Stdio) (door.Store, func()) {
	ob, err := outbox.Open(filepath.Join(dataDir, OutboxFile), outbox.Options{LockTimeout: 300 * time.Millisecond})
	if err == nil {
		return ob, func() { ob.Close() }
	}
	msg := safetext.Clean(strings.TrimSpace(err.Error()), 200)
	if errors.Is(err, outbox.ErrLocked) {
		msg = words.T(i18n.CheckKioskHoldsCache)
	}
	fmt.Fprintf(std.Err, "ashyq-kiosk check: %s\n", words.F(i18n.CheckNoCache, msg))
	return noCache{}, func() {}
}

// noCache is a door.Store with no cached statuses. Check never appends.
type noCache struct{}

func (noCache) Append(context.Context, wire.Event) (wire.Event, error) {
	return wire.Event{}, errors.New("check records nothing")
}

func (noCache) AppendUntil(context.Context, wire.Event, time.Time) (wire.Event, error) {
	return wire.Event{}, errors.New("check records nothing")
}

func (noCache) CachedStatus(string) (wire.Status, time.Time, bool, error) {
	return "", time.Time{}, false, nil
}
