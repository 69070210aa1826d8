package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/door"
)

// lockedBuffer is a log sink shared by the app's goroutines and the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// ownerConfig is a kiosk config with the owner menu on, its data in dir.
// Open never contacts the upstream, so an unused loopback port will do.
func ownerConfig(dir, pin string) config.Config {
	cfg := DemoConfig("http://127.0.0.1:9", dir)
	cfg.Camera.Device = "off"
	cfg.Owner.PIN = pin
	return cfg
}

func openApp(t *testing.T, cfg config.Config) (*App, *lockedBuffer) {
	t.Helper()
	log := &lockedBuffer{}
	a, err := Open(cfg, Options{LogWriter: log, NoCamera: true})
	if err != nil {
		t.Fatal(err)
	}
	return a, log
}

// TestOwnerChangeSurvivesRestart: what the owner menu saves is in effect at
// the next start, over the config file, in the engine itself, and the log
// says where it came from.
func TestOwnerChangeSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	cfg := ownerConfig(dir, "4826")
	a, _ := openApp(t, cfg)
	if a.Engine.Mode() != door.Entrance || a.ModeSetByOwner {
		t.Fatalf("fresh start: mode %s, set by owner %v", a.Engine.Mode(), a.ModeSetByOwner)
	}
	if err := a.SaveOwnerChange(door.Exit, "kk"); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	a, log := openApp(t, cfg)
	defer a.Close()
	if a.Engine.Mode() != door.Exit || a.Cfg.Device.Mode != "exit" || a.Cfg.Device.Language != "kk" || !a.ModeSetByOwner {
		t.Errorf("after restart: engine %s, config %+v, set by owner %v; want exit, kk, true",
			a.Engine.Mode(), a.Cfg.Device, a.ModeSetByOwner)
	}
	path := filepath.Join(dir, OverridesFile)
	for _, want := range []string{`msg="owner override in effect"`, `key=device.mode value=exit configured=entrance from=` + path,
		`key=device.language value=kk configured=en`} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	if strings.Contains(log.String(), "4826") {
		t.Errorf("the log shows the PIN:\n%s", log.String())
	}
}

func TestOverridesRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if _, found, err := LoadOverrides(dir); found || err != nil {
		t.Fatalf("no file: found %v, err %v", found, err)
	}
	at := time.Date(2021, 7, 14, 12, 0, 0, 0, time.UTC)
	for _, o := range []Overrides{{Mode: "exit", Language: "ru", SetAt: at}, {Mode: "entrance", SetAt: at.Add(time.Hour)}} {
		if err := SaveOverrides(dir, o); err != nil {
			t.Fatal(err)
		}
		got, found, err := LoadOverrides(dir)
		if err != nil || !found || got != o {
			t.Errorf("load = %+v, %v, %v; want %+v", got, found, err, o)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != OverridesFile {
		t.Errorf("data dir holds %v; want only %s (no temporary files left)", entries, OverridesFile)
	}
	if fi, err := os.Stat(filepath.Join(dir, OverridesFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("overrides file: %v, %v; want mode 0600", fi.Mode(), err)
	}
}

func TestOverridesRefused(t *testing.T) {
	if err := SaveOverrides(t.TempDir(), Overrides{Mode: "sideways"}); err == nil || !strings.Contains(err.Error(), "sideways") {
		t.Errorf("a bad mode saved: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "gone")
	if err := SaveOverrides(missing, Overrides{Mode: "exit"}); err == nil || !strings.Contains(err.Error(), "gone") {
		t.Errorf("save into a missing directory: %v", err)
	}
}

// TestOverridesNotApplied: a damaged or invalid file, or a disabled menu,
// leaves the configured mode and language, and the log says why.
func TestOverridesNotApplied(t *testing.T) {
	tests := []struct {
		name, body, pin, log string
	}{
		{"not json", "{mode: exit", "4826", "owner overrides not used"},
		{"bad mode", `{"mode":"sideways"}`, "4826", `mode \"sideways\" is not entrance or exit`},
		{"bad language", `{"language":"de"}`, "4826", `language \"de\"`},
		{"menu disabled", `{"mode":"exit","language":"ru"}`, "", "owner overrides ignored: the owner menu is disabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, OverridesFile), []byte(tt.body), 0o600); err != nil {
				t.Fatal(err)
			}
			a, log := openApp(t, ownerConfig(dir, tt.pin))
			defer a.Close()
			if a.Engine.Mode() != door.Entrance || a.Cfg.Device.Language != "en" || a.ModeSetByOwner {
				t.Errorf("overrides applied: engine %s, %+v", a.Engine.Mode(), a.Cfg.Device)
			}
			if !strings.Contains(log.String(), tt.log) {
				t.Errorf("log lacks %q:\n%s", tt.log, log.String())
			}
		})
	}
}

// TestSaveOwnerChangeConcurrent: saves from several goroutines leave one
// whole, valid file.
func TestSaveOwnerChangeConcurrent(t *testing.T) {
	a, _ := openApp(t, ownerConfig(t.TempDir(), "4826"))
	defer a.Close()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			mode := door.Entrance
			if i%2 == 1 {
				mode = door.Exit
			}
			if err := a.SaveOwnerChange(mode, "ru"); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	o, found, err := LoadOverrides(a.Cfg.Storage.DataDir)
	if err != nil || !found || o.Language != "ru" || (o.Mode != "entrance" && o.Mode != "exit") {
		t.Errorf("after concurrent saves: %+v, %v, %v", o, found, err)
	}
}
