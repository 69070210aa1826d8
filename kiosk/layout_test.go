package kiosk_test

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/ashyq/kiosk"

type goPackage struct {
	ImportPath   string
	Dir          string
	GoFiles      []string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// listPackages asks the go command for every package of the module.
func listPackages(t *testing.T) []goPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", module+"/...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []goPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p goPackage
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

// tree names the part of the layout a package belongs to.
func tree(path string) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(path, module), "/")
	switch {
	case rel == "sync/wire" || strings.HasPrefix(rel, "sync/wire/"):
		return "wire"
	case strings.HasPrefix(rel, "sync/"):
		return "sync"
	case rel == "scanner" || strings.HasPrefix(rel, "scanner/"):
		return "scanner"
	case rel == "kiosk" || strings.HasPrefix(rel, "kiosk/"):
		return "kiosk"
	case strings.HasPrefix(rel, "cmd/"):
		return "cmd"
	}
	return "other:" + rel
}

// allowed lists which trees each tree may import.
var allowed = map[string][]string{
	"wire":    {"wire"},
	"sync":    {"sync", "wire"},
	"scanner": {"scanner", "wire"},
	"kiosk":   {"kiosk", "scanner", "sync", "wire"},
	"cmd":     {"cmd", "kiosk", "scanner", "sync", "wire"},
}

func TestImportsGoDown(t *testing.T) {
	for _, p := range listPackages(t) {
		from := tree(p.ImportPath)
		ok, known := allowed[from]
		if !known {
			t.Errorf("%s is outside the layout (cmd, kiosk, scanner, sync)", p.ImportPath)
			continue
		}
		imports := append(append(append([]string{}, p.Imports...), p.TestImports...), p.XTestImports...)
		for _, imp := range imports {
			if !strings.HasPrefix(imp, module+"/") && imp != module {
				continue
			}
			to := tree(imp)
			if !slices.Contains(ok, to) {
				t.Errorf("%s (%s) imports %s (%s): imports must go down the layout", p.ImportPath, from, imp, to)
			}
		}
	}
}

func TestNoPackageNamedSync(t *testing.T) {
	for _, p := range listPackages(t) {
		if filepath.Base(p.ImportPath) == "sync" {
			t.Errorf("%s shadows the standard library's sync", p.ImportPath)
		}
	}
}

// TestServerLinkedOnlyForDemo keeps the reference upstream out of the kiosk
// apart from the one file that embeds it for --demo.
func TestServerLinkedOnlyForDemo(t *testing.T) {
	for _, p := range listPackages(t) {
		if tree(p.ImportPath) != "kiosk" {
			continue
		}
		for _, f := range p.GoFiles {
			for _, imp := range fileImports(t, filepath.Join(p.Dir, f)) {
				if imp == module+"/sync/server" && !(p.ImportPath == module+"/kiosk/app" && f == "demo.go") {
					t.Errorf("%s/%s imports sync/server; only kiosk/app/demo.go may (for --demo)", p.ImportPath, f)
				}
			}
		}
	}
}

func fileImports(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	var out []string
	for _, s := range f.Imports {
		v, err := strconv.Unquote(s.Path.Value)
		if err != nil {
			t.Fatalf("%s: import %s: %v", path, s.Path.Value, err)
		}
		out = append(out, v)
	}
	return out
}
