package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/wallet/browsertest"
)

// The wallet's own behaviour and its bad input, in chromium against the
// reference upstream in this process: what the visitor sees, and that every
// code shown verifies with the kiosk's pass code.

// verifyAt checks a code the page showed with sync/pass, as a kiosk at
// venue would at time at.
func verifyAt(t *testing.T, u *walletUpstream, text string, at time.Time, venue string) (pass.Verified, error) {
	t.Helper()
	keys, err := u.srv.Keys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, err := pass.Parse(text)
	if err != nil {
		t.Fatalf("parse %.40q: %v", text, err)
	}
	v := pass.Verifier{Keys: keyList(keys), Venue: venue}
	return v.Verify(c, at)
}

func enrolForm(t *testing.T, ph *browsertest.Phone, u *walletUpstream, person, code string) {
	t.Helper()
	ph.Open(u.URL + "/wallet/")
	ph.WaitFor("the enrolment form", `document.querySelector("#enrol")`, 30*time.Second)
	ph.Type("#iin", person)
	ph.Type("#enrol-code", code)
	ph.Click("#enrol-submit")
}

// Wrong, reused and expired codes, too many tries and a bad IIN: each says
// what happened, in the visitor's language, and no pass is made.
func TestWalletEnrolmentRefusals(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	u := startWalletUpstream(t)
	ph := browsertest.New(t, browsertest.Options{})
	const person = "950630400059"
	code := u.code(t, person)
	wrong := "00000000"
	if strings.ReplaceAll(code, " ", "") == wrong {
		wrong = "11111111"
	}
	enrolForm(t, ph, u, person, wrong)
	ph.WaitText("#enrol-error", "4 tries left", 30*time.Second)
	enrolForm(t, ph, u, "950630400058", code)
	ph.WaitText("#enrol-error", "not valid", 30*time.Second)
	for left := 3; left >= 1; left-- {
		enrolForm(t, ph, u, person, wrong)
		ph.WaitText("#enrol-error", "tries left", 30*time.Second)
	}
	enrolForm(t, ph, u, person, wrong)
	ph.WaitText("#enrol-error", "Too many wrong tries", 30*time.Second)
	enrolForm(t, ph, u, person, code) // the right code, too late
	ph.WaitText("#enrol-error", "Too many wrong tries", 30*time.Second)

	// A fresh code works once; a second phone with it is told it was used.
	code = u.code(t, person)
	enrolForm(t, ph, u, person, code)
	ph.WaitFor("a code", `document.querySelector("#code")?.dataset.code`, 30*time.Second)
	other := browsertest.New(t, browsertest.Options{Lang: "kk"})
	enrolForm(t, other, u, person, code)
	other.WaitText("#enrol-error", "пайдаланылған", 30*time.Second)

	// An expired code says so (the upstream's clock moves past its hour).
	code = u.code(t, "010202500042")
	u.skew.Store(int64(2 * time.Hour))
	third := browsertest.New(t, browsertest.Options{Lang: "ru"})
	enrolForm(t, third, u, "010202500042", code)
	third.WaitText("#enrol-error", "истёк", 30*time.Second)
	for _, p := range []*browsertest.Phone{ph, other, third} {
		if errs := p.Errors(); len(errs) > 0 {
			t.Errorf("page errors: %q", errs)
		}
	}
}

// A wall clock set a few minutes wrong is corrected (the codes verify at
// the true time, and the visitor is told); hours wrong, the wallet says so
// and shows no code.
func TestWalletWrongClock(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	u := startWalletUpstream(t)
	ph := enrolPhone(t, u, "900101300017", browsertest.Options{})
	ph.SetWallClock(4 * time.Minute)
	ph.Open(u.URL + "/wallet/") // a new session: the saved offset, then a new reading
	ph.WaitText("#clock-note", "4 min ahead", 30*time.Second)
	if _, err := verifyAt(t, u, pageCode(ph), time.Now(), ""); err != nil {
		t.Errorf("a corrected code: %v", err)
	}
	ph.SetWallClock(-3 * time.Hour)
	ph.Open(u.URL + "/wallet/")
	ph.WaitText("#problem", "3 h behind", 30*time.Second)
	if s := ph.Text("#problem"); !strings.Contains(s, "automatic") {
		t.Errorf("problem: %q", s)
	}
	if c := pageCode(ph); c != "" {
		t.Errorf("a code shown on a clock 3 h behind: %.40s", c)
	}
}

// Offline past the pass's valid-until: no code, and why. Online, the wallet
// renews a pass past half its life.
func TestWalletPassExpiresAndRenews(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	u := startWalletUpstreamWith(t, server.Options{PassTTL: 20 * time.Second})
	ph := enrolPhone(t, u, "900101300017", browsertest.Options{})
	var first string
	ph.Eval(`document.querySelector("#status").dataset.pass`, &first)
	u.skew.Store(int64(11 * time.Second)) // past half the pass's life
	ph.SetClock(11 * time.Second)
	ph.Eval(`dispatchEvent(new Event("online"))`, nil)
	ph.WaitFor("a renewed pass", `(p => p && p !== `+jsString(first)+`)(document.querySelector("#status")?.dataset.pass)`, 30*time.Second)
	if _, err := verifyAt(t, u, nextCode(t, ph), time.Now().Add(11*time.Second), ""); err != nil {
		t.Errorf("the renewed pass's code: %v", err)
	}

	u.stop()
	ph.SetClock(45 * time.Second) // past the renewed pass's 20 s, offline
	ph.WaitText("#problem", "expired", 30*time.Second)
	if c := pageCode(ph); c != "" {
		t.Errorf("a code shown for an expired pass: %.40s", c)
	}
	if s := ph.Text("#problem"); !strings.Contains(s, "Connect to the internet") {
		t.Errorf("expired: %q", s)
	}
}

// The operator revokes the pass: the wallet says so plainly and shows no
// code; a kiosk whose deny list has it refuses the code.
func TestWalletRevoked(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium and the binaries")
	}
	u := startWalletUpstream(t)
	ph := enrolPhone(t, u, "900101300017", browsertest.Options{Lang: "ru"})
	code := pageCode(ph)
	c, err := pass.Parse(code)
	if err != nil {
		t.Fatal(err)
	}
	if err := u.srv.RevokePass(context.Background(), c.ID()); err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, u.URL, t.TempDir(), "wallet-door-2", "")
	out, errOut, exit := runKiosk(t, code+"\n", "--config", cfg, "--headless", "--flush-timeout", "5s")
	if l := decodeLine(t, out); exit != 0 || l.Verdict == "welcome" || l.Reason != "deny-listed" {
		t.Errorf("a revoked pass at the door: exit %d %s %s", exit, out, errOut)
	}
	ph.Eval(`dispatchEvent(new Event("online"))`, nil)
	ph.WaitText("#problem", "отозван", 30*time.Second)
	if c := pageCode(ph); c != "" {
		t.Errorf("a code shown for a revoked pass: %.40s", c)
	}
	ph.Click("#enrol-again")
	ph.WaitFor("the enrolment form", `document.querySelector("#enrol")`, 30*time.Second)
}

// A venue's door code binds the proofs to it: another venue refuses them.
func TestWalletVenueCode(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	u := startWalletUpstream(t)
	ph := enrolPhone(t, u, "900101300017", browsertest.Options{})
	ph.Click("#venue-scan")
	// Headless chromium has no camera: its refusal comes asynchronously.
	ph.WaitText("#venue-camera", "camera", 30*time.Second)
	// Nothing under the visitor's finger moves when the camera's answer
	// arrives (a button that jumps takes the tap meant for another).
	var tops []float64
	ph.Eval(`(() => { const n = document.querySelector("#venue-camera"), b = document.querySelector("#venue-save");
		const t = n.textContent; n.textContent = ""; const before = b.getBoundingClientRect().top;
		n.textContent = t; return [before, b.getBoundingClientRect().top] })()`, &tops)
	if len(tops) != 2 || tops[0] != tops[1] {
		t.Errorf("the camera's note moved the venue button: top %v", tops)
	}
	ph.Type("#venue-input", "hello")
	ph.Click("#venue-save")
	ph.WaitText("#venue-error", "AQV1:", 30*time.Second)
	ph.Type("#venue-input", "AQV1:demo-cafe/main/entrance")
	ph.Click("#venue-save")
	ph.WaitText("#venue", "demo-cafe", 30*time.Second)
	ph.WaitFor("a bound code", `document.querySelector("#code")?.dataset.code`, 30*time.Second)
	text := pageCode(ph)
	if _, err := verifyAt(t, u, text, time.Now(), "demo-cafe"); err != nil {
		t.Errorf("at its venue: %v", err)
	}
	if _, err := verifyAt(t, u, text, time.Now(), "other-gym"); err == nil || !strings.Contains(err.Error(), string(pass.ReasonOtherVenue)) {
		t.Errorf("at another venue: %v", err)
	}
}

// Site data cleared: the pass and key are gone; the wallet asks for a new
// enrolment, and the used code does not work again.
func TestWalletStorageCleared(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	u := startWalletUpstream(t)
	ph := browsertest.New(t, browsertest.Options{})
	code := u.code(t, "900101300017")
	enrolForm(t, ph, u, "900101300017", code)
	ph.WaitFor("a code", `document.querySelector("#code")?.dataset.code`, 30*time.Second)
	ph.ClearStorage(u.URL)
	ph.Open(u.URL + "/wallet/")
	ph.WaitFor("the enrolment form", `document.querySelector("#enrol")`, 30*time.Second)
	if s := ph.Text("#app"); !strings.Contains(s, "Get your pass") {
		t.Errorf("after clearing: %q", s)
	}
	enrolForm(t, ph, u, "900101300017", code)
	ph.WaitText("#enrol-error", "already used", 30*time.Second)
}

// Loaded once, the wallet opens and shows a code with the upstream gone.
func TestWalletOfflineOnceLoaded(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	u := startWalletUpstream(t)
	ph := enrolPhone(t, u, "900101300017", browsertest.Options{})
	ph.WaitFor("the service worker", `navigator.serviceWorker.controller`, 30*time.Second)
	u.stop()
	ph.Open(u.URL + "/wallet/")
	ph.WaitFor("a code", `document.querySelector("#code")?.dataset.code`, 30*time.Second)
	ph.WaitText("#net", "Offline", 30*time.Second)
	if _, err := verifyAt(t, u, pageCode(ph), time.Now(), ""); err != nil {
		t.Errorf("the offline code: %v", err)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
