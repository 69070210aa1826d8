package logfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRotatesAtTheLimitWithoutSplittingLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.log")
	l, err := Open(path, 100)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	line := strings.Repeat("x", 39) + "\n" // 40 bytes
	for i := 0; i < 5; i++ {
		if _, err := l.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	// 2 lines (80 bytes) fit; the third rotates; lines 3-4 fill the new
	// file to 80; the fifth rotates again.
	cur, _ := os.ReadFile(path)
	old, _ := os.ReadFile(path + ".1")
	if string(cur) != line || string(old) != line+line {
		t.Fatalf("current %d bytes, .1 %d bytes; want 40 and 80", len(cur), len(old))
	}
}

func TestReopenAfterTheFileWasMoved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "k.log")
	l, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.Write([]byte("before\n"))
	if err := os.Rename(path, path+".rotated"); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("still old\n")) // the moved file, until Reopen
	if err := l.Reopen(); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("after\n"))
	moved, _ := os.ReadFile(path + ".rotated")
	fresh, _ := os.ReadFile(path)
	if string(moved) != "before\nstill old\n" || string(fresh) != "after\n" {
		t.Fatalf("moved %q, fresh %q", moved, fresh)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("new log file mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestWriteAfterCloseFails(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "k.log"), 0)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	if _, err := l.Write([]byte("x\n")); err == nil {
		t.Fatal("write after Close succeeded")
	}
}
