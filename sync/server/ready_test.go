package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/store/pgstore"
	"github.com/ashyq/kiosk/sync/store/pgstore/pgtest"
	"github.com/ashyq/kiosk/sync/wire"
)

func getReady(t *testing.T, url string) (int, wire.Ready) {
	t.Helper()
	resp, err := http.Get(url + "/v1/ready")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r wire.Ready
	_ = json.NewDecoder(resp.Body).Decode(&r)
	return resp.StatusCode, r
}

// /v1/health used to answer 200 while PostgreSQL was down, so a load
// balancer kept sending kiosks to a replica that could store nothing. Now
// /v1/ready (for balancers) fails while the store does not answer, and
// /v1/health stays the liveness check kiosks read the clock from.
func TestReadinessFollowsTheDatabase(t *testing.T) {
	cluster, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		if pgtest.Required() {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			cluster.Stop()
		}
	}()
	url, err := cluster.NewSchema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st, err := pgstore.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Open(Options{Store: st, Tokens: testTokens()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	if code, r := getReady(t, ts.URL); code != http.StatusOK || r.Status != "ready" {
		t.Fatalf("with the database up: %d %+v", code, r)
	}
	cluster.Stop()
	stopped = true
	start := time.Now()
	code, r := getReady(t, ts.URL)
	if code != http.StatusServiceUnavailable || r.Status != "not ready" || r.Reason == "" {
		t.Errorf("with the database down: %d %+v", code, r)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the readiness check took %s", took)
	}
	resp, err := http.Get(ts.URL + "/v1/health")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("liveness with the database down: %v %v", resp, err)
	}
	if resp != nil {
		resp.Body.Close()
	}
}

// On bbolt the store is a file the process holds: ready while open.
func TestReadinessOnBolt(t *testing.T) {
	e := newEnv(t, Options{})
	if code, r := getReady(t, e.ts.URL); code != http.StatusOK || r.Status != "ready" {
		t.Errorf("bbolt: %d %+v", code, r)
	}
}
