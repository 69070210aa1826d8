package server

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ashyq/kiosk/sync/console"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// testClock is a clock a test moves; safe to read from handlers.
type testClock struct{ ns atomic.Int64 }

func newTestClock(t time.Time) *testClock {
	c := &testClock{}
	c.ns.Store(t.UnixNano())
	return c
}
func (c *testClock) now() time.Time      { return time.Unix(0, c.ns.Load()).UTC() }
func (c *testClock) add(d time.Duration) { c.ns.Add(int64(d)) }

// consoleScene fills two replicas' shared store (PostgreSQL inside
// bothStores, bbolt otherwise) with what the console shows: venue A with
// capacity 10 and 3 people inside, a door that went quiet two hours ago and
// one that is busy now.
func consoleScene(t *testing.T, opts Options) (*env, *testClock) {
	clock := newTestClock(time.Date(2021, 3, 1, 10, 0, 0, 0, time.UTC))
	opts.Now = clock.now
	opts.Operators = map[string]string{opSecret: "test operator"}
	opts.FleetMaxAge = -1 // every page sees what the test just did
	e := newEnv(t, opts)
	if err := e.srv.Store().PutVenue(context.Background(), store.Venue{Name: venueA, Capacity: 10, Created: clock.now()}); err != nil {
		t.Fatal(err)
	}
	e.send(tokA, "quiet-door", events(venueA, "quiet-door", 1, 2, wire.Entry)...)
	clock.add(2 * time.Hour)
	busy := append(events(venueA, "busy-door", 1, 3, wire.Entry), events(venueA, "busy-door", 4, 2, wire.Exit)...)
	busy = append(busy, event(venueA, "busy-door", 7, wire.Refusal)) // seq 6 is missing: a gap
	e.send(tokA, "busy-door", busy...)
	clock.add(time.Minute)
	return e, clock
}

// The console's pages over HTTP: login, the venue's occupancy, the silence
// alarm, masked IINs, and refusal of device tokens.
func TestConsolePages(t *testing.T) {
	bothStores(t, func(t *testing.T) {
		e, _ := consoleScene(t, Options{})
		get := func(path, cookie string) (int, string) { return e.page(path, cookie) }
		if code, _ := get("/ui/", ""); code != 303 {
			t.Errorf("console without a credential: %d, want a redirect to the login", code)
		}
		if code, _ := get("/ui/", tokA); code != 303 {
			t.Errorf("console with a device token: %d, want a redirect to the login", code)
		}
		code, venue := get("/ui/venues/"+venueA, opSecret)
		if code != 200 || !strings.Contains(venue, `id="inside">3<`) || !strings.Contains(venue, `id="capacity">10<`) {
			t.Errorf("venue page %d:\n%s", code, venue)
		}
		if strings.Contains(venue, "900101300017") || !strings.Contains(venue, "••••••••0017") {
			t.Error("the venue page shows an IIN unmasked, or no masked IIN")
		}
		_, alarms := get("/ui/alarms", opSecret)
		if !strings.Contains(alarms, "quiet-door") || strings.Contains(alarms, "busy-door") {
			t.Errorf("alarms page: want quiet-door only:\n%s", alarms)
		}
		_, dev := get("/ui/venues/"+venueA+"/devices/busy-door", opSecret)
		if !strings.Contains(dev, `id="gaps">6<`) {
			t.Errorf("busy-door's page does not show its gap 6:\n%s", dev)
		}
		if resp, _ := e.login(opSecret, func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }); resp.StatusCode != 403 ||
			len(resp.Cookies()) != 0 {
			t.Errorf("a login form posted from another site: %v", resp)
		}
		if code, _ := get("/ui/venues/"+venueB+"/devices/quiet-door", opSecret); code != 404 {
			t.Errorf("a device under another venue: %d, want 404", code)
		}
	})
}

// page GETs a console page as the holder of secret ("" for nobody): it logs
// in through the login form first (once per secret), and sends the session
// cookie it got, without following redirects. A secret that cannot log in
// sends no cookie.
func (e *env) page(path, secret string) (int, string) {
	e.t.Helper()
	req, _ := httpRequest("GET", e.ts.URL+path, "")
	if id := e.sessionFor(secret); id != "" {
		req.Header.Set("Cookie", console.CookieName+"="+id)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

// sessionFor logs in with secret once and returns the session id ("" when
// the login is refused).
func (e *env) sessionFor(secret string) string {
	e.t.Helper()
	if secret == "" {
		return ""
	}
	if id, ok := e.sessions[secret]; ok {
		return id
	}
	resp, _ := e.login(secret, nil)
	id := ""
	for _, c := range resp.Cookies() {
		if c.Name == console.CookieName && c.MaxAge > 0 {
			id = c.Value
		}
	}
	if e.sessions == nil {
		e.sessions = map[string]string{}
	}
	e.sessions[secret] = id
	return id
}

// loginForm opens the login page and returns its CSRF token and cookie.
func (e *env) loginForm() (token string, cookie *http.Cookie) {
	e.t.Helper()
	resp, err := noRedirect.Get(e.ts.URL + "/ui/login")
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(b.String())
	if m == nil {
		e.t.Fatalf("the login page has no CSRF field:\n%s", b.String())
	}
	for _, c := range resp.Cookies() {
		if c.Name == console.CookieName+"_login" {
			cookie = c
		}
	}
	if cookie == nil {
		e.t.Fatal("the login page set no CSRF cookie")
	}
	return m[1], cookie
}

// login posts the login form with secret, as a browser would (edit, if set,
// changes the request first), and returns the answer (its body read).
func (e *env) login(secret string, edit func(*http.Request)) (*http.Response, string) {
	e.t.Helper()
	tok, cookie := e.loginForm()
	form := url.Values{"credential": {secret}, "csrf": {tok}}
	req, _ := httpRequest("POST", e.ts.URL+"/ui/login", form.Encode())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(cookie)
	if edit != nil {
		edit(req)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp, b.String()
}

// noRedirect shows the console's redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func httpRequest(method, url, body string) (*http.Request, error) {
	return http.NewRequest(method, url, strings.NewReader(body))
}

// chromium finds Debian's chromium; without it the browser test skips,
// except in CI.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (.ci/run installs it)")
	}
	t.Skip("chromium not installed; apt-get install chromium")
	return ""
}

// An operator in a real browser logs in (after a device token is refused),
// reads a venue's occupancy after its kiosks scanned, follows a silent
// device from the alarm list to its page, and after a key rotation and a
// revocation reads both on the keys page.
func TestConsoleInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium; skipped with -short")
	}
	bin := chromium(t)
	e, _ := consoleScene(t, Options{})
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1200, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()

	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for i, st := range steps {
			if err := chromedp.Do(ctx, st); err != nil {
				html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
				t.Fatalf("browser: step %d: %v\n%s", i, err, html)
			}
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("browser: text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	do(chromedp.Navigate(e.ts.URL+"/ui/"),
		chromedp.WaitVisible(chromedp.CSS("#credential")),
		chromedp.SendKeys(chromedp.CSS("#credential"), tokA),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#login-error")))
	loginErr := text("#login-error")
	do(chromedp.SendKeys(chromedp.CSS("#credential"), opSecret),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#venues")),
		chromedp.Click(chromedp.CSS(`a[href="/ui/venues/`+venueA+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#inside")))
	inside, capacity := text("#inside"), text("#capacity")
	body, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("body")))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	do(chromedp.Click(chromedp.CSS(`a[href="/ui/alarms"]`)),
		chromedp.WaitVisible(chromedp.CSS("#devices")),
		chromedp.Click(chromedp.CSS(`#devices a[href="/ui/venues/`+venueA+`/devices/quiet-door"]`)),
		chromedp.WaitVisible(chromedp.CSS("#silent")))
	silent, lastSeen := text("#silent"), text("#last-seen")
	// A key rotation and a revocation, then the keys page from the
	// navigation.
	var rot map[string]string
	e.callJSON("POST", "/v1/keys/rotate?grace=1h", opSecret, nil, http.StatusOK, &rot)
	revoked := issueVia(e, "900101300017", holder(t))
	e.callJSON("POST", "/v1/passes/"+revoked.PassID+"/revoke", opSecret, nil, http.StatusOK, nil)
	do(chromedp.Click(chromedp.CSS(`header a[href="/ui/keys"]`)),
		chromedp.WaitVisible(chromedp.CSS("#denied")))
	cell := func(table string, row, col int) string {
		return text(fmt.Sprintf("#%s tr:nth-child(%d) td:nth-child(%d)", table, row+1, col))
	}
	newKID, newState, oldState := cell("keys", 1, 1), cell("keys", 1, 4), cell("keys", 2, 4)
	deniedID, deniedWhy := cell("denied", 1, 2), cell("denied", 1, 4)
	keysBody, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("body")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(loginErr, "device token") {
		t.Errorf("a device token at the login: %q", loginErr)
	}
	if inside != "3" || capacity != "10" {
		t.Errorf("venue page: inside %q, capacity %q; want 3 and 10", inside, capacity)
	}
	if strings.Contains(body, "900101300017") {
		t.Error("the venue page shows an IIN unmasked")
	}
	if !strings.Contains(silent, "SILENT for 2h1m0s") || lastSeen != "2021-03-01 10:00:00" {
		t.Errorf("silent device page: %q, last seen %q", silent, lastSeen)
	}
	if newKID != rot["kid"] || !strings.HasPrefix(newState, "current") || !strings.HasPrefix(oldState, "in grace for 1h0m0s") {
		t.Errorf("keys page after a rotation: first key %q (%q), second %q; want %s current", newKID, newState, oldState, rot["kid"])
	}
	if deniedID != revoked.PassID || deniedWhy != "revoked by an operator" {
		t.Errorf("keys page after a revocation: %q %q, want %s revoked by an operator", deniedID, deniedWhy, revoked.PassID)
	}
	if strings.Contains(keysBody, "900101300017") {
		t.Error("the keys page shows the revoked pass holder's IIN")
	}
	if _, err := png.Decode(bytes.NewReader(shot)); err != nil {
		t.Errorf("screenshot: %v", err)
	}
	if os.Getenv("ASHYQ_UPDATE_SCREENSHOT") != "" {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "console.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestConsoleListsConfiguredCredentials: the credentials page lists the
// credentials given at start-up beside the store's (it once said
// "Operators: none in the store" with the demo operator logged in, and left
// the demo's device token out), and marks the one logged in.
func TestConsoleListsConfiguredCredentials(t *testing.T) {
	e := newEnv(t, Options{Demo: true, Operators: map[string]string{opSecret: "night shift"}})
	code, body := e.page("/ui/credentials", DemoOperatorToken)
	if code != http.StatusOK {
		t.Fatalf("credentials page: %d", code)
	}
	_, configured, ok := strings.Cut(body, `id="static"`)
	if !ok {
		t.Fatalf("no table of the credentials configured at start-up:\n%s", body)
	}
	configured, _, _ = strings.Cut(configured, "</table>")
	if !strings.Contains(configured, "<td>device</td><td>"+DemoVenue+"</td>") {
		t.Errorf("the demo's device token is not listed:\n%s", configured)
	}
	for _, want := range []string{"demo operator", "night shift"} {
		if !strings.Contains(configured, want) {
			t.Errorf("the configured credentials lack %q:\n%s", want, configured)
		}
	}
	if n := strings.Count(body, `<span class="ok">you</span>`); n != 1 {
		t.Errorf("'you' marks %d credentials:\n%s", n, body)
	}
	if strings.Contains(body, DemoOperatorToken+"<") || strings.Contains(body, opSecret) {
		t.Error("a secret is on the page")
	}
}
