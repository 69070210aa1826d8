package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/api"
	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/wire"
)

// ownerClient is a browser-like client of the owner's pages: a cookie jar,
// no redirects followed, the CSRF token of the last page kept.
type ownerClient struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
}

func newOwnerClient(t *testing.T, base string) *ownerClient {
	jar, _ := cookiejar.New(nil)
	return &ownerClient{t: t, base: base, hc: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends a request and keeps a CSRF token found in the answer.
func (c *ownerClient) do(method, path string, form url.Values) (int, string, http.Header) {
	c.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, _ := http.NewRequest(method, c.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	if _, rest, ok := strings.Cut(b.String(), `name="csrf" value="`); ok {
		c.csrf, _, _ = strings.Cut(rest, `"`)
	}
	return resp.StatusCode, b.String(), resp.Header
}

func (c *ownerClient) get(path string) (int, string) {
	code, body, _ := c.do("GET", path, nil)
	return code, body
}

// post sends a form with the CSRF token of the last page.
func (c *ownerClient) post(path string, form url.Values) (int, string) {
	form.Set("csrf", c.csrf)
	code, body, _ := c.do("POST", path, form)
	return code, body
}

func (c *ownerClient) login(secret string) int {
	c.t.Helper()
	c.get("/owner/login")
	code, _ := c.post("/owner/login", url.Values{"credential": {secret}})
	return code
}

// addOwner makes an owner's credential of venue through the admin API.
func (e *env) addOwner(venue string) string {
	e.t.Helper()
	var res api.NewTokenResponse
	e.callJSON("POST", "/v1/admin/owners", opSecret, api.NewOwnerRequest{Venue: venue, Label: "owner of " + venue}, http.StatusCreated, &res)
	return res.Token
}

// The owner's pages over HTTP: login, now (the doors' head count), a
// setting a kiosk picks up at its next check-in, a new door enrolled by
// code, the day's records masked, and the exports.
func TestOwnerPages(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e, clock := consoleScene(t, Options{})
		owner := e.addOwner(venueA)
		c := newOwnerClient(t, e.ts.URL)
		if code, _ := c.get("/owner/"); code != http.StatusSeeOther {
			t.Errorf("the owner's page without a session: %d, want a redirect to the login", code)
		}
		if code := c.login(tokA); code != http.StatusUnauthorized {
			t.Errorf("a device token at the owner's login: %d, want 401", code)
		}
		if code := c.login(owner); code != http.StatusSeeOther {
			t.Fatalf("owner login: %d", code)
		}
		code, now := c.get("/owner/")
		if code != 200 || !strings.Contains(now, `id="inside">3<`) || !strings.Contains(now, `id="capacity">10<`) ||
			!strings.Contains(now, "quiet-door") || !strings.Contains(now, "offline since") {
			t.Errorf("now page %d:\n%s", code, now)
		}
		// A kiosk checks in: the owner sees its queue and mode.
		var set wire.DeviceSettings
		e.callJSON("POST", "/v1/checkin", tokA, wire.CheckIn{Device: "busy-door", Door: "front", Mode: "entrance", Policy: "ask",
			Pending: 4, OldestPending: clock.now().Add(-3 * time.Minute)}, http.StatusOK, &set)
		if set.Capacity != 10 || set.Mode != "" || set.OfflinePolicy != "" {
			t.Errorf("settings before the owner set any: %+v", set)
		}
		e.srv.Backend().FlushReports()
		if _, now = c.get("/owner/"); !strings.Contains(now, ">4<br>") || !strings.Contains(now, "oldest 3 min ago") {
			t.Errorf("the door's waiting records are not shown:\n%s", now)
		}
		// Settings: capacity and the offline policy, then the door's mode.
		c.get("/owner/settings")
		code, page := c.post("/owner/settings", url.Values{"capacity": {"25"}, "closing_time": {"23:00"}, "max_stay": {"240"},
			"time_zone": {"Asia/Almaty"}, "offline_policy": {"refuse"}})
		if code != 200 || !strings.Contains(page, "Saved.") {
			t.Fatalf("settings %d:\n%s", code, page)
		}
		if code, page := c.post("/owner/doors/busy-door/mode", url.Values{"mode": {"exit"}}); code != 200 || !strings.Contains(page, "saved") {
			t.Errorf("door mode %d:\n%s", code, page)
		}
		e.callJSON("POST", "/v1/checkin", tokA, wire.CheckIn{Device: "busy-door", Door: "front", Mode: "entrance"}, http.StatusOK, &set)
		if set.Capacity != 25 || set.Mode != "exit" || set.OfflinePolicy != "refuse" || set.ClosingTime != "23:00" || set.MaxStayMinutes != 240 {
			t.Errorf("settings after the owner's change: %+v", set)
		}
		var occ wire.Occupancy
		e.callJSON("GET", "/v1/venues/"+venueA+"/occupancy", tokA, nil, http.StatusOK, &occ)
		if occ.Capacity != 25 {
			t.Errorf("occupancy's capacity %d, want the owner's 25", occ.Capacity)
		}
		if code, page := c.post("/owner/settings", url.Values{"capacity": {"-1"}, "offline_policy": {"maybe"}}); code != 400 ||
			!strings.Contains(page, "capacity -1") || !strings.Contains(page, "offline_policy") {
			t.Errorf("bad settings %d:\n%s", code, page)
		}
		if code, _ := c.post("/owner/doors/nobodys-door/mode", url.Values{"mode": {"exit"}}); code != 404 {
			t.Errorf("mode of a door the venue does not have: %d, want 404", code)
		}
		// Who changed what is in the audit trail.
		trail, _, err := e.srv.Store().ListAudit(context.Background(), audit.Query{Kind: "owner."})
		if err != nil || len(trail) < 2 || !strings.Contains(trail[0].Detail+trail[1].Detail, "capacity 10 -> 25") {
			t.Errorf("audit trail %+v, %v", trail, err)
		}
		// Add a door: a code, redeemed once by a kiosk.
		c.get("/owner/doors/new")
		code, page = c.post("/owner/doors/new", url.Values{"door": {"side"}, "mode": {"exit"}, "ttl": {"30m"}})
		_, rest, _ := strings.Cut(page, `id="enrol-code">`)
		grouped, _, _ := strings.Cut(rest, "<")
		if code != 200 || len(grouped) != 14 || !strings.Contains(page, "<svg") || !strings.Contains(page, e.ts.URL) {
			t.Fatalf("enrolment code page %d (%q):\n%s", code, grouped, page)
		}
		var enrolled wire.KioskEnrolResponse
		e.callJSON("POST", "/v1/enrol", "", wire.KioskEnrolRequest{Code: strings.ToLower(grouped)}, http.StatusCreated, &enrolled)
		if enrolled.Venue != venueA || enrolled.Mode != "exit" || enrolled.Door != "side" || !strings.HasPrefix(enrolled.Device, "side-") ||
			!strings.HasPrefix(enrolled.Token, "ashyq_d_") {
			t.Errorf("enrolled %+v", enrolled)
		}
		var refusal api.EnrolRefusal
		e.callJSON("POST", "/v1/enrol", "", wire.KioskEnrolRequest{Code: grouped}, http.StatusForbidden, &refusal)
		if refusal.Reason != "used" {
			t.Errorf("the code again: %+v", refusal)
		}
		e.callJSON("POST", "/v1/checkin", enrolled.Token, wire.CheckIn{Device: enrolled.Device, Mode: "exit"}, http.StatusOK, &set)
		if set.Venue != venueA || set.Mode != "exit" {
			t.Errorf("the new kiosk's settings: %+v", set)
		}
		// The day's records, masked, and the exports.
		day := clock.now().In(mustZone(t, "Asia/Almaty")).Format("2006-01-02")
		code, visits := c.get("/owner/visits?day=" + day)
		if code != 200 || !strings.Contains(visits, "••••••••") || strings.Contains(visits, personIIN(1)) {
			t.Errorf("visits %d:\n%s", code, visits)
		}
		c.get("/owner/visits?day=" + day) // a reload: not written again
		reads, _, err := e.srv.Backend().Audit(context.Background(), audit.Query{Kind: string(backend.EventRecordsRead)}, false, "t")
		if err != nil || len(reads) != 1 || reads[0].Subject != venueA || !strings.HasPrefix(reads[0].Actor, "v-") {
			t.Errorf("the owner's look at the visits in the trail: %+v %v", reads, err)
		}
		code, csvBody, h := c.do("GET", "/owner/export/download?format=records&from="+day+"&to="+day, nil)
		rows, _ := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || len(rows) != 9 {
			t.Errorf("records CSV %d, %d rows:\n%s", code, len(rows), csvBody)
		}
		code, pdf, h := c.do("GET", "/owner/export/download?format=pdf&from="+day+"&to="+day, nil)
		if code != 200 || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF-") {
			t.Errorf("PDF %d %q", code, h.Get("Content-Type"))
		}
		if code, _, _ := c.do("GET", "/owner/export/download?format=pdf&from=2021-01-01&to="+day, nil); code != 400 {
			t.Errorf("a period of two months: %d, want 400", code)
		}
		// Codes to print: the door with its mode.
		if code, codes := c.get("/owner/codes"); code != 200 || !strings.Contains(codes, "AQV1:"+venueA+"/front/exit") {
			t.Errorf("door codes %d:\n%s", code, codes)
		}
		// A form without its token is refused.
		c.csrf = "forged"
		if code, _ := c.post("/owner/settings", url.Values{"capacity": {"1"}}); code != 403 {
			t.Errorf("a form without its CSRF token: %d, want 403", code)
		}
	})
}

func mustZone(t *testing.T, name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
