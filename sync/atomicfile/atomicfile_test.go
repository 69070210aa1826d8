package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesAndLeavesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "state")
	for _, body := range []string{"first", "second, longer"} {
		if err := Write(p, []byte(body)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(p); string(got) != body {
			t.Fatalf("read %q, want %q", got, body)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the file", len(entries))
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestWriteFailureKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "state")
	if err := Write(p, []byte("old")); err != nil {
		t.Fatal(err)
	}
	// A directory where the file should be makes the rename fail.
	if err := Write(filepath.Join(dir, "missing", "state"), []byte("x")); err == nil {
		t.Fatal("write into a missing directory succeeded")
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o700)
	os.Mkdir(filepath.Join(sub, "state"), 0o700)
	os.WriteFile(filepath.Join(sub, "state", "x"), nil, 0o600)
	if err := Write(filepath.Join(sub, "state"), []byte("new")); err == nil {
		t.Fatal("rename over a non-empty directory succeeded")
	}
	if entries, _ := os.ReadDir(sub); len(entries) != 1 {
		t.Errorf("a failed write left %d entries behind", len(entries))
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Errorf("old file changed to %q", got)
	}
}
