package servercli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/store/pgstore/pgtest"
	"github.com/ashyq/kiosk/sync/wire"
)

// The command line's tests run the real Main, the real binary and a real
// PostgreSQL cluster, started once per test binary when a test asks for it.
// Without PostgreSQL those tests skip, except in CI (CI=true), where they
// fail.

var pg pgtest.Shared

func TestMain(m *testing.M) {
	if code, ok := nullServerMain(); ok {
		os.Exit(code)
	}
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// pgURL returns the URL of a fresh, empty schema.
func pgURL(t testing.TB) string { return pg.URL(t) }

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// openDemo opens a demo server on a fresh bbolt store.
func openDemo(t *testing.T) *server.Server {
	t.Helper()
	srv, err := server.Open(server.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// keyList is a pass.KeySource over published keys.
type keyList []wire.IssuerKey

func (l keyList) IssuerKey(kid string) (wire.IssuerKey, bool) {
	for _, k := range l {
		if k.KID == kid {
			return k, true
		}
	}
	return wire.IssuerKey{}, false
}

// strongTok and strongTok2 are device tokens strong enough for --token and
// token files (backend.CheckSecretStrength).
const (
	strongTok  = "tok-7f3a9c2e5b8d1f4a6c0e9b2d7a5f3c1e"
	strongTok2 = "tok-2b9e4d7a1c6f3e8b5a0d2f9c4e7b1a6d"
)
