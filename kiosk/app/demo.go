package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/tui"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/wire"
)

// DemoDevice is the device id the demo kiosk uses.
const DemoDevice = "demo-kiosk-1"

// Demo is an embedded reference upstream on loopback with the demo venue,
// token and registry: `ashyq-kiosk --demo` needs no config, no network and no
// second process.
type Demo struct {
	URL     string
	dir     string
	srv     *server.Server
	httpSrv *http.Server
	done    chan error
}

// StartDemo starts the embedded upstream on a free loopback port. Its data
// lives in a temporary directory removed by Close. log may be nil.
func StartDemo(log *slog.Logger) (*Demo, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir, err := os.MkdirTemp("", "ashyq-demo-upstream-")
	if err != nil {
		return nil, fmt.Errorf("demo upstream: %w", err)
	}
	d := &Demo{dir: dir, done: make(chan error, 1)}
	d.srv, err = server.Open(server.Options{DataDir: dir, Demo: true, Logger: log})
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("demo upstream: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		d.srv.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("demo upstream: %w", err)
	}
	d.URL = "http://" + ln.Addr().String()
	d.httpSrv = &http.Server{Handler: d.srv.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { d.done <- d.httpSrv.Serve(ln) }()
	return d, nil
}

// DemoWalletIIN is the demo IIN the demo's wallet enrolment code is for
// (green in the demo registry).
const DemoWalletIIN = "900101300017"

// Wallet is where the demo's wallet is, with a one-time enrolment code for
// DemoWalletIIN, valid for an hour.
func (d *Demo) Wallet() (tui.DemoWallet, error) {
	c, err := d.srv.NewEnrolCode(context.Background(), DemoWalletIIN, time.Hour)
	if err != nil {
		return tui.DemoWallet{}, err
	}
	return tui.DemoWallet{URL: d.URL + "/wallet/", IIN: DemoWalletIIN, Code: strings.ReplaceAll(c.Code, " ", "")}, nil
}

// Server gives tests and the demo direct access to the embedded upstream.
func (d *Demo) Server() *server.Server { return d.srv }

// Close stops the server at once and removes its data. The demo kiosk has
// stopped by then: nobody waits for an answer, and a graceful Shutdown
// would wait up to its timeout for a connection the kiosk opened and never
// used (a stop once took up to 3.5 s).
func (d *Demo) Close() error {
	err := d.httpSrv.Close()
	if serr := <-d.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	err = errors.Join(err, d.srv.Close(), os.RemoveAll(d.dir))
	return err
}

// DemoConfig is the kiosk configuration for the demo: defaults, pointed at the
// embedded upstream, with its outbox in dataDir.
func DemoConfig(upstreamURL, dataDir string) config.Config {
	cfg := config.Default()
	cfg.Device.ID = DemoDevice
	cfg.Device.Venue = server.DemoVenue
	cfg.Device.Door = "main"
	cfg.Upstream.URL = upstreamURL
	cfg.Upstream.Token = server.DemoToken
	cfg.Storage.DataDir = dataDir
	cfg.Sync.PollEvery = config.Duration{Duration: 2 * time.Second}
	cfg.Override.Codes = []string{"demo-staff:" + DemoStaffCode}
	return cfg
}

// DemoStaffCode lets a refused person in at the demo kiosk (F3 on the
// result screen); the README names it.
const DemoStaffCode = "2468"

// demoIINs lists the demo registry, in the order of the README's table.
func demoIINs() []tui.DemoIIN {
	rank := map[string]int{"green": 0, "yellow": 1, "red": 2, "blue": 3}
	out := make([]tui.DemoIIN, 0, len(server.DemoRegistry))
	for iin, st := range server.DemoRegistry {
		out = append(out, tui.DemoIIN{IIN: iin, Status: wire.Status(st)})
	}
	sort.Slice(out, func(i, j int) bool {
		if rank[string(out[i].Status)] != rank[string(out[j].Status)] {
			return rank[string(out[i].Status)] < rank[string(out[j].Status)]
		}
		return out[i].IIN < out[j].IIN
	})
	return out
}
