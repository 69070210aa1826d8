package kiosk_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestLongSuitesExistOnce: `make test` skips the tests the Makefile's
// LONG_TESTS names, by name in every package, and `make test-long` runs
// them in LONG_PKGS only. A name there that no test has, or that two
// packages share, or whose test lives outside LONG_PKGS, would be a test
// that neither target runs; and CI must run make test-long.
func TestLongSuitesExistOnce(t *testing.T) {
	makefile, err := os.ReadFile("../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	src := regexp.MustCompile(`\$\\\n\s*`).ReplaceAllString(string(makefile), "") // make's $\ line joins
	names := regexp.MustCompile(`(?m)^LONG_TESTS := (.+)$`).FindStringSubmatch(src)
	pkgs := regexp.MustCompile(`(?m)^LONG_PKGS := (.+)$`).FindStringSubmatch(src)
	if names == nil || pkgs == nil {
		t.Fatal("the Makefile defines no LONG_TESTS or LONG_PKGS")
	}
	var dirs []string
	for _, p := range strings.Fields(pkgs[1]) {
		dirs = append(dirs, filepath.Clean(strings.TrimPrefix(p, "./")))
	}
	where := testFuncs(t, "..")
	for _, name := range strings.Split(strings.TrimSpace(names[1]), "|") {
		switch found := where[name]; {
		case len(found) == 0:
			t.Errorf("LONG_TESTS names %s, which no test is", name)
		case len(found) > 1:
			t.Errorf("LONG_TESTS names %s, which %d packages have: %v", name, len(found), found)
		case !slices.Contains(dirs, found[0]):
			t.Errorf("%s is in %s, not in LONG_PKGS %v: make test-long would not run it", name, found[0], dirs)
		}
	}
	ci, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^make test-long$`).Match(ci) {
		t.Error(".ci/run does not run make test-long")
	}
}

// testFuncs maps each top-level Test function of the tree under root to
// the directories (relative to root) that define one of that name.
func testFuncs(t *testing.T, root string) map[string][]string {
	t.Helper()
	where := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test") &&
				!slices.Contains(where[fn.Name.Name], rel) {
				where[fn.Name.Name] = append(where[fn.Name.Name], rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read the tests: %v", err)
	}
	return where
}
