package server

import (
	"bufio"
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// doDevice sends one request naming a device, as the kiosk's client does.
func (e *env) doDevice(method, path, token, device string, body []byte) int {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set(wire.DeviceHeader, device)
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// scrape fetches /metrics and returns its samples: "name{labels}" -> value,
// labels in the order the exposition format writes them (sorted by name).
func scrape(t *testing.T, url, token string) map[string]float64 {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: status %d", resp.StatusCode)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("scrape: bad sample %q", line)
		}
		out[line[:i]] = v
	}
	return out
}

func wantSample(t *testing.T, m map[string]float64, key string, want float64) {
	t.Helper()
	got, ok := m[key]
	if !ok {
		t.Errorf("no sample %s", key)
		return
	}
	if got != want {
		t.Errorf("%s = %v, want %v", key, got, want)
	}
}

func TestMetricsAfterAFewRequests(t *testing.T) {
	e := newEnv(t, Options{Demo: true, MetricsOpen: true})
	// door-1 sends 1, 2 and 4: one sequence number missing.
	evs := events(venueA, "door-1", 1, 2, wire.Entry)
	evs = append(evs, event(venueA, "door-1", 4, wire.Exit))
	e.send(tokA, "door-1", evs...)
	e.send(tokA, "door-1", evs[0]) // a duplicate stores nothing
	for range 2 {
		if code := e.doDevice("POST", "/v1/status", tokA, "door-1", []byte(`{"iin":"900101300017","device":"door-1"}`)); code != 200 {
			t.Fatalf("status lookup: %d", code)
		}
	}
	// door-2 is alive and idle: health checks only.
	if code := e.doDevice("GET", "/v1/health", tokA, "door-2", nil); code != 200 {
		t.Fatalf("health: %d", code)
	}
	// A health check with a wrong token names no device.
	e.doDevice("GET", "/v1/health", "wrong-token", "ghost", nil)

	e.srv.b.FlushLookups() // lookups reach the store once a second
	m := scrape(t, e.ts.URL, "")
	wantSample(t, m, `ashyq_server_events_stored{kind="entry",venue="venue-a"}`, 2)
	wantSample(t, m, `ashyq_server_events_stored{kind="exit",venue="venue-a"}`, 1)
	wantSample(t, m, `ashyq_server_device_sequence_missing{device="door-1",venue="venue-a"}`, 1)
	wantSample(t, m, `ashyq_server_lookups_total{device="door-1",venue="venue-a"}`, 2)
	wantSample(t, m, `ashyq_server_requests_total{code="200",route="POST /v1/events"}`, 2)
	wantSample(t, m, `ashyq_server_requests_total{code="200",route="GET /v1/health"}`, 2)
	wantSample(t, m, `ashyq_server_ingest_duration_seconds_count`, 2)
	wantSample(t, m, `ashyq_server_device_silent{device="door-2",venue="venue-a"}`, 0)
	wantSample(t, m, `ashyq_server_devices_silent`, 0)
	for _, dev := range []string{"door-1", "door-2"} {
		seen := m[`ashyq_server_device_last_seen_timestamp_seconds{device="`+dev+`",venue="venue-a"}`]
		if age := time.Since(time.UnixMilli(int64(seen * 1000))); age < 0 || age > time.Minute {
			t.Errorf("%s last seen %v ago, want just now", dev, age)
		}
	}
	for k := range m {
		if strings.Contains(k, "ghost") {
			t.Errorf("a device behind a wrong token got a series: %s", k)
		}
	}
}

func TestMetricsOnAPublicListenerNeedTheMetricsToken(t *testing.T) {
	const mtok = "metrics-token-0123456789abcdefghij"
	e := newEnv(t, Options{MetricsToken: mtok})
	for _, tok := range []string{"", tokA, "wrong"} {
		if code, _ := e.call("GET", "/metrics", tok, nil); code != http.StatusUnauthorized {
			t.Errorf("/metrics with token %q: %d, want 401", tok, code)
		}
	}
	if m := scrape(t, e.ts.URL, mtok); len(m) == 0 {
		t.Error("no samples with the metrics token")
	}
}

func TestDeviceListFlagsSilentDevicesAndKeepsVenuesApart(t *testing.T) {
	e := newEnv(t, Options{SilentAfter: time.Minute})
	e.send(tokA, "door-1", event(venueA, "door-1", 1, wire.Entry))
	e.doDevice("GET", "/v1/health", tokA, "door-2", nil)
	e.doDevice("GET", "/v1/health", tokB, "b-door", nil)

	var list wire.DeviceList
	e.callJSON("GET", "/v1/venues/venue-a/devices", tokA, nil, http.StatusOK, &list)
	if len(list.Devices) != 2 || list.Devices[0].Device != "door-1" || list.Devices[1].Device != "door-2" {
		t.Fatalf("venue a devices: %+v", list.Devices)
	}
	if d := list.Devices[0]; d.Received != 1 || d.MaxSeq != 1 || d.LastEvent.IsZero() || d.Silent {
		t.Errorf("door-1: %+v", d)
	}
	if d := list.Devices[1]; d.Received != 0 || !d.LastEvent.IsZero() || d.LastSeen.IsZero() || d.Silent {
		t.Errorf("door-2 (health only): %+v", d)
	}
	if time.Duration(list.SilentAfter) != time.Minute {
		t.Errorf("silent_after %v", time.Duration(list.SilentAfter))
	}
	if code, _ := e.call("GET", "/v1/venues/venue-b/devices", tokA, nil); code != http.StatusForbidden {
		t.Errorf("venue a's token listed venue b: %d", code)
	}

	// Two minutes later nobody has called: both are flagged.
	e.srv.now = func() time.Time { return time.Now().Add(2 * time.Minute) }
	e.callJSON("GET", "/v1/venues/venue-a/devices", tokA, nil, http.StatusOK, &list)
	for _, d := range list.Devices {
		if !d.Silent {
			t.Errorf("%s not flagged silent after two minutes", d.Device)
		}
	}
}

func TestHealthChecksAreNotLoggedAtInfo(t *testing.T) {
	logger, buf := newTestLogger()
	e := newEnv(t, Options{Demo: true, Logger: logger})
	for range 3 {
		e.doDevice("GET", "/v1/health", tokA, "door-1", nil)
	}
	e.doDevice("POST", "/v1/status", tokA, "door-1", []byte(`{"iin":"900101300017"}`))
	logs := buf.String()
	if strings.Contains(logs, "/v1/health") {
		t.Errorf("health checks logged at INFO:\n%s", logs)
	}
	if !strings.Contains(logs, "POST /v1/status") {
		t.Errorf("the status lookup was not logged:\n%s", logs)
	}
}
