package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/store/storetest"
	"github.com/ashyq/kiosk/sync/wallet/browsertest"
	"github.com/ashyq/kiosk/sync/wire"
)

// TestOperatorRunsTheFleet is the operator's console in chromium over a
// fleet of 400 venues and 2,000 kiosks (all checking health but one door
// silent for two hours) and a real kiosk: the operator pages the venue
// list (alarms first), finds the silent door, issues an enrolment code the
// new kiosk reads from a screenshot, sets the venue's capacity, revokes
// the kiosk's token and sees the kiosk report TOKEN REFUSED, and reads it
// all back on the audit page. CONSOLE_SCREENS=DIR also writes the pages
// as DIR/console-*.png (make console-screens).
func TestOperatorRunsTheFleet(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	const opSecret = "console-test-operator-secret-0123456789abcdef"
	srv, err := server.Open(server.Options{DataDir: t.TempDir(), Operators: map[string]string{opSecret: "night operator"},
		FleetMaxAge: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.HandlerWithConsole(), ReadHeaderTimeout: 5 * time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	base := "http://" + ln.Addr().String()
	ctx := context.Background()
	b := srv.Backend()
	now := time.Now()
	fleet := storetest.Fleet{Venues: 400, Devices: 2000, Events: 8000, Busy: 400, End: now.Add(-time.Minute), Workers: 4}
	if err := storetest.SeedFleet(ctx, srv.Store(), fleet, nil); err != nil {
		t.Fatal(err)
	}
	for v := range fleet.Venues {
		for d := range fleet.Devices / fleet.Venues {
			b.NoteContact(storetest.FleetVenue(v), storetest.FleetDevice(v, d))
		}
	}
	quiet := wire.Event{ID: "quiet-1", Device: "back-door", Seq: 1, Venue: "venue-00123", Door: "back", Kind: wire.Entry,
		IIN: "900101300017", Status: wire.Green, Source: wire.SourceOnline, ScannedAt: now.Add(-2 * time.Hour)}
	if _, err := srv.Store().Ingest(ctx, quiet.Venue, []wire.Event{quiet}, now.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.PutVenue(ctx, "north-cafe", backend.VenueSettings{}); err != nil {
		t.Fatal(err)
	}
	screens := os.Getenv("CONSOLE_SCREENS")
	shoot := func(ph *browsertest.Phone, name string) {
		if screens != "" {
			if err := os.WriteFile(filepath.Join(screens, "console-"+name+".png"), ph.Screenshot(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	ph := browsertest.New(t, browsertest.Options{Width: 1400, Height: 1000})
	ph.Open(base + "/ui/login")
	ph.WaitFor("the login form", `document.querySelector("#credential")`, 30*time.Second)
	shoot(ph, "login")
	ph.Type("#credential", opSecret)
	ph.Click("#login")
	ph.WaitFor("the venue list", `document.querySelector("#venues")`, 30*time.Second)
	shoot(ph, "venues")
	if got := ph.Text("#pager"); !strings.HasPrefix(got, "Rows 1–50 of 401") {
		t.Errorf("venue list pager %q", got)
	}
	if got := ph.Text("#venues tr:nth-child(2) td:first-child"); got != "venue-00123" {
		t.Errorf("first venue, alarms first: %q, want venue-00123 (a silent door)", got)
	}
	ph.Click("#pager .next")
	ph.WaitText("#pager", "Rows 51–100 of 401", 30*time.Second)
	ph.Type("#q", "north")
	ph.Click("#search")
	ph.WaitText("#pager", "Rows 1–1 of 1", 30*time.Second)

	// The silent door among 2,001 devices.
	ph.Click(`header a[href="/ui/alarms"]`)
	ph.WaitText("#pager", "Rows 1–1 of 1", 30*time.Second)
	shoot(ph, "silent")
	ph.Click(`#devices a[href="/ui/venues/venue-00123/devices/back-door"]`)
	ph.WaitText("#silent", "SILENT for 2h", 30*time.Second)

	// A new kiosk for north-cafe: the operator issues the code, the kiosk
	// reads it from a screenshot of the page.
	ph.Open(base + "/ui/venues/north-cafe")
	ph.Type("#door", "north")
	ph.Click("#issue-code")
	ph.WaitFor("the confirmation", `document.querySelector("#question")`, 30*time.Second)
	if q := ph.Text("#question"); !strings.Contains(q, `door "north" of venue north-cafe`) {
		t.Errorf("confirmation %q", q)
	}
	shoot(ph, "confirm")
	ph.Click("#confirm")
	ph.WaitFor("the enrolment code", `document.querySelector("#enrol-qr svg")`, 30*time.Second)
	shot := filepath.Join(t.TempDir(), "code.png")
	png := ph.Screenshot()
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	shoot(ph, "enrol-code")
	out, errOut, code := runKiosk(t, "", "decode", "--reveal", shot)
	_, payload, ok := strings.Cut(strings.TrimRight(out, "\n"), "\t")
	if code != 0 || !ok || !strings.HasPrefix(payload, "AQE1:") || !strings.HasSuffix(payload, ":"+base) {
		t.Fatalf("decode of the code page: exit %d %q %s", code, out, errOut)
	}
	dataDir := t.TempDir()
	cfgPath := filepath.Join(t.TempDir(), "kiosk.toml")
	cfg := fmt.Sprintf("[storage]\ndata_dir = %q\n[camera]\ndevice = \"off\"\n[sound]\nenabled = false\n"+
		"[sync]\nbatch_wait = \"50ms\"\nmax_backoff = \"2s\"\npoll_every = \"1s\"\ncheckin_every = \"5s\"\n", dataDir)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	k := startHeadlessKiosk(t, cfgPath)
	enrolled := k.send(t, payload)
	device, _ := enrolled["device"].(string)
	if enrolled["enrolled"] != true || enrolled["venue"] != "north-cafe" || !strings.HasPrefix(device, "north-") {
		t.Fatalf("enrolment line %v\n%s", enrolled, k.stderr.String())
	}
	if v := k.send(t, "900101300017"); v["recorded"] != true || v["verdict"] == "unchecked" {
		t.Fatalf("first visitor at the new kiosk: %v", v)
	}

	// Capacity, confirmed.
	ph.Open(base + "/ui/venues/north-cafe")
	ph.Type("#capacity-input", "5")
	ph.Click("#set-capacity")
	ph.WaitFor("the confirmation", `document.querySelector("#question")`, 30*time.Second)
	ph.Click("#confirm")
	ph.WaitText("#notice", "capacity 5", 30*time.Second)
	ph.Open(base + "/ui/venues/north-cafe")
	if got := ph.Text("#capacity"); got != "5" {
		t.Errorf("capacity shown %q after setting 5", got)
	}
	shoot(ph, "venue")

	// Revoke the new kiosk's token: the kiosk is refused at once.
	waitPage(t, ph, base+"/ui/credentials?kind=device&q="+device, "the kiosk's token listed",
		`document.querySelector("#creds button.danger")`, 60*time.Second)
	shoot(ph, "credentials")
	ph.Click("#creds button.danger")
	ph.WaitFor("the confirmation", `document.querySelector("#question")`, 30*time.Second)
	if q := ph.Text("#question"); !strings.Contains(q, "kiosk "+device) {
		t.Errorf("revocation question %q", q)
	}
	ph.Click("#confirm")
	ph.WaitText("#notice", "Revoked device token", 30*time.Second)
	if v := k.send(t, "850523400026"); v["unchecked"] != "token-refused" {
		t.Errorf("the kiosk after its token was revoked: %v, want unchecked token-refused", v)
	}

	// The audit trail says who did what.
	ph.Open(base + "/ui/audit")
	ph.WaitFor("the trail", `document.querySelector("#audit")`, 30*time.Second)
	shoot(ph, "audit")
	trail := ph.Text("#audit")
	for _, want := range []string{"security.credential_revoked", "operator.venue_capacity", "owner.enrol_code", "records.read",
		"device.enrolled", "security.login"} {
		if !strings.Contains(trail, want) {
			t.Errorf("the audit page has no %s:\n%s", want, trail)
		}
	}
	ph.Open(base + "/ui/keys")
	ph.WaitFor("the keys page", `document.querySelector("#rotate")`, 30*time.Second)
	shoot(ph, "keys")
	for _, page := range []string{"/ui/", "/ui/alarms", "/ui/credentials", "/ui/audit", "/ui/venues/north-cafe"} {
		ph.Open(base + page)
		if body := ph.Text("body"); strings.Contains(body, "900101300017") || strings.Contains(body, "850523400026") {
			t.Errorf("%s shows a full IIN", page)
		}
	}
	if errs := ph.Errors(); len(errs) > 0 {
		t.Errorf("page errors: %q", errs)
	}
}
