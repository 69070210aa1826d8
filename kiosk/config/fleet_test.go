package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMetricsListenIsLoopbackUnlessAllowed(t *testing.T) {
	tests := []struct {
		listen string
		remote bool
		bad    string // substring of the error; "" for none
	}{
		{"", false, ""},
		{"127.0.0.1:9309", false, ""},
		{"[::1]:9309", false, ""},
		{"localhost:9309", false, ""},
		{"0.0.0.0:9309", false, "allow_remote"},
		{":9309", false, "allow_remote"},
		{"192.168.1.20:9309", false, "not a loopback address"},
		{"192.168.1.20:9309", true, ""},
		{"nonsense", true, "not host:port"},
	}
	for _, tt := range tests {
		err := Metrics{Listen: tt.listen, AllowRemote: tt.remote}.validate()
		switch {
		case tt.bad == "" && err != nil:
			t.Errorf("%q remote=%v: %v", tt.listen, tt.remote, err)
		case tt.bad != "" && (err == nil || !strings.Contains(err.Error(), tt.bad) || !strings.Contains(err.Error(), "metrics.listen")):
			t.Errorf("%q remote=%v: error %v, want one naming metrics.listen and %q", tt.listen, tt.remote, err, tt.bad)
		}
	}
}

// The package installs packaging/kiosk/config.toml as
// /etc/ashyq-kiosk/config.toml. Unedited it must refuse to start, naming the
// keys the installer has to fill in; with them it must be valid.
func TestPackagedConfig(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "packaging", "kiosk", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	token := filepath.Join(dir, "token")
	if err := os.WriteFile(token, []byte("device-token-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), `"/etc/ashyq-kiosk/token"`, `"`+token+`"`, 1)
	path := filepath.Join(dir, "config.toml")
	os.WriteFile(path, []byte(text), 0o600)
	_, err = Load(path, nil)
	if err == nil {
		t.Fatal("the unedited packaged config was accepted")
	}
	for _, key := range []string{"device.id", "device.venue", "upstream.url"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not name %s: %v", key, err)
		}
	}
	filled := strings.NewReplacer(
		`# id = "cafe-door-1"`, `id = "cafe-door-1"`,
		`# venue = "my-cafe"`, `venue = "my-cafe"`,
		`# url = "https://ashyq.example"`, `url = "https://ashyq.example"`,
	).Replace(text)
	os.WriteFile(path, []byte(filled), 0o600)
	cfg, err := Load(path, nil)
	if err != nil {
		t.Fatalf("the filled-in packaged config: %v", err)
	}
	def := Default()
	if cfg.Upstream.Token != "device-token-1" || cfg.Storage.DataDir != def.Storage.DataDir || cfg.Metrics.Listen != "" {
		t.Errorf("token %q, data dir %q, metrics %q", cfg.Upstream.Token, cfg.Storage.DataDir, cfg.Metrics.Listen)
	}
}
