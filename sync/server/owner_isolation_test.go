package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/console"
	"github.com/ashyq/kiosk/sync/ownerweb"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// What venue B has that venue A's owner must never see: its name, its
// kiosk and door, its visitor's IIN (masked or not), its owner's id.
const (
	beeKiosk  = "bee-kiosk"
	beeDoor   = "bee-door"
	beePerson = "850523400026"
)

// venueState is everything of venue B an owner could change or read, to
// compare before and after.
func venueState(t *testing.T, e *env) string {
	t.Helper()
	ctx := context.Background()
	b := e.srv.Backend()
	v, err := b.Venue(ctx, venueB)
	if err != nil {
		t.Fatal(err)
	}
	doors, _ := b.Doors(ctx, venueB)
	codes, _ := b.KioskCodes(ctx, venueB)
	for i := range doors {
		doors[i].LastSeen, doors[i].OfflineSince = time.Time{}, time.Time{} // a check-in of ours would move them
	}
	owners, _ := b.Credentials(ctx, store.KindOwner)
	return strings.Join([]string{jsonOf(v), jsonOf(doors), jsonOf(len(codes)), jsonOf(owners)}, "\n")
}

// leaks names what of venue B a body shows.
func leaks(body string, ownerB string) []string {
	var out []string
	for _, s := range []string{venueB, beeKiosk, beeDoor, beePerson, "••••••••0026", ownerB} {
		if strings.Contains(body, s) {
			out = append(out, s)
		}
	}
	return out
}

var linkRe = regexp.MustCompile(`(?:href|action|src)="(/[^"]*)"`)

// crawl collects the same-site links and form actions of pages reached
// from start with client c (at most 200 pages).
func crawl(t *testing.T, get func(path string) (int, string), start ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	queue := append([]string(nil), start...)
	for len(queue) > 0 && len(seen) < 200 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		if strings.HasSuffix(p, ".css") || strings.HasSuffix(p, ".svg") || strings.Contains(p, "download") || strings.Contains(p, "logout") {
			continue
		}
		_, body := get(p)
		for _, m := range linkRe.FindAllStringSubmatch(body, -1) {
			u := strings.ReplaceAll(m[1], "&amp;", "&")
			if !seen[u] {
				queue = append(queue, u)
			}
		}
	}
	return slices.Sorted(func(yield func(string) bool) {
		for p := range seen {
			if !yield(p) {
				return
			}
		}
	})
}

// TestOwnerSeesNoOtherVenue walks every route of every face (the API, the
// operator's console, the owner's pages, the wallet) with venue A's owner's
// credential and session, naming venue B everywhere a route takes a name,
// and checks that nothing of venue B is shown and nothing of it changes.
func TestOwnerSeesNoOtherVenue(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e, _ := consoleScene(t, Options{})
		ctx := context.Background()
		b := e.srv.Backend()
		// Venue B: a kiosk with a visitor, a check-in, a door mode, a code.
		ev := event(venueB, beeKiosk, 1, wire.Entry)
		ev.IIN, ev.Door = beePerson, beeDoor
		e.send(tokB, beeKiosk, ev)
		e.callJSON("POST", "/v1/checkin", tokB, wire.CheckIn{Device: beeKiosk, Door: beeDoor, Mode: "entrance"}, 200, nil)
		b.FlushReports()
		if err := b.SetDoorMode(ctx, "v-b", venueB, beeKiosk, "exit"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := b.NewKioskCode(ctx, "v-b", venueB, beeDoor, "exit", 0); err != nil {
			t.Fatal(err)
		}
		ownerA, ownerB := e.addOwner(venueA), e.addOwner(venueB)
		credB, _ := b.Authenticate(ctx, ownerB)
		before := venueState(t, e)

		// Venue A's owner, logged in.
		a := newOwnerClient(t, e.ts.URL)
		if code := a.login(ownerA); code != http.StatusSeeOther {
			t.Fatalf("owner A login %d", code)
		}
		ownerSession := ""
		for _, c := range a.hc.Jar.Cookies(mustURL(t, e.ts.URL+ownerweb.Path)) {
			if c.Name == ownerweb.CookieName {
				ownerSession = c.Value
			}
		}
		if ownerSession == "" {
			t.Fatal("no owner session cookie")
		}
		checked := 0
		check := func(face, method, path string, code int, body string) {
			t.Helper()
			checked++
			if l := leaks(body, credB.ID); len(l) > 0 {
				t.Errorf("%s %s %s (%d) shows venue B's %v", face, method, path, code, l)
			}
		}
		raw := func(method, path string, hdr map[string]string, form url.Values) (int, string) {
			var body io.Reader = strings.NewReader("{}")
			if form != nil {
				body = strings.NewReader(form.Encode())
			}
			req, _ := http.NewRequest(method, e.ts.URL+path, body)
			for k, v := range hdr {
				req.Header.Set(k, v)
			}
			if form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			} else {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			data, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(data)
		}

		// The API: every path, every method, B's names in every wildcard,
		// the owner's credential as the bearer token.
		fill := strings.NewReplacer("{venue}", venueB, "{device}", beeKiosk, "{id}", credB.ID, "{$}", "")
		public := map[string]bool{"/v1/health": true, "/v1/ready": true, "/v1/enrol": true}
		for _, p := range e.srv.api.Paths() {
			path := fill.Replace(p)
			for _, m := range []string{"GET", "POST", "PUT", "DELETE"} {
				code, body := raw(m, path, map[string]string{"Authorization": "Bearer " + ownerA}, nil)
				check("API", m, path, code, body)
				if code < 300 && !public[path] && !strings.HasPrefix(path, "/v1/wallet") && path != "/metrics" && !strings.HasPrefix(path, "/wallet") {
					t.Errorf("API %s %s with an owner's credential: %d %.200s", m, path, code, body)
				}
			}
		}
		// The console: every page an operator reaches (B's venue and
		// devices in their links), as venue A's owner, with the owner's
		// credential as a bearer token and with the owner's session id in
		// the console's cookie.
		op := func(path string) (int, string) { return e.page(path, opSecret) }
		consolePages := crawl(t, op, "/ui/", "/ui/venues/"+venueB, "/ui/venues/"+venueB+"/devices/"+beeKiosk)
		for _, p := range consolePages {
			if !strings.HasPrefix(p, "/ui/") || strings.HasSuffix(p, ".css") {
				continue
			}
			for _, m := range []string{"GET", "POST"} {
				for _, hdr := range []map[string]string{{"Authorization": "Bearer " + ownerA},
					{"Cookie": console.CookieName + "=" + ownerSession}} {
					code, body := raw(m, p, hdr, url.Values{})
					check("console", m, p, code, body)
					if code < 300 && p != "/ui/login" {
						t.Errorf("console %s %s as venue A's owner (%v): %d", m, p, hdr, code)
					}
				}
			}
		}
		// The owner's pages: every page venue B's owner reaches (B's kiosk
		// in the form actions), replayed by venue A's owner, with B's name
		// in the query too.
		bOwner := newOwnerClient(t, e.ts.URL)
		if code := bOwner.login(ownerB); code != http.StatusSeeOther {
			t.Fatalf("owner B login %d", code)
		}
		ownerPages := crawl(t, bOwner.get, "/owner/", "/owner/settings", "/owner/visits", "/owner/codes", "/owner/doors/new", "/owner/export")
		if !slices.Contains(ownerPages, "/owner/doors/"+beeKiosk+"/mode") {
			t.Fatalf("the crawl of B's pages missed its door's form: %v", ownerPages)
		}
		for _, rt := range ownerweb.New(b, ownerweb.Options{}).Routes() {
			_, p, _ := strings.Cut(rt, " ")
			ownerPages = append(ownerPages, fill.Replace(p))
		}
		a.get("/owner/settings") // a CSRF token of A's
		for _, p := range ownerPages {
			if !strings.HasPrefix(p, "/owner/") || p == "/owner/logout" || p == "/owner/login" {
				continue // the session's own doors: walked last, below
			}
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			for _, q := range []string{p, p + sep + "venue=" + venueB} {
				code, body, _ := a.do("GET", q, nil)
				check("owner", "GET", q, code, body)
				code, body = a.post(q, url.Values{"mode": {"entrance"}, "capacity": {"99"}, "door": {"side"}, "offline_policy": {"admit"}})
				check("owner", "POST", q, code, body)
			}
		}
		for _, p := range []string{"/owner/login", "/owner/logout"} {
			code, body := a.post(p, url.Values{"credential": {ownerB}})
			check("owner", "POST", p, code, body)
		}
		// The wallet's page is public and venue-free.
		code, body := raw("GET", "/wallet/", map[string]string{"Authorization": "Bearer " + ownerA}, nil)
		check("wallet", "GET", "/wallet/", code, body)

		if after := venueState(t, e); after != before {
			t.Errorf("venue B changed:\nbefore %s\nafter  %s", before, after)
		}
		// A's own venue did take A's changes (the walk reached the forms).
		if v, _ := b.Venue(ctx, venueA); v.Capacity != 99 {
			t.Errorf("venue A's capacity %d: the walk's forms did not reach A's own settings", v.Capacity)
		}
		if checked < 100 {
			t.Errorf("only %d requests checked", checked)
		}
	})
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
