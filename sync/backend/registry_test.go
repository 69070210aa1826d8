package backend

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/wire"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadRegistry(t *testing.T) {
	p := writeFile(t, "reg.csv", "iin,status\n# a comment\n\n900101300017,green\n 771203300035 , RED\n061211600012,yellow\n")
	m, err := LoadRegistry(p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]wire.Status{"900101300017": wire.Green, "771203300035": wire.Red, "061211600012": wire.Yellow}
	if len(m) != len(want) {
		t.Fatalf("got %v, want %v", m, want)
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %s, want %s", k, m[k], v)
		}
	}
	// No header is fine too.
	if m, err := LoadRegistry(writeFile(t, "nohdr.csv", "900101300017,blue\n")); err != nil || m["900101300017"] != wire.Blue {
		t.Errorf("without header: %v, %v", m, err)
	}
}

func TestLoadRegistryErrors(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"bad check digit", "iin,status\n900101300017,green\n900101300018,red\n", "reg.csv:3: invalid IIN ••••••••0018: the check digit does not match"},
		{"bad status", "900101300017,purple\n", `reg.csv:1: unknown status "purple"`},
		{"three fields", "# header-less\n900101300017,green,extra\n", "reg.csv:2: want 2 fields iin,status, got 3"},
		{"one field", "\n\n900101300017\n", "reg.csv:3: want 2 fields"},
		{"duplicate", "900101300017,green\n#\n900101300017,red\n", "reg.csv:3: IIN ••••••••0017 is already listed on line 1"},
		{"header not first", "900101300017,green\niin,status\n", "reg.csv:2: invalid IIN"},
		{"bad quote", "900101300017,\"green\n", "reg.csv:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadRegistry(writeFile(t, "reg.csv", tt.content))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := LoadRegistry(filepath.Join(t.TempDir(), "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
	}
}
