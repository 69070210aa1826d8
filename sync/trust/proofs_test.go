package trust_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"path/filepath"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/trust"
	"github.com/ashyq/kiosk/sync/wire"
)

// The proofs a kiosk accepted survive its restart: saved in order (a proof
// given back is forgotten), pruned once older than any verifier's window,
// and written once more when the kiosk stops.
func TestUsedProofsSurviveAReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), trust.File)
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	s, err := trust.Open(path, trust.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	a, b, old := pass.Use{ID: [16]byte{1}, At: now}, pass.Use{ID: [16]byte{2}, At: now}, pass.Use{ID: [16]byte{3}, At: now.Add(-pass.ProofMemory - time.Second)}
	back := b
	back.Released = true
	if err := s.SaveProofs([]pass.Use{a, b, old, back}, now); err != nil {
		t.Fatal(err)
	}
	s2, err := trust.Open(path, trust.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s2.UsedProofs()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != a.ID || !got[0].At.Equal(a.At) || got[0].Released {
		t.Fatalf("after a reopen: %+v; want only %x", got, a.ID)
	}

	// KeepProofs writes what the memory learnt when it is stopped, even
	// before its first tick.
	r := pass.NewReplay()
	r.Load(got)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s2.KeepProofs(ctx, r, time.Hour) }()
	v, h := testVerifier(t, r)
	code := h(now)
	if _, err := v.Verify(code, now); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-done
	if got, err = s2.UsedProofs(); err != nil || len(got) != 2 {
		t.Errorf("after KeepProofs stopped: %d proofs stored (%v), want 2", len(got), err)
	}
}

// oneKey is a pass.Keys with a single issuer key.
type oneKey wire.IssuerKey

func (k oneKey) IssuerKey(kid string) (wire.IssuerKey, bool) { return wire.IssuerKey(k), kid == k.KID }

// testVerifier is a verifier with replay memory r, and a holder's codes
// made at a given time.
func testVerifier(t *testing.T, r *pass.Replay) (*pass.Verifier, func(time.Time) *pass.Code) {
	t.Helper()
	ipub, ikey, _ := ed25519.GenerateKey(rand.Reader)
	is, err := pass.NewIssuer("0a0b0c0d", ikey)
	if err != nil {
		t.Fatal(err)
	}
	hpub, hkey, _ := ed25519.GenerateKey(rand.Reader)
	at := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	p, _, err := is.Issue(pass.Claims{IIN: "900101300017", Status: wire.Green, IssuedAt: at, ValidUntil: at.Add(24 * time.Hour), Holder: hpub})
	if err != nil {
		t.Fatal(err)
	}
	h, err := pass.NewHolder(p, hkey)
	if err != nil {
		t.Fatal(err)
	}
	v := &pass.Verifier{Keys: oneKey{KID: "0a0b0c0d", Alg: "EdDSA", PublicKey: ipub}, Replay: r}
	return v, func(at time.Time) *pass.Code {
		text, err := h.Show(at, "")
		if err != nil {
			t.Fatal(err)
		}
		c, err := pass.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}
