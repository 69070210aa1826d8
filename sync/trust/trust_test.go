package trust_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/upstream"
	"github.com/ashyq/kiosk/sync/wire"
)

func issue(t *testing.T, srv *server.Server, person string) string {
	t.Helper()
	_, k, _ := ed25519.GenerateKey(rand.Reader)
	resp, err := srv.IssuePass(context.Background(), person, k.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	return resp.PassID
}

// Keys and deny list arrive from a real server, survive a reopen, grow
// incrementally, and a failed refresh changes nothing.
func TestRefreshPersistsAndGrows(t *testing.T) {
	srv, err := server.Open(server.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer func() { hs.Close(); srv.Close() }()
	cl, err := upstream.New(hs.URL, server.DemoToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), trust.File)
	st, err := trust.Open(path, trust.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := st.Status(); s.Keys != 0 || !s.RefreshedAt.IsZero() {
		t.Fatalf("new store: %+v", s)
	}
	revoked := issue(t, srv, "900101300017")
	if err := srv.RevokePass(context.Background(), revoked); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	if err := st.Refresh(context.Background(), cl); err != nil {
		t.Fatal(err)
	}
	s := st.Status()
	if s.Keys != 1 || s.Denied != 1 || s.RefreshedAt.Before(before.Add(-time.Second)) || s.Anchor.Upstream.IsZero() {
		t.Fatalf("after refresh: %+v", s)
	}
	if d, ok := st.Denied(revoked); !ok || d.Reason != wire.DenyRevoked {
		t.Errorf("denied %s: %+v %v", revoked, d, ok)
	}
	if _, ok := st.IssuerKey(server.DemoKeyID); !ok {
		t.Error("demo key missing")
	}

	// More revocations and a rotation: the next refresh adds only the new.
	changed := issue(t, srv, "950630400059")
	if err := srv.SetStatus("950630400059", wire.Red); err != nil {
		t.Fatal(err)
	}
	kid, err := srv.RotateKeys(context.Background(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Refresh(context.Background(), cl); err != nil {
		t.Fatal(err)
	}
	if s := st.Status(); s.Keys != 2 || s.Denied != 2 {
		t.Fatalf("after second refresh: %+v", s)
	}
	if d, ok := st.Denied(changed); !ok || d.Reason != wire.DenyStatusChanged {
		t.Errorf("status change: %+v %v", d, ok)
	}

	// A new process reads the same from disk, without a clock anchor.
	again, err := trust.Open(path, trust.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := again.Status(); s.Keys != 2 || s.Denied != 2 || s.RefreshedAt.IsZero() || !s.Anchor.Upstream.IsZero() {
		t.Fatalf("reopened: %+v", s)
	}
	if k, ok := again.IssuerKey(kid); !ok || !k.NotAfter.IsZero() {
		t.Errorf("new key after reopen: %+v %v", k, ok)
	}
	if k, _ := again.IssuerKey(server.DemoKeyID); k.NotAfter.IsZero() {
		t.Error("the rotated-out key lost its end")
	}

	// The upstream is gone: the refresh fails and nothing is lost.
	hs.Close()
	if err := again.Refresh(context.Background(), cl); err == nil {
		t.Fatal("refresh against a stopped server succeeded")
	}
	if s := again.Status(); s.Keys != 2 || s.Denied != 2 {
		t.Errorf("after a failed refresh: %+v", s)
	}
}
