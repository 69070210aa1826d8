package server

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store/pgstore"
	"github.com/ashyq/kiosk/sync/wire"
)

// Replicas starting together on a fresh database make one issuer key, not one
// each; every replica then publishes the same keys.
func TestPostgresOneIssuerKeyForAllReplicas(t *testing.T) {
	url := pgURL(t)
	const replicas = 4
	envs := make([]*env, replicas)
	var wg sync.WaitGroup
	for range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := pgstore.Open(context.Background(), url)
			if err != nil {
				t.Error(err)
				return
			}
			if err := st.EnsureIssuerKey(context.Background(), time.Now(), false); err != nil {
				t.Error(err)
			}
			st.Close()
		}()
	}
	wg.Wait()
	for i := range envs {
		envs[i] = newEnvOn(t, url, Options{})
	}
	var first wire.KeySet
	envs[0].callJSON("GET", "/v1/keys", tokA, nil, http.StatusOK, &first)
	if len(first.Keys) != 1 {
		t.Fatalf("%d replicas made %d keys, want 1", replicas, len(first.Keys))
	}
	for _, e := range envs[1:] {
		var ks wire.KeySet
		e.callJSON("GET", "/v1/keys", tokA, nil, http.StatusOK, &ks)
		if len(ks.Keys) != 1 || ks.Keys[0].KID != first.Keys[0].KID {
			t.Errorf("another replica publishes %+v, want %+v", ks.Keys, first.Keys)
		}
	}
}

// A pass issued by one replica is revoked by a status change on the other,
// and every replica's deny list says so.
func TestPostgresPassesSharedByReplicas(t *testing.T) {
	url := pgURL(t)
	opts := Options{Operators: map[string]string{opSecret: "test operator"}, Demo: true}
	r1, r2 := newEnvOn(t, url, opts), newEnvOn(t, url, opts)
	p := issueVia(r1, "900101300017", holder(t))
	if err := r2.srv.SetStatus("900101300017", wire.Red); err != nil {
		t.Fatal(err)
	}
	for _, e := range []*env{r1, r2} {
		var dl wire.DenyList
		e.callJSON("GET", "/v1/denylist", DemoToken, nil, http.StatusOK, &dl)
		var ids []string
		for _, d := range dl.Entries {
			ids = append(ids, d.PassID)
		}
		if !slices.Equal(ids, []string{p.PassID}) || dl.Entries[0].Reason != wire.DenyStatusChanged {
			t.Errorf("deny list %+v, want the pass revoked for the status change", dl)
		}
	}
}
