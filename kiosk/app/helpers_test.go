package app

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/ashyq/kiosk/kiosk/config"
)

// startDemoApp runs a whole kiosk in-process against an embedded demo
// upstream, with the config edited by edit; both stop when the test ends.
func startDemoApp(t *testing.T, edit func(*config.Config)) (*App, *Demo, context.Context) {
	t.Helper()
	demo, err := StartDemo(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { demo.Close() })
	cfg := DemoConfig(demo.URL, filepath.Join(t.TempDir(), "kiosk"))
	edit(&cfg)
	a, err := Open(cfg, Options{LogWriter: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a.Start(ctx)
	t.Cleanup(func() { cancel(); a.Close() })
	return a, demo, ctx
}
