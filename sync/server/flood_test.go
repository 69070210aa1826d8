package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/wire"
)

// healthAs sends one health check naming device with token, in process.
func healthAs(h http.Handler, token, device string) int {
	req := httptest.NewRequest("GET", "/v1/health", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set(wire.DeviceHeader, device)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func deviceNames(list wire.DeviceList) []string {
	var out []string
	for _, d := range list.Devices {
		out = append(out, d.Device)
	}
	return out
}

// One venue's token sending 100,050 made-up device names in health checks
// used to fill the one contact map every venue shares (capped at 100,000,
// never emptied): a real kiosk of another venue never appeared in its
// venue's device list again, and /metrics grew to 27 MB with 100,002 series.
// Now each venue's list is bounded by itself, stale names go, and the
// metrics' series are bounded.
func TestOneVenuesContactFloodHurtsNoOther(t *testing.T) {
	clock := newTestClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	e := newEnv(t, Options{Now: clock.now, MetricsOpen: true, SilentAfter: 5 * time.Minute})
	h := e.srv.HandlerWithConsole()
	e.doDevice("GET", "/v1/health", tokA, "real-a-door", nil)
	for i := range 100_050 {
		if code := healthAs(h, tokA, fmt.Sprintf("made-up-%06d", i)); code != http.StatusOK {
			t.Fatalf("health %d: %d", i, code)
		}
	}
	// A real kiosk of venue B, new after the flood, is in its list.
	e.doDevice("GET", "/v1/health", tokB, "real-b-door", nil)
	var list wire.DeviceList
	e.callJSON("GET", "/v1/venues/"+venueB+"/devices", tokB, nil, http.StatusOK, &list)
	if names := deviceNames(list); len(names) != 1 || names[0] != "real-b-door" {
		t.Fatalf("venue B after venue A's flood: %v", names)
	}
	// Venue A's list is bounded, and its real kiosk, heard from before the
	// flood, is still in it.
	e.callJSON("GET", "/v1/venues/"+venueA+"/devices", tokA, nil, http.StatusOK, &list)
	names := deviceNames(list)
	if len(names) > backend.MaxContactsPerVenue || !strings.Contains(strings.Join(names, ","), "real-a-door") {
		t.Fatalf("venue A after its flood: %d devices, real door there: %v", len(names),
			strings.Contains(strings.Join(names, ","), "real-a-door"))
	}
	// The metrics stay small, and name venue B's kiosk and the drops.
	body := scrapeBody(t, e.ts.URL)
	if len(body) > 512<<10 {
		t.Errorf("/metrics is %d bytes after the flood", len(body))
	}
	if n := strings.Count(body, "\nashyq_server_device_last_seen_timestamp_seconds{"); n > backend.MaxContactsPerVenue+2 {
		t.Errorf("%d last-seen series after the flood", n)
	}
	if !strings.Contains(body, `ashyq_server_device_last_seen_timestamp_seconds{device="real-b-door",venue="venue-b"}`) {
		t.Error("venue B's kiosk is not in the metrics")
	}
	if !strings.Contains(body, `ashyq_server_contacts_dropped_total{venue="venue-a"}`) {
		t.Error("the refused names are not counted")
	}
	// Once the flood's names are silent longer than SilentAfter, a new
	// kiosk of venue A takes one's place; after a day they are all gone.
	clock.add(6 * time.Minute)
	e.doDevice("GET", "/v1/health", tokA, "new-a-door", nil)
	e.callJSON("GET", "/v1/venues/"+venueA+"/devices", tokA, nil, http.StatusOK, &list)
	if !strings.Contains(strings.Join(deviceNames(list), ","), "new-a-door") {
		t.Error("a new kiosk of venue A is not listed once the flood's names went silent")
	}
	clock.add(25 * time.Hour)
	e.doDevice("GET", "/v1/health", tokA, "new-a-door", nil)
	e.callJSON("GET", "/v1/venues/"+venueA+"/devices", tokA, nil, http.StatusOK, &list)
	if names := deviceNames(list); len(names) != 1 || names[0] != "new-a-door" {
		t.Errorf("a day later venue A lists %d devices", len(names))
	}
}

func scrapeBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %d", resp.StatusCode)
	}
	return "\n" + string(data)
}
