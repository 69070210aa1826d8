package buildinfo

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// root is the repository's top directory, where the Makefile is.
const root = "../../.."

// TestFirstBuildSaysWhatItDoes: make build (and so make run) on a machine
// that has not built yet says that the first build is slow and why, before
// the silent module download; once bin/ashyq-kiosk exists it says nothing.
// A newcomer once watched "go mod download" and then nothing for 75 s.
func TestFirstBuildSaysWhatItDoes(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	bin := t.TempDir()
	first := runMake(t, "first-build", "BIN="+bin)
	for _, want := range []string{"First build", "Go modules", "npm packages", "over a minute", "later builds take seconds"} {
		if !strings.Contains(first, want) {
			t.Errorf("the first-build notice lacks %q:\n%s", want, first)
		}
	}
	if err := os.WriteFile(filepath.Join(bin, "ashyq-kiosk"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if again := runMake(t, "first-build", "BIN="+bin); strings.TrimSpace(again) != "" {
		t.Errorf("a later build still prints the first-build notice:\n%s", again)
	}
	// build runs first-build before fetching anything.
	plan := runMake(t, "-n", "build", "BIN="+bin+"/none")
	notice, download := strings.Index(plan, "First build"), strings.Index(plan, "mod download")
	if notice < 0 || download < 0 || notice > download {
		t.Errorf("make build does not announce the first build before the download:\n%s", plan)
	}
}

func runMake(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("make", append([]string{"-s", "-C", root}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// TestBuildProgressCounts runs packaging/build-progress.sh on a stand-in for
// go build -v: it counts the package lines, passes error lines through,
// and keeps the command's exit status.
func TestBuildProgressCounts(t *testing.T) {
	script, err := filepath.Abs(filepath.Join(root, "packaging", "build-progress.sh"))
	if err != nil {
		t.Fatal(err)
	}
	run := func(sh string) (string, int) {
		t.Helper()
		out, err := exec.Command("bash", script, "sh", "-c", sh).CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	// Output is not a terminal here: a line every 50 packages, then the total.
	out, code := run(`for i in $(seq 120); do echo example.com/p$i; done`)
	for _, want := range []string{"compiling: 50 packages done (example.com/p50)", "compiling: 100 packages done", "compiled 120 packages in "} {
		if !strings.Contains(out, want) {
			t.Errorf("progress lacks %q:\n%s", want, out)
		}
	}
	if code != 0 || strings.Contains(out, "example.com/p7\n") {
		t.Errorf("exit %d, or every package printed:\n%s", code, out)
	}
	out, code = run(`echo example.com/a; echo "# example.com/b"; echo "b.go:3:9: undefined: x"; exit 1`)
	if code != 1 || !strings.Contains(out, "# example.com/b\nb.go:3:9: undefined: x\n") || !strings.Contains(out, "build failed after") {
		t.Errorf("a failed build: exit %d, output:\n%s", code, out)
	}
	if out, code = run(`true`); code != 0 || out != "" {
		t.Errorf("a build with nothing to compile: exit %d, output %q", code, out)
	}
}
