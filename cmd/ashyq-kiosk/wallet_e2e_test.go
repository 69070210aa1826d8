package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/wallet"
	"github.com/ashyq/kiosk/sync/wallet/browsertest"
	"github.com/ashyq/kiosk/sync/wire"
)

// walletUpstream is the reference upstream in this process, so the test
// can change a person's status as the registry would, and stop and start
// its listener on the same address as an outage would.
type walletUpstream struct {
	srv  *server.Server
	addr string
	URL  string
	http *http.Server
	skew atomic.Int64 // added to the server's clock (ns)
}

func startWalletUpstream(t testing.TB) *walletUpstream {
	return startWalletUpstreamWith(t, server.Options{})
}

// startWalletUpstreamWith starts the demo upstream with opts (its data
// directory, demo mode and clock are set here).
func startWalletUpstreamWith(t testing.TB, opts server.Options) *walletUpstream {
	t.Helper()
	if !wallet.New().Built() {
		if os.Getenv("CI") != "" {
			t.Fatal("the wallet is not built: make test runs make wallet first")
		}
		t.Skip("the wallet is not built (make wallet)")
	}
	u := &walletUpstream{}
	opts.DataDir, opts.Demo = t.TempDir(), true
	opts.Now = func() time.Time { return time.Now().Add(time.Duration(u.skew.Load())) }
	srv, err := server.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	u.srv = srv
	u.listen(t, "127.0.0.1:0")
	t.Cleanup(func() { u.stop(); srv.Close() })
	return u
}

func (u *walletUpstream) listen(t testing.TB, addr string) {
	t.Helper()
	var ln net.Listener
	var err error
	for range 50 { // the port of a listener just closed may take a moment
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	u.addr = ln.Addr().String()
	u.URL = "http://" + u.addr
	u.http = &http.Server{Handler: u.srv.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go u.http.Serve(ln)
}

// stop ends the listener and every open connection: the upstream is gone.
func (u *walletUpstream) stop() {
	if u.http != nil {
		u.http.Close()
		u.http = nil
	}
}

func (u *walletUpstream) code(t testing.TB, person string) string {
	t.Helper()
	c, err := u.srv.NewEnrolCode(context.Background(), person, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return c.Code
}

// enrol opens the wallet and enrols with a fresh one-time code.
func enrolPhone(t testing.TB, u *walletUpstream, person string, o browsertest.Options) *browsertest.Phone {
	t.Helper()
	ph := browsertest.New(t, o)
	ph.Open(u.URL + "/wallet/")
	ph.WaitFor("the enrolment form", `document.querySelector("#enrol")`, 30*time.Second)
	ph.Type("#iin", person)
	ph.Type("#enrol-code", u.code(t, person))
	ph.Click("#enrol-submit")
	ph.WaitFor("a code", `document.querySelector("#code")?.dataset.code`, 30*time.Second)
	return ph
}

func pageCode(ph *browsertest.Phone) string {
	var s string
	ph.Eval(`document.querySelector("#code")?.dataset.code || ""`, &s)
	return s
}

// nextCode asks the wallet for a new code now and returns it.
func nextCode(t *testing.T, ph *browsertest.Phone) string {
	t.Helper()
	old := pageCode(ph)
	ph.Click("#new-code")
	ph.WaitFor("a new code", fmt.Sprintf(`(c => c && c !== %q)(document.querySelector("#code")?.dataset.code)`, old), 30*time.Second)
	return pageCode(ph)
}

// screenshotCode saves the phone's screen and reads it with the kiosk's
// decoder: what a camera at the door would read.
func screenshotCode(t *testing.T, ph *browsertest.Phone) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "wallet.png")
	if err := os.WriteFile(f, ph.Screenshot(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runKiosk(t, "", "decode", "--reveal", f)
	_, text, ok := strings.Cut(strings.TrimRight(out, "\n"), "\t")
	if code != 0 || !ok {
		t.Fatalf("decode of the wallet's screenshot: exit %d %q %s", code, out, errOut)
	}
	return text
}

// The wallet at a real kiosk: enrol with a one-time code, a screenshot read
// by the kiosk's decoder, WELCOME online, a replay refused, WELCOME from the
// pass with the upstream stopped, and after a status change the kiosk
// (deny list refreshed) refuses the old pass while the wallet says so.
func TestWalletAtTheDoor(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium and the binaries")
	}
	up := startWalletUpstream(t)
	ph := enrolPhone(t, up, "900101300017", browsertest.Options{})
	// The holder key is in IndexedDB and cannot be read out; nothing was
	// fetched from another origin, and no cookie was set.
	var key struct {
		Extractable bool
		Exported    string
		Type        string
	}
	ph.Eval(`new Promise((ok, fail) => {
		const r = indexedDB.open("ashyq-wallet");
		r.onerror = () => fail(r.error);
		r.onsuccess = () => {
			const g = r.result.transaction("kv").objectStore("kv").get("holder");
			g.onsuccess = async () => {
				const k = g.result.privateKey;
				let exported = "refused";
				try { await crypto.subtle.exportKey("pkcs8", k); exported = "exported" } catch {}
				ok({extractable: k.extractable, exported, type: k.algorithm.name});
			};
		};
	})`, &key)
	if key.Extractable || key.Exported != "refused" || key.Type != "Ed25519" {
		t.Errorf("holder key: %+v, want a non-extractable Ed25519 key", key)
	}
	var foreign []string
	ph.Eval(`performance.getEntriesByType("resource").map(e => e.name).filter(n => !n.startsWith(location.origin + "/"))`, &foreign)
	var cookies string
	ph.Eval(`document.cookie`, &cookies)
	if len(foreign) > 0 || cookies != "" {
		t.Errorf("requests to other origins %q, cookies %q", foreign, cookies)
	}
	first := screenshotCode(t, ph)
	if first != pageCode(ph) {
		t.Fatalf("the screenshot reads %.40q, the page shows %.40q", first, pageCode(ph))
	}
	cfg := writeConfig(t, up.URL, t.TempDir(), "wallet-door-1", "[offline]\npolicy = \"deny\"\n")
	out, errOut, code := runKiosk(t, first+"\n"+first+"\n", "--config", cfg, "--headless", "--flush-timeout", "5s")
	if code != 0 {
		t.Fatalf("headless: exit %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if l := decodeLine(t, lines[0]); l.Verdict != "welcome" || l.Source != "online" || l.PassID == "" {
		t.Errorf("the wallet's code online: %s", lines[0])
	}
	if l := decodeLine(t, lines[1]); l.Verdict != "invalid" || l.Reason != "replay" {
		t.Errorf("the same code again: %s", lines[1])
	}

	// The upstream stops: the pass alone gets the visitor in.
	up.stop()
	offline := screenshotCode(t, ph)
	if offline == first {
		offline = nextCode(t, ph)
	}
	out, errOut, code = runKiosk(t, "", "check", "--config", cfg, offline)
	if l := decodeLine(t, out); code != 0 || l.Verdict != "welcome" || l.Source != "pass" {
		t.Fatalf("the wallet's code with the upstream stopped: exit %d %s %s", code, out, errOut)
	}
	ph.Eval(`dispatchEvent(new Event("online"))`, nil) // the wallet checks at once: nobody answers
	ph.WaitText("#net", "Offline", 30*time.Second)

	// Back online; the person's status changes. The kiosk refreshes its
	// deny list; the wallet hears of it and says so.
	up.listen(t, up.addr)
	old := nextCode(t, ph)
	if err := up.srv.SetStatus("900101300017", wire.Red); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runKiosk(t, "900101300017\n", "--config", cfg, "--headless", "--flush-timeout", "5s")
	if code != 0 || !strings.Contains(out, `"status":"red"`) {
		t.Fatalf("kiosk refresh: exit %d %s %s", code, out, errOut)
	}
	up.stop() // judged from the deny list alone
	out, _, _ = runKiosk(t, "", "check", "--config", cfg, "--offline", old)
	if l := decodeLine(t, out); l.Verdict == "welcome" || !strings.Contains(out, "status-changed") {
		t.Errorf("the old pass after the status changed: %s", out)
	}
	up.listen(t, up.addr)
	ph.Eval(`dispatchEvent(new Event("online"))`, nil)
	ph.WaitText("#changed", "RED", 30*time.Second)
	ph.WaitFor("the red pass", `document.querySelector("#status")?.dataset.status === "red"`, 30*time.Second)
	red := nextCode(t, ph)
	out, _, _ = runKiosk(t, red+"\n", "--config", cfg, "--headless", "--flush-timeout", "5s")
	if l := decodeLine(t, out); l.Verdict != "denied" || l.Status != "red" {
		t.Errorf("the renewed red pass: %s", out)
	}
	if errs := ph.Errors(); len(errs) > 0 {
		t.Errorf("page errors: %q", errs)
	}
}

// Codes 30 s apart (a fake clock in the page) differ, and both verify with
// the kiosk's own pass code at their own time.
func TestWalletCodesRotate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	up := startWalletUpstream(t)
	ph := enrolPhone(t, up, "950630400059", browsertest.Options{})
	keys, err := up.srv.Keys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ks := keyList(keys)
	a := screenshotCode(t, ph)
	// The view is drawn every second; its buttons must stay the same
	// elements, or a tap whose press and release straddle a redraw is lost.
	ph.Eval(`(() => { window.kept = ["#new-code", "#venue-scan", "#forget", "#lang-en", "#codebox"].map((s) => document.querySelector(s)); return true })()`, nil)
	ph.SetClock(30 * time.Second)
	ph.WaitFor("the next code", fmt.Sprintf(`document.querySelector("#code")?.dataset.code !== %q`, a), 30*time.Second)
	var lost []string
	ph.Eval(`window.kept.filter((e) => !e || !e.isConnected).map((e) => e ? "#" + e.id : "missing")`, &lost)
	if len(lost) > 0 {
		t.Errorf("redrawn with the next code, these were replaced: %v", lost)
	}
	b := screenshotCode(t, ph)
	if a == b {
		t.Fatal("the same code 30 s later")
	}
	for i, c := range []struct {
		text string
		at   time.Time
	}{{a, time.Now().Add(-30 * time.Second)}, {b, time.Now()}} {
		code, err := pass.Parse(c.text)
		if err != nil {
			t.Fatalf("code %d: %v", i, err)
		}
		v := pass.Verifier{Keys: ks}
		if got, err := v.Verify(code, code.ProofTime.Add(time.Second)); err != nil || got.IIN != "950630400059" {
			t.Errorf("code %d: %+v %v", i, got, err)
		}
	}
}

type keyList []wire.IssuerKey

func (k keyList) IssuerKey(kid string) (wire.IssuerKey, bool) {
	for _, x := range k {
		if x.KID == kid {
			return x, true
		}
	}
	return wire.IssuerKey{}, false
}
