package doctor_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/doctor"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/wire"
)

// longList is an upstream whose deny list never ends.
type longList struct{ key wire.IssuerKey }

func (l longList) Keys(context.Context) (wire.KeySet, error) {
	return wire.KeySet{Keys: []wire.IssuerKey{l.key}, Time: time.Now()}, nil
}

func (l longList) DenyList(_ context.Context, after uint64) (wire.DenyList, error) {
	dl := wire.DenyList{More: true}
	for i := range 1000 {
		seq := after + uint64(i) + 1
		dl.Entries = append(dl.Entries, wire.DenyEntry{PassID: fmt.Sprintf("%032x", seq), Reason: wire.DenyRevoked, Seq: seq})
	}
	return dl, nil
}

// doctor says when the deny list is longer than the kiosk holds, and what
// to do; and a trust store in good order passes.
func TestDoctorSaysTheDenyListIsTooLong(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Camera.Device = "off"
	r.opts.Config.Passes.MaxDenied = 3000
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	if err := os.MkdirAll(r.opts.Config.Storage.DataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	st, err := trust.Open(filepath.Join(r.opts.Config.Storage.DataDir, trust.File), trust.Options{MaxDenied: 3000})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Refresh(context.Background(), longList{wire.IssuerKey{KID: "0a0b0c0d", Alg: "EdDSA", PublicKey: pub}}); err != nil {
		t.Fatal(err)
	}
	rep := doctor.Run(context.Background(), r.opts)
	d := one(t, rep, "passes", "deny list")
	if d.OK || !strings.Contains(d.Detail, "not trusted offline") || !strings.Contains(d.Fix, "passes.max_denied") {
		t.Errorf("deny list: %+v", d)
	}
	if k := one(t, rep, "passes", "pass keys"); !k.OK || !strings.Contains(k.Detail, "1, updated") {
		t.Errorf("keys: %+v", k)
	}
}

// doctor names a redirecting upstream as such: the kiosk follows none.
func TestDoctorNamesARedirect(t *testing.T) {
	r := newRig(t)
	r.opts.Config.Camera.Device = "off"
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		http.Redirect(w, req, "http://127.0.0.2:9/v1/health", http.StatusTemporaryRedirect)
	}))
	defer front.Close()
	r.opts.Config.Upstream.URL = front.URL
	rep := doctor.Run(context.Background(), r.opts)
	u := one(t, rep, "upstream", front.URL)
	if u.OK || !strings.Contains(u.Detail, "follows no redirects") || !strings.Contains(u.Detail, "127.0.0.2:9") {
		t.Errorf("redirecting upstream: %+v", u)
	}
}
