package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/console"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/storetest"
	"github.com/ashyq/kiosk/sync/wire"
)

// fleetScene is consoleScene with a fleet beside venue A: 130 venues of
// 5 devices each, all heard from now (health checks) but one,
// "venue-00077/back", silent for two hours.
func fleetScene(t *testing.T) (*env, *testClock) {
	e, clock := consoleScene(t, Options{})
	ctx := context.Background()
	now := clock.now()
	f := storetest.Fleet{Venues: 130, Devices: 650, Events: 2600, Busy: 100, End: now.Add(-time.Minute), Workers: 4}
	if err := storetest.SeedFleet(ctx, e.srv.Store(), f, nil); err != nil {
		t.Fatal(err)
	}
	// The fleet's kiosks check health (their last event was a day ago).
	for v := range f.Venues {
		for d := range f.Devices / f.Venues {
			e.srv.Backend().NoteContact(storetest.FleetVenue(v), storetest.FleetDevice(v, d))
		}
	}
	quiet := event("venue-00077", "back", 1, wire.Entry)
	if _, err := e.srv.Store().Ingest(ctx, "venue-00077", []wire.Event{quiet}, now.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	return e, clock
}

// pagerText is the first pager's line of a page.
func pagerText(page string) string {
	m := regexp.MustCompile(`(?s)id="pager">(.*?)</p>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return strings.Join(strings.Fields(m[1]), " ")
}

// The console over a fleet: venues and devices paged, searched and sorted,
// alarms first, every list saying how many rows of how many it shows.
func TestConsoleFleetPages(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e, _ := fleetScene(t)
		code, page := e.page("/ui/", opSecret)
		if code != 200 || !strings.HasPrefix(pagerText(page), "Rows 1–50 of 131") {
			t.Fatalf("venue list %d, pager %q", code, pagerText(page))
		}
		// Alarms first: venue A has a silent door, gaps and more; venue
		// 77 a silent door among the fleet's unchecked and overrides.
		first := regexp.MustCompile(`<td><a href="/ui/venues/([^"]+)">`).FindAllStringSubmatch(page, 3)
		if len(first) < 2 || first[0][1] != venueA || first[1][1] != "venue-00077" {
			t.Errorf("alarms first: %v", first)
		}
		_, next := e.page("/ui/?from=50", opSecret)
		if !strings.HasPrefix(pagerText(next), "Rows 51–100 of 131") || !strings.Contains(next, `class="prev"`) {
			t.Errorf("second page: %q", pagerText(next))
		}
		_, last := e.page("/ui/?from=100", opSecret)
		if !strings.HasPrefix(pagerText(last), "Rows 101–131 of 131") || strings.Contains(last, `class="next"`) {
			t.Errorf("last page: %q", pagerText(last))
		}
		_, found := e.page("/ui/?q=VENUE-0012", opSecret)
		if !strings.HasPrefix(pagerText(found), "Rows 1–10 of 10") || !strings.Contains(found, "venue-00129") {
			t.Errorf("search: %q", pagerText(found))
		}
		_, byName := e.page("/ui/?sort=name&desc=1", opSecret)
		if names := regexp.MustCompile(`<td><a href="/ui/venues/([^"]+)">`).FindAllStringSubmatch(byName, 1); len(names) != 1 ||
			names[0][1] != venueA {
			t.Errorf("by name, Z to A: %v", names)
		}
		// The silent devices: two among 653, each said.
		_, silent := e.page("/ui/alarms", opSecret)
		if !strings.HasPrefix(pagerText(silent), "Rows 1–2 of 2") || !strings.Contains(silent, "/ui/venues/venue-00077/devices/back") ||
			!strings.Contains(silent, "quiet-door") || !strings.Contains(silent, "653 devices, 2 silent") {
			t.Errorf("silent devices: %q", pagerText(silent))
		}
		_, all := e.page("/ui/devices?sort=name&q=v00003", opSecret)
		if !strings.HasPrefix(pagerText(all), "Rows 1–5 of 5") {
			t.Errorf("devices of one venue by search: %q", pagerText(all))
		}
		_, many := e.page("/ui/devices?from=600", opSecret)
		if !strings.HasPrefix(pagerText(many), "Rows 601–650 of 653") {
			t.Errorf("devices, page 13: %q", pagerText(many))
		}
	})
}

// postAction posts an operator's form with the session's CSRF token
// (taken from page) and returns the answer.
func (e *env) postAction(secret, from, action string, form url.Values, edit func(*http.Request)) (int, string) {
	e.t.Helper()
	_, p := e.page(from, secret)
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(p)
	if m == nil {
		e.t.Fatalf("no CSRF token on %s:\n%s", from, p)
	}
	if form.Get("csrf") == "" {
		form.Set("csrf", m[1])
	}
	req, _ := httpRequest("POST", e.ts.URL+action, form.Encode())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Cookie", console.CookieName+"="+e.sessionFor(secret))
	if edit != nil {
		edit(req)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String()
}

// The operator's actions: each asked again, refused without the session's
// CSRF token or from a script's bearer credential, done once confirmed,
// and written to the audit trail with the operator's id.
func TestConsoleActions(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e, _ := consoleScene(t, Options{})
		ctx := context.Background()
		b := e.srv.Backend()
		secret, cred, err := b.AddCredential(ctx, store.KindDevice, venueA, "front kiosk")
		if err != nil {
			t.Fatal(err)
		}
		from := "/ui/venues/" + venueA
		// Asked first: nothing done yet.
		code, p := e.postAction(opSecret, from, "/ui/actions/revoke-credential", url.Values{"id": {cred.ID}}, nil)
		if code != 200 || !strings.Contains(p, `id="question"`) || !strings.Contains(p, "device token "+cred.ID+" of venue "+venueA) {
			t.Fatalf("revoke without confirming: %d\n%s", code, p)
		}
		if _, err := b.Authenticate(ctx, secret); err != nil {
			t.Fatalf("the token was revoked before the confirmation: %v", err)
		}
		// Without the token, from another site, or by a bearer credential:
		// refused.
		for name, edit := range map[string]func(*http.Request){
			"no token":   nil,
			"cross-site": func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") },
			"bearer": func(r *http.Request) {
				r.Header.Del("Cookie")
				r.Header.Set("Authorization", "Bearer "+opSecret)
			},
		} {
			form := url.Values{"id": {cred.ID}, "confirm": {"yes"}}
			if name == "no token" {
				form.Set("csrf", "forged")
			}
			if code, _ := e.postAction(opSecret, from, "/ui/actions/revoke-credential", form, edit); code != http.StatusForbidden {
				t.Errorf("%s: %d, want 403", name, code)
			}
		}
		if _, err := b.Authenticate(ctx, secret); err != nil {
			t.Fatalf("a refused form revoked the token: %v", err)
		}
		// Confirmed: done, and the device is refused.
		code, p = e.postAction(opSecret, from, "/ui/actions/revoke-credential", url.Values{"id": {cred.ID}, "confirm": {"yes"}}, nil)
		if code != 200 || !strings.Contains(p, `id="notice"`) {
			t.Fatalf("confirmed revocation: %d\n%s", code, p)
		}
		if c, _ := e.call("GET", "/v1/venues/"+venueA+"/occupancy", secret, nil); c != http.StatusUnauthorized {
			t.Errorf("the revoked token still works: %d", c)
		}
		if _, p := e.page(from, opSecret); strings.Contains(p, `id="revoke-`+cred.ID+`"`) {
			t.Error("the venue page still offers to revoke a revoked token")
		}
		// A configured operator is listed, not revocable.
		_, creds := e.page("/ui/credentials", opSecret)
		if !strings.Contains(creds, "test operator") || !strings.Contains(creds, `<span class="ok">you</span>`) {
			t.Errorf("the credentials page does not list the logged-in configured operator:\n%s", creds)
		}
		static := b.ConfiguredCredentials(store.KindOperator)
		if code, _ := e.postAction(opSecret, "/ui/credentials", "/ui/actions/revoke-credential",
			url.Values{"id": {static[0].ID}, "confirm": {"yes"}}, nil); code != http.StatusConflict {
			t.Errorf("revoking a configured operator: %d, want 409", code)
		}
		// Capacity, confirmed; a bad one refused.
		if code, _ := e.postAction(opSecret, from, "/ui/actions/capacity", url.Values{"venue": {venueA}, "capacity": {"-3"}, "confirm": {"yes"}}, nil); code != 400 {
			t.Errorf("capacity -3: %d", code)
		}
		if code, _ := e.postAction(opSecret, from, "/ui/actions/capacity", url.Values{"venue": {venueA}, "capacity": {"25"}, "confirm": {"yes"}}, nil); code != 200 {
			t.Errorf("capacity 25: %d", code)
		}
		var occ wire.Occupancy
		e.callJSON("GET", "/v1/venues/"+venueA+"/occupancy", tokA, nil, 200, &occ)
		if occ.Capacity != 25 {
			t.Errorf("the doors see capacity %d, want 25", occ.Capacity)
		}
		// An enrolment code: shown once, as a QR code and text.
		code, p = e.postAction(opSecret, from, "/ui/actions/enrol-code", url.Values{"venue": {venueA}, "door": {"side"},
			"mode": {"exit"}, "ttl": {"2h"}, "confirm": {"yes"}}, nil)
		if code != 200 || !strings.Contains(p, `id="enrol-qr"><svg`) || !regexp.MustCompile(`id="enrol-code">[A-Z0-9]{4}-`).MatchString(p) {
			t.Errorf("enrolment code page %d:\n%s", code, p)
		}
		if strings.Contains(p, `http-equiv="refresh"`) {
			t.Error("the code page reloads itself (a GET of the form's address)")
		}
		// Keys and a pass.
		if code, _ := e.postAction(opSecret, "/ui/keys", "/ui/actions/rotate-keys", url.Values{"grace": {"1h"}, "confirm": {"yes"}}, nil); code != 200 {
			t.Errorf("rotate: %d", code)
		}
		issued := issueVia(e, "900101300017", holder(t))
		if code, _ := e.postAction(opSecret, "/ui/keys", "/ui/actions/revoke-pass", url.Values{"pass": {issued.PassID}, "confirm": {"yes"}}, nil); code != 200 {
			t.Errorf("revoke pass: %d", code)
		}
		if code, _ := e.postAction(opSecret, "/ui/keys", "/ui/actions/revoke-pass", url.Values{"pass": {strings.Repeat("ab", 16)}, "confirm": {"yes"}}, nil); code != 404 {
			t.Errorf("revoke an unknown pass: %d", code)
		}
		// The trail names the operator for each.
		entries, _, err := b.Audit(ctx, audit.Query{Limit: 1000}, false, "test")
		if err != nil {
			t.Fatal(err)
		}
		opID := static[0].ID
		want := map[audit.Kind]bool{backend.EventCredentialRevoked: false, backend.EventOperatorCapacity: false,
			backend.EventOwnerEnrolCode: false, backend.EventKeysRotated: false, backend.EventPassRevoked: false, backend.EventRecordsRead: false}
		for _, en := range entries {
			if _, ok := want[en.Kind]; ok && en.Actor == opID {
				want[en.Kind] = true
			}
		}
		for k, ok := range want {
			if !ok {
				t.Errorf("no %s entry by %s in the trail", k, opID)
			}
		}
		// The audit page shows them, IINs masked.
		_, trail := e.page("/ui/audit", opSecret)
		if !strings.Contains(trail, "operator.venue_capacity") || !strings.Contains(trail, "capacity 10 -&gt; 25") {
			t.Errorf("audit page:\n%s", trail)
		}
		if strings.Contains(trail, "900101300017") {
			t.Error("the audit page shows a full IIN")
		}
	})
}

// An owner's session opens none of the console's pages nor actions, and
// an operator's console reads venue pages once per ten minutes into the
// trail, not once per reload.
func TestConsoleRoutesNeedAnOperator(t *testing.T) {
	e, clock := consoleScene(t, Options{})
	ctx := context.Background()
	ownerSecret, _, err := e.srv.Backend().AddCredential(ctx, store.KindOwner, venueA, "owner")
	if err != nil {
		t.Fatal(err)
	}
	routes := console.New(e.srv.Backend(), console.Options{}).Routes()
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt, " ")
		path = strings.NewReplacer("{venue}", venueA, "{device}", "busy-door", "{$}", "").Replace(path)
		for _, who := range []string{"", tokA, ownerSecret} {
			req, _ := httpRequest(method, e.ts.URL+path, "id=x&confirm=yes&venue="+venueA+"&capacity=1")
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if who != "" {
				req.Header.Set("Authorization", "Bearer "+who)
			}
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode < 300 || resp.StatusCode >= 400 {
				t.Errorf("%s as %q: %d, want a redirect to the login", rt, who, resp.StatusCode)
			}
		}
	}
	if v, _ := e.srv.Backend().Venue(ctx, venueA); v.Capacity != 10 {
		t.Errorf("capacity changed to %d without an operator", v.Capacity)
	}
	reads := func() int {
		es, _, err := e.srv.Backend().Audit(ctx, audit.Query{Kind: string(backend.EventRecordsRead), Limit: 1000}, false, "t")
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	for range 3 {
		e.page("/ui/venues/"+venueA, opSecret)
	}
	if n := reads(); n != 1 {
		t.Errorf("three looks at a venue page: %d read entries, want 1", n)
	}
	clock.add(11 * time.Minute)
	e.page("/ui/venues/"+venueA, opSecret)
	if n := reads(); n != 2 {
		t.Errorf("a look eleven minutes later: %d read entries, want 2", n)
	}
}
