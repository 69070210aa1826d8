package server

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

const opSecret = "operator-secret-7c3e9a1f5b2d8e4a6c0f"

func operatorEnv(t *testing.T) *env {
	return newEnv(t, Options{Operators: map[string]string{opSecret: "test operator"}})
}

func TestOperatorCredentialIsSeparate(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := operatorEnv(t)
		e.send(tokA, "dev-a", event(venueA, "dev-a", 1, wire.Entry))
		e.send(tokB, "dev-b", event(venueB, "dev-b", 1, wire.Entry))
		tests := []struct {
			name, method, path, token string
			body                      any
			want                      int
		}{
			{"operator reads venue A", "GET", "/v1/venues/" + venueA + "/occupancy", opSecret, nil, 200},
			{"operator reads venue B", "GET", "/v1/venues/" + venueB + "/events", opSecret, nil, 200},
			{"operator reads a device", "GET", "/v1/venues/" + venueB + "/devices/dev-b", opSecret, nil, 200},
			{"operator cannot post events", "POST", "/v1/events", opSecret, wire.EventBatch{}, 403},
			{"operator cannot look up as a device", "POST", "/v1/status", opSecret, wire.StatusRequest{IIN: "900101300017"}, 403},
			{"device token cannot manage", "GET", "/v1/admin/tokens", tokA, nil, 403},
			{"device token cannot add tokens", "POST", "/v1/admin/tokens", tokA, api.NewTokenRequest{Venue: venueB}, 403},
			{"device token reads its venue's device", "GET", "/v1/venues/" + venueA + "/devices/dev-a", tokA, nil, 200},
			{"device token cannot read another venue's device", "GET", "/v1/venues/" + venueB + "/devices/dev-b", tokA, nil, 403},
			{"no credential", "GET", "/v1/admin/venues", "", nil, 401},
			{"wrong operator secret", "GET", "/v1/admin/venues", "operator-secret-2", nil, 401},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if code, body := e.call(tt.method, tt.path, tt.token, tt.body); code != tt.want {
					t.Errorf("status %d, want %d: %s", code, tt.want, body)
				}
			})
		}
		var asOp, asDev wire.EventList
		e.callJSON("GET", "/v1/venues/"+venueA+"/events", opSecret, nil, 200, &asOp)
		e.callJSON("GET", "/v1/venues/"+venueA+"/events", tokA, nil, 200, &asDev)
		if len(asOp.Events) != 1 || asOp.Events[0].IIN != "900101300017" {
			t.Errorf("operator listing %+v, want the full IIN", asOp.Events)
		}
		if len(asDev.Events) != 1 || strings.Contains(asDev.Events[0].IIN, "9001013") {
			t.Errorf("device listing %+v, want the IIN masked", asDev.Events)
		}
	})
}

// A device token added through the admin API works at once, is listed without
// its secret, and stops working the moment it is revoked; the store holds
// only its hash.
func TestAdminTokensWithoutRestart(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := operatorEnv(t)
		var created api.NewTokenResponse
		e.callJSON("POST", "/v1/admin/tokens", opSecret, api.NewTokenRequest{Venue: "venue-c", Label: "front door"}, http.StatusCreated, &created)
		if !strings.HasPrefix(created.Token, backend.DevicePrefix) || created.Venue != "venue-c" || created.ID == "" {
			t.Fatalf("created %+v", created)
		}
		e.callJSON("POST", "/v1/status", created.Token, wire.StatusRequest{IIN: "900101300017"}, 200, nil)
		res := e.send(created.Token, "c-door", event("venue-c", "c-door", 1, wire.Entry))
		if len(res.Accepted) != 1 {
			t.Errorf("the new token's venue: %+v", res)
		}
		code, list := e.call("GET", "/v1/admin/tokens", opSecret, nil)
		if code != 200 || !strings.Contains(string(list), created.ID) || strings.Contains(string(list), created.Token) || strings.Contains(string(list), "hash") {
			t.Errorf("token list %d %s: want the id, never the secret or its hash", code, list)
		}
		var venues []store.VenueSummary
		e.callJSON("GET", "/v1/admin/venues", opSecret, nil, 200, &venues)
		if len(venues) == 0 || venues[len(venues)-1].Name != "venue-c" || venues[len(venues)-1].Entries != 1 {
			t.Errorf("venues %+v, want venue-c with its entry", venues)
		}
		e.callJSON("DELETE", "/v1/admin/tokens/"+created.ID, opSecret, nil, 200, nil)
		if code, _ := e.call("POST", "/v1/status", created.Token, wire.StatusRequest{IIN: "900101300017"}); code != 401 {
			t.Errorf("a revoked token: %d, want 401", code)
		}
		if code, _ := e.call("DELETE", "/v1/admin/tokens/d-000000000000", opSecret, nil); code != 404 {
			t.Errorf("revoking an unknown id: %d, want 404", code)
		}
		e.close()
		if e.dir == "" {
			return // PostgreSQL: the schema has a hash column and no secret column
		}
		raw, err := os.ReadFile(filepath.Join(e.dir, "server.db"))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte(created.Token)) {
			t.Error("server.db holds the token itself, not only its hash")
		}
	})
}
