package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

// TestLogSymlinkRefused: a planted ashyq-kiosk.log -> elsewhere must not
// make the kiosk append personal data to the link's target.
func TestLogSymlinkRefused(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.WriteFile(target, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := ownerConfig(dir, "")
	if err := os.Symlink(target, filepath.Join(dir, cfg.Log.File)); err != nil {
		t.Fatal(err)
	}
	a, err := Open(cfg, Options{NoCamera: true})
	if err == nil {
		a.Start(t.Context())
		a.Close()
		b, _ := os.ReadFile(target)
		t.Fatalf("Open followed the log symlink; its target now holds %d bytes", len(b))
	}
	if !strings.Contains(err.Error(), "symbolic link") || !strings.Contains(err.Error(), cfg.Log.File) {
		t.Errorf("error does not say the log is a symbolic link: %v", err)
	}
	if b, _ := os.ReadFile(target); len(b) != 0 {
		t.Errorf("the link's target was written: %q", b)
	}
}

// TestLoosePermissionsTightened: an existing 0644 log and a 0777 data
// directory hold personal data; the kiosk makes them private and logs it.
func TestLoosePermissionsTightened(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	cfg := ownerConfig(dir, "")
	logPath := filepath.Join(dir, cfg.Log.File)
	if err := os.WriteFile(logPath, []byte("old line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(logPath, 0o644); err != nil { // umask-proof
		t.Fatal(err)
	}
	a, err := Open(cfg, Options{NoCamera: true})
	if err != nil {
		t.Fatal(err)
	}
	a.Start(t.Context())
	a.Close()
	for path, want := range map[string]os.FileMode{dir: 0o700, logPath: 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", path, got, want)
		}
	}
	b, _ := os.ReadFile(logPath)
	for _, want := range []string{"old line", "permissions tightened", "old=0777", "old=0644"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("log lacks %q:\n%s", want, b)
		}
	}
}

// TestOutboxErrorWrappedOnce: the error names the outbox once, not
// "open outbox X: open outbox X: open X: ...".
func TestOutboxErrorWrappedOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, OutboxFile), 0o700); err != nil { // a directory where the file goes
		t.Fatal(err)
	}
	_, err := Open(ownerConfig(dir, ""), Options{LogWriter: &lockedBuffer{}, NoCamera: true})
	if err == nil {
		t.Fatal("Open succeeded with a directory in the outbox's place")
	}
	path := filepath.Join(dir, OutboxFile)
	if n := strings.Count(err.Error(), path); n != 1 || strings.Count(err.Error(), "open the outbox") != 1 {
		t.Errorf("error repeats itself (%d mentions of the path): %v", n, err)
	}
	// And said in the operator's language, the system's reason too.
	for lang, want := range map[string]string{
		"ru": "не открывается файл записей " + path + ": это каталог",
		"kk": path + " жазбалар файлы ашылмайды: бұл каталог",
	} {
		if got := i18n.Say(i18n.For(lang), err); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
