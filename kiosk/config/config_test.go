package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const minimal = `
[device]
id = "d1"
venue = "v1"
[upstream]
url = "http://127.0.0.1:9"
token = "t"
`

func TestExampleConfigParsesAndValidates(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "config.example.toml"), nil)
	if err != nil {
		t.Fatalf("config.example.toml: %v", err)
	}
	// The example documents the defaults: it must not drift from them.
	def := Default()
	if cfg.Storage != def.Storage || cfg.Display != def.Display || cfg.Camera != def.Camera ||
		cfg.Sync != def.Sync || cfg.Log != def.Log || cfg.Offline != def.Offline || cfg.Owner != def.Owner ||
		cfg.Upstream.LookupTimeout != def.Upstream.LookupTimeout {
		t.Errorf("example differs from Default():\n got %+v\nwant %+v", cfg, def)
	}
}

func TestMinimalGetsDefaults(t *testing.T) {
	cfg, err := Load(write(t, minimal), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Device.Mode != "entrance" || cfg.Display.ResultFor.Duration != 4*time.Second || cfg.Camera.Device != "auto" {
		t.Errorf("defaults not applied: %+v", cfg)
	}
}

func TestEnvOverrides(t *testing.T) {
	cfg, err := Load(write(t, minimal), []string{"ASHYQ_DEVICE_MODE=exit", "ASHYQ_UPSTREAM_TOKEN=secret", "PATH=/bin"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Device.Mode != "exit" || cfg.Upstream.Token != "secret" {
		t.Errorf("env not applied: %+v", cfg.Device)
	}
}

func TestTokenFile(t *testing.T) {
	tok := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tok, []byte("from-file\n"), 0o600)
	body := strings.Replace(minimal, `token = "t"`, `token_file = "`+tok+`"`, 1)
	cfg, err := Load(write(t, body), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Upstream.Token != "from-file" {
		t.Errorf("token = %q", cfg.Upstream.Token)
	}
}

// withURL is minimal with another upstream.url and extra [upstream] lines.
func withURL(u, extra string) string {
	return strings.Replace(minimal, `url = "http://127.0.0.1:9"`, `url = "`+u+`"`+"\n"+extra, 1)
}

func TestErrorsNameFileKeyAndAllowed(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"unknown key", minimal + "\n[display]\nresult_secs = 3\n", []string{"unknown key display.result_secs"}},
		{"empty table is fine", minimal + "\n[display]\n", nil},
		{"mode", strings.Replace(minimal, `venue = "v1"`, "venue = \"v1\"\nmode = \"sideways\"", 1),
			[]string{"device.mode", `"sideways"`, `"entrance", "exit"`}},
		{"language", strings.Replace(minimal, `venue = "v1"`, "venue = \"v1\"\nlanguage = \"de\"", 1),
			[]string{"device.language", `"en", "ru", "kk"`}},
		{"bare number duration", minimal + "\n[display]\nresult_for = 4\n", []string{"result_for"}},
		{"bad duration", minimal + "\n[display]\nresult_for = \"soon\"\n", []string{"not a duration"}},
		{"range", minimal + "\n[display]\nresult_for = \"1ms\"\n", []string{"display.result_for", "out of range"}},
		{"url", strings.Replace(minimal, "http://127.0.0.1:9", "ftp://x", 1), []string{"upstream.url", "http://"}},
		{"missing id", strings.Replace(minimal, `id = "d1"`, "", 1), []string{"device.id: is required"}},
		{"syntax", minimal + "\n[device\n", []string{"line"}},
		{"camera", minimal + "\n[camera]\ndevice = \"usb\"\n", []string{"camera.device", "auto, off"}},
		{"two errors", minimal + "\n[offline]\npolicy = \"maybe\"\n[log]\nlevel = \"loud\"\n",
			[]string{"offline.policy", "log.level"}},
		// Plain http to another machine is refused unless the owner says so;
		// a CA file only makes sense with https.
		{"http loopback name", withURL("http://localhost:8080", ""), nil},
		{"http loopback v6", withURL("http://[::1]:8080", ""), nil},
		{"http to another machine", withURL("http://upstream.example:8080", ""), []string{"upstream.url", "https://", "allow_plain_http"}},
		{"http to a private address", withURL("http://10.1.2.3", ""), []string{"upstream.url", "plain http"}},
		{"http allowed", withURL("http://upstream.example:8080", "allow_plain_http = true"), nil},
		{"https with a CA file", withURL("https://upstream.example", `ca_file = "/etc/ca.pem"`), nil},
		{"CA file with http", withURL("http://127.0.0.1:8080", `ca_file = "/etc/ca.pem"`), []string{"upstream.ca_file", "http://"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, tt.body)
			_, err := Load(p, nil)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range append(tt.want, p) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"), nil)
	if err == nil || !strings.Contains(err.Error(), "nope.toml") {
		t.Fatalf("err = %v", err)
	}
}
