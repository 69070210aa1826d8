package qrdecode_test

import (
	"bufio"
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCameraGenReproducible renders one image per category with
// testdata/camera/gen.sh twice with one seed and once with another. The
// same seed must give byte-identical JPEGs and manifest, so the unseen set
// that `make bench` compares decoders on (peers.sh, seed 3) is the same set
// on every run; another seed must give a different image in every category.
func TestCameraGenReproducible(t *testing.T) {
	if raceEnabled {
		// gen.sh's three renders are ImageMagick's work, the same with
		// or without the detector: make test runs them once, without it.
		t.Skip("renders with ImageMagick: make test runs it without -race (go test -short ./scanner/qrdecode)")
	}
	requireTool(t, "bash", "bash")
	requireTool(t, "qrencode", "qrencode")
	requireTool(t, "imagemagick", "magick", "convert")

	first := renderCameraSet(t, "5")
	again := renderCameraSet(t, "5")
	other := renderCameraSet(t, "6")

	names := slices.Sorted(maps.Keys(first))
	if got := slices.Sorted(maps.Keys(again)); !slices.Equal(got, names) {
		t.Fatalf("seed 5 rendered %q, then %q", names, got)
	}
	if got := slices.Sorted(maps.Keys(other)); !slices.Equal(got, names) {
		t.Fatalf("seed 5 rendered %q, seed 6 %q", names, got)
	}
	for _, name := range names {
		if !bytes.Equal(first[name], again[name]) {
			t.Errorf("%s: two renders with seed 5 differ", name)
		}
		if bytes.Equal(first[name], other[name]) {
			t.Errorf("%s: seeds 5 and 6 rendered the same bytes", name)
		}
	}

	// One image of each category the committed set has, no more, no less.
	if got, want := manifestCategories(t, first["manifest.tsv"]), committedCategories(t); !slices.Equal(got, want) {
		t.Errorf("rendered categories %q, the committed set has %q", got, want)
	}
}

// renderCameraSet runs gen.sh with one image per category and returns the
// files it wrote, by name.
func renderCameraSet(t *testing.T, seed string) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("bash", filepath.Join(cameraDir, "gen.sh"), dir, "1", seed)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen.sh seed %s: %v\n%s", seed, err, out)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string][]byte, len(entries))
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	if len(files) < 2 {
		t.Fatalf("gen.sh seed %s wrote only %q", seed, slices.Sorted(maps.Keys(files)))
	}
	return files
}

// manifestCategories returns the sorted categories a manifest.tsv names,
// once each.
func manifestCategories(t *testing.T, manifest []byte) []string {
	t.Helper()
	var cats []string
	sc := bufio.NewScanner(bytes.NewReader(manifest))
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 3 {
			t.Fatalf("manifest line %q: want 3 fields", sc.Text())
		}
		cats = append(cats, fields[1])
	}
	slices.Sort(cats)
	return slices.Compact(cats)
}

func committedCategories(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(cameraDir, "manifest.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	return manifestCategories(t, b)
}

// requireTool skips the test when none of the commands is on PATH, or fails
// it in CI (CI=true), where .ci/run installs the Debian package pkg.
func requireTool(t *testing.T, pkg string, commands ...string) {
	t.Helper()
	for _, c := range commands {
		if _, err := exec.LookPath(c); err == nil {
			return
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (.ci/run installs %s)", strings.Join(commands, " or "), pkg)
	}
	t.Skipf("%s not installed; apt-get install %s", strings.Join(commands, " or "), pkg)
}
