package kiosk_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The upstream's rooms, bottom up: storage, the logic over it, the faces,
// the wiring, the command line. A room imports only rooms below it (tests
// too), so a handler cannot reach into a store and a store knows nothing of
// HTTP.
var rooms = []struct {
	path string
	rank int
}{
	{"sync/store", 0}, // the interface, its suite, and the implementations below it
	{"sync/backend", 1},
	{"sync/report", 1}, // an inspector's export: formats over the store's records
	{"sync/api", 2},
	{"sync/console", 2},
	{"sync/ownerweb", 2},
	{"sync/faults", 2},
	{"sync/server", 3},
	{"sync/servercli", 4},
}

// room returns the room of an import path and its rank; ok is false outside
// the rooms.
func room(path string) (name string, rank int, ok bool) {
	rel := strings.TrimPrefix(path, module+"/")
	for _, r := range rooms {
		if rel == r.path || strings.HasPrefix(rel, r.path+"/") {
			return r.path, r.rank, true
		}
	}
	return "", 0, false
}

// storeBase are the store room's packages that its implementations may
// import: the interface, the suite, the throwaway cluster.
var storeBase = []string{module + "/sync/store", module + "/sync/store/storetest", module + "/sync/store/pgstore/pgtest"}

// entryPoints may import the rooms from outside them, in their non-test
// code: the kiosk's demo embeds the server, the binary runs the command line.
var entryPoints = map[string][]string{
	module + "/kiosk/app":        {module + "/sync/server"},
	module + "/cmd/ashyq-server": {module + "/sync/servercli"},
}

func TestRoomsImportDown(t *testing.T) {
	for _, p := range listPackages(t) {
		from, fromRank, inRooms := room(p.ImportPath)
		all := append(append(append([]string{}, p.Imports...), p.TestImports...), p.XTestImports...)
		for _, imp := range all {
			to, toRank, ok := room(imp)
			if !ok || imp == p.ImportPath {
				continue
			}
			switch {
			case !inRooms:
				if slices.Contains(p.Imports, imp) && !slices.Contains(entryPoints[p.ImportPath], imp) {
					t.Errorf("%s imports %s: only %v reach the upstream's rooms", p.ImportPath, imp, entryPoints)
				}
			case from == to && from == "sync/store":
				// An implementation imports the interface and its suite,
				// never another implementation.
				if !slices.Contains(storeBase, imp) && !strings.HasPrefix(p.ImportPath, imp+"/") {
					t.Errorf("%s imports %s: a store implementation never imports another", p.ImportPath, imp)
				}
			case from == to:
			case toRank >= fromRank:
				t.Errorf("%s (%s) imports %s (%s): rooms import only rooms below them", p.ImportPath, from, imp, to)
			}
		}
	}
}

// TestKioskLinksNoUpstreamExtras: the kiosk embeds the server for --demo,
// with the bbolt store only: no PostgreSQL driver, no load generator.
func TestKioskLinksNoUpstreamExtras(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", module+"/cmd/ashyq-kiosk").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, module+"/sync/server") {
		t.Fatal("the kiosk no longer embeds the server: this test checks nothing")
	}
	for _, dep := range deps {
		for _, banned := range []string{"github.com/jackc/pgx", module + "/sync/store/pgstore", module + "/sync/loadgen", module + "/sync/servercli"} {
			if dep == banned || strings.HasPrefix(dep, banned+"/") {
				t.Errorf("the kiosk links %s", dep)
			}
		}
	}
}
