package app

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/pass"
)

// Issue 20: a screenshot of a code the kiosk accepted, shown again after
// `systemctl restart`, was welcomed again. The running kiosk keeps the
// proofs it accepts, and a restart refuses the code as a replay.
func TestAcceptedCodeIsAReplayAfterARestart(t *testing.T) {
	demo, err := StartDemo(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { demo.Close() })
	cfg := DemoConfig(demo.URL, filepath.Join(t.TempDir(), "kiosk"))
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	resp, err := demo.Server().IssuePass(context.Background(), DemoWalletIIN, key.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	h, err := pass.NewHolder(resp.Pass, key)
	if err != nil {
		t.Fatal(err)
	}
	code, err := h.Show(time.Now(), "")
	if err != nil {
		t.Fatal(err)
	}
	scan := scanner.Scan{Source: scanner.SourceWedge, Payload: code}
	run := func() error {
		a, err := Open(cfg, Options{LogWriter: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		a.Start(ctx)
		_, err = a.Engine.Handle(ctx, scan)
		cancel()
		if cerr := a.Close(); cerr != nil {
			t.Fatal(cerr)
		}
		return err
	}
	if err := run(); err != nil {
		t.Fatalf("first scan: %v", err)
	}
	err = run()
	var pe *scanner.PayloadError
	if !errors.As(err, &pe) || door.PassReasonOf(err) != string(pass.ReasonReplay) {
		t.Fatalf("the same code after a restart: %v; want a replay", err)
	}
}
