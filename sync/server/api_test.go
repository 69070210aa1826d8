package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

func TestHealthNeedsNoToken(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{Version: "v9.9.9"})
		var h wire.Health
		before := time.Now().Add(-time.Second)
		e.callJSON("GET", "/v1/health", "", nil, http.StatusOK, &h)
		if h.Status != "ok" || h.Version != "v9.9.9" {
			t.Errorf("health = %+v", h)
		}
		if h.Time.Before(before) || h.Time.After(time.Now().Add(time.Second)) {
			t.Errorf("health time %v is not the server clock", h.Time)
		}
	})
}

func TestAuth(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		// A device of venue A, so /v1/devices has something to protect.
		e.send(tokA, "dev-a", event(venueA, "dev-a", 1, wire.Entry))

		tests := []struct {
			name, method, path, header string
			body                       any
			want                       int
		}{
			{"status no token", "POST", "/v1/status", "", wire.StatusRequest{IIN: "900101300017"}, 401},
			{"status unknown token", "POST", "/v1/status", "Bearer nope", wire.StatusRequest{IIN: "900101300017"}, 401},
			{"status wrong scheme", "POST", "/v1/status", "Basic " + tokA, wire.StatusRequest{IIN: "900101300017"}, 401},
			{"status empty bearer", "POST", "/v1/status", "Bearer ", wire.StatusRequest{IIN: "900101300017"}, 401},
			{"status ok", "POST", "/v1/status", "Bearer " + tokA, wire.StatusRequest{IIN: "900101300017"}, 200},
			{"status scheme case-insensitive", "POST", "/v1/status", "bearer " + tokA, wire.StatusRequest{IIN: "900101300017"}, 200},
			{"events no token", "POST", "/v1/events", "", wire.EventBatch{}, 401},
			{"occupancy no token", "GET", "/v1/venues/" + venueA + "/occupancy", "", nil, 401},
			{"occupancy own", "GET", "/v1/venues/" + venueA + "/occupancy", "Bearer " + tokA, nil, 200},
			{"occupancy other venue", "GET", "/v1/venues/" + venueA + "/occupancy", "Bearer " + tokB, nil, 403},
			{"list no token", "GET", "/v1/venues/" + venueA + "/events", "", nil, 401},
			{"list own", "GET", "/v1/venues/" + venueA + "/events", "Bearer " + tokA, nil, 200},
			{"list other venue", "GET", "/v1/venues/" + venueA + "/events", "Bearer " + tokB, nil, 403},
			{"device no token", "GET", "/v1/devices/dev-a", "", nil, 401},
			{"device own", "GET", "/v1/devices/dev-a", "Bearer " + tokA, nil, 200},
			{"device of another venue is unknown", "GET", "/v1/devices/dev-a", "Bearer " + tokB, nil, 404},
			{"device unknown", "GET", "/v1/devices/ghost", "Bearer " + tokA, nil, 404},
			{"wrong method", "GET", "/v1/events", "Bearer " + tokA, nil, 405},
			{"no such endpoint", "GET", "/v1/nothing", "Bearer " + tokA, nil, 404},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var body []byte
				if tt.body != nil {
					body, _ = json.Marshal(tt.body)
				}
				req, err := http.NewRequest(tt.method, e.ts.URL+tt.path, strings.NewReader(string(body)))
				if err != nil {
					t.Fatal(err)
				}
				if tt.header != "" {
					req.Header.Set("Authorization", tt.header)
				}
				resp, err := e.ts.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				if resp.StatusCode != tt.want {
					t.Errorf("status %d, want %d", resp.StatusCode, tt.want)
				}
				if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("content type %q, want application/json", ct)
				}
				if tt.want >= 400 {
					var eb wire.ErrorBody
					if err := json.NewDecoder(resp.Body).Decode(&eb); err != nil || eb.Error == "" {
						t.Errorf("error body: %v, %+v", err, eb)
					}
				}
				if tt.want == 401 && resp.Header.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				if tt.want == 405 && resp.Header.Get("Allow") != "POST" {
					t.Errorf("405 with Allow %q, want POST", resp.Header.Get("Allow"))
				}
			})
		}
	})
}

func TestStatus(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{Demo: true})
		tests := []struct {
			iin     string
			want    wire.Status
			code    int
			errPart string
		}{
			{"900101300017", wire.Green, 200, ""},
			{"950630400059", wire.Green, 200, ""},
			{"850523400026", wire.Yellow, 200, ""},
			{"771203300035", wire.Red, 200, ""},
			{"010202500042", wire.Blue, 200, ""},
			{"061211600012", wire.Blue, 200, ""}, // valid, not in the registry
			{"900101300018", "", 400, "check digit"},
			{"90010130001", "", 400, "12 digits"},
			{"90010130001x", "", 400, "digits only"},
			{"901301300017", "", 400, "birth date"},
			{"", "", 400, "12 digits"},
		}
		for _, tt := range tests {
			t.Run(tt.iin, func(t *testing.T) {
				code, data := e.call("POST", "/v1/status", DemoToken, wire.StatusRequest{IIN: tt.iin})
				if code != tt.code {
					t.Fatalf("status %d, want %d: %s", code, tt.code, data)
				}
				if tt.code != 200 {
					var eb wire.ErrorBody
					if err := json.Unmarshal(data, &eb); err != nil || !strings.Contains(eb.Error, tt.errPart) {
						t.Errorf("error %q does not name %q (%v)", eb.Error, tt.errPart, err)
					}
					if len(tt.iin) > 4 && strings.Contains(eb.Error, tt.iin[:8]) {
						t.Errorf("error %q echoes the IIN unmasked", eb.Error)
					}
					return
				}
				var sr wire.StatusResponse
				if err := json.Unmarshal(data, &sr); err != nil {
					t.Fatal(err)
				}
				if sr.Status != tt.want || sr.CheckedAt.IsZero() {
					t.Errorf("got %+v, want %s", sr, tt.want)
				}
			})
		}
		if code, _ := e.call("POST", "/v1/status", DemoToken, []byte("{not json")); code != 400 {
			t.Errorf("malformed JSON: status %d, want 400", code)
		}
	})
}

func TestDemoRegistryIsValid(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{Demo: true})
		for id, colour := range DemoRegistry {
			var sr wire.StatusResponse
			e.callJSON("POST", "/v1/status", DemoToken, wire.StatusRequest{IIN: id}, 200, &sr)
			if string(sr.Status) != colour {
				t.Errorf("%s: %s, want %s", id, sr.Status, colour)
			}
		}
	})
}

func TestSetStatus(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e := newEnv(t, Options{})
		if err := e.srv.SetStatus("061211600012", wire.Red); err != nil {
			t.Fatal(err)
		}
		var sr wire.StatusResponse
		e.callJSON("POST", "/v1/status", tokA, wire.StatusRequest{IIN: "061211600012"}, 200, &sr)
		if sr.Status != wire.Red {
			t.Errorf("status %s after SetStatus red", sr.Status)
		}
		if err := e.srv.SetStatus("061211600013", wire.Red); err == nil {
			t.Error("SetStatus accepted an invalid IIN")
		}
		if err := e.srv.SetStatus("061211600012", "purple"); err == nil {
			t.Error("SetStatus accepted an invalid colour")
		}
	})
}
