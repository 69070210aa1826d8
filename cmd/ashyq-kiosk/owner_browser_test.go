package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wallet/browsertest"
)

// ownerUpstream is the reference upstream in this process with its owner's
// pages, and one venue with an owner's credential.
type ownerUpstream struct {
	srv    *server.Server
	URL    string
	venue  string
	secret string // the owner's credential
}

func startOwnerUpstream(t *testing.T, venue string) *ownerUpstream {
	t.Helper()
	srv, err := server.Open(server.Options{DataDir: t.TempDir()})
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
	secret, _, err := srv.Backend().AddCredential(context.Background(), store.KindOwner, venue, "the owner")
	if err != nil {
		t.Fatal(err)
	}
	return &ownerUpstream{srv: srv, URL: "http://" + ln.Addr().String(), venue: venue, secret: secret}
}

// ownerLogin opens the owner's pages in a desktop-sized browser and logs in.
func ownerLogin(t *testing.T, u *ownerUpstream, secret string) *browsertest.Phone {
	t.Helper()
	ph := browsertest.New(t, browsertest.Options{Width: 1280, Height: 1000})
	ph.Open(u.URL + "/owner/login")
	ph.WaitFor("the login form", `document.querySelector("#credential")`, 30*time.Second)
	ph.Type("#credential", secret)
	ph.Click("#login")
	ph.WaitFor("the owner's page", `document.querySelector("#inside")`, 30*time.Second)
	return ph
}

// waitPage reopens url until the JavaScript condition holds on it: for what
// another process (a kiosk) changes, without waiting for the page's own
// refresh.
func waitPage(t *testing.T, ph *browsertest.Phone, url, what, js string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ph.Open(url)
		var ok bool
		ph.Eval(`!!(`+js+`)`, &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s on %s:\n%s", timeout, what, url, ph.Text("main"))
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// kioskProc is ashyq-kiosk --headless with its stdin and stdout lines.
type kioskProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	stderr strings.Builder
}

func startHeadlessKiosk(t *testing.T, cfg string) *kioskProc {
	t.Helper()
	k := &kioskProc{cmd: exec.Command(kioskBin, "--config", cfg, "--headless", "--flush-timeout", "20s"), lines: make(chan string, 16)}
	k.stdin, _ = k.cmd.StdinPipe()
	out, _ := k.cmd.StdoutPipe()
	k.cmd.Stderr = &k.stderr
	if err := k.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(k.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			k.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() { k.cmd.Process.Kill(); k.cmd.Wait() })
	return k
}

// send writes one line and returns the kiosk's answer, decoded into a map.
func (k *kioskProc) send(t *testing.T, line string) map[string]any {
	t.Helper()
	if _, err := fmt.Fprintln(k.stdin, line); err != nil {
		t.Fatal(err)
	}
	select {
	case l, ok := <-k.lines:
		if !ok {
			t.Fatalf("the kiosk ended:\n%s", k.stderr.String())
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("kiosk line %q: %v", l, err)
		}
		return m
	case <-time.After(60 * time.Second):
		t.Fatalf("no answer from the kiosk in 60 s:\n%s", k.stderr.String())
	}
	return nil
}

// TestOwnerRunsTheVenue is the owner's day in chromium against the real
// upstream and a real kiosk: enrol a new kiosk by showing it the page's
// code (a screenshot read by the kiosk's own decoder, then the kiosk syncs
// with its new token), set the capacity and see the door enforce it, switch
// the door to exit, and export the period as PDF (read back by pdftotext)
// and CSV.
func TestOwnerRunsTheVenue(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	u := startOwnerUpstream(t, "north-cafe")
	ph := ownerLogin(t, u, u.secret)
	if got := ph.Text("#venue"); got != "north-cafe" {
		t.Errorf("venue shown %q", got)
	}

	// Add a door: the page shows a one-time code as a QR code and text.
	ph.Open(u.URL + "/owner/doors/new")
	ph.Type("#door", "north")
	ph.Click("#make-code")
	ph.WaitFor("the enrolment code", `document.querySelector("#enrol-qr svg")`, 30*time.Second)
	shot := filepath.Join(t.TempDir(), "code.png")
	if err := os.WriteFile(shot, ph.Screenshot(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runKiosk(t, "", "decode", "--reveal", shot)
	_, payload, ok := strings.Cut(strings.TrimRight(out, "\n"), "\t")
	if code != 0 || !ok || !strings.HasPrefix(payload, "AQE1:") || !strings.HasSuffix(payload, ":"+u.URL) {
		t.Fatalf("decode of the code page: exit %d %q %s", code, out, errOut)
	}
	if typed := strings.ReplaceAll(ph.Text("#enrol-code"), "-", ""); !strings.Contains(payload, typed) {
		t.Errorf("the text %q is not the QR code's %q", typed, payload)
	}

	// A blank kiosk: no venue, no token, no upstream; the code says all.
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
	if enrolled["enrolled"] != true || enrolled["venue"] != "north-cafe" || enrolled["door"] != "north" || !strings.HasPrefix(device, "north-") {
		t.Fatalf("enrolment line %v\n%s", enrolled, k.stderr.String())
	}
	if fi, err := os.Stat(filepath.Join(dataDir, "enrolment.json")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("enrolment file %v %v: want mode 0600", fi, err)
	}
	if v := k.send(t, "900101300017"); v["verdict"] != "welcome" || v["recorded"] != true {
		t.Fatalf("first visitor %v", v)
	}
	row := fmt.Sprintf(`document.querySelector("#door-%s")`, device)
	waitPage(t, ph, u.URL+"/owner/", "the new door online with its record", row+` && `+row+`.innerText.includes("online") && `+
		row+`.querySelector("td:last-child").innerText.trim().startsWith("1")`, 60*time.Second)
	if ph.Text("#inside") != "1" {
		t.Errorf("inside %q, want 1", ph.Text("#inside"))
	}

	// Capacity 1: the door picks it up without a visit and turns the next
	// person away.
	ph.Open(u.URL + "/owner/settings")
	ph.Type("#capacity", "1")
	ph.Click("#save-settings")
	ph.WaitText("#notice", "Saved", 30*time.Second)
	waitPage(t, ph, u.URL+"/owner/", "the door enforcing capacity 1", row+` && (`+row+`.querySelector(".limit")?.innerText || "") === "limit 1"`, 90*time.Second)
	if v := k.send(t, "850523400026"); v["verdict"] != "full" {
		t.Errorf("a second person at capacity 1: %v", v)
	}

	// The door becomes an exit.
	ph.Open(u.URL + "/owner/settings")
	ph.Eval(fmt.Sprintf(`(() => { document.querySelector("#mode-%s").value = "exit"; return true })()`, device), nil)
	ph.Click("#save-mode-" + device)
	ph.WaitText("#notice", "saved", 30*time.Second)
	waitPage(t, ph, u.URL+"/owner/", "the door working as an exit", row+` && `+row+`.querySelector(".mode").innerText.startsWith("exit")`, 90*time.Second)
	if v := k.send(t, "900101300017"); v["verdict"] != "goodbye" {
		t.Errorf("the visitor leaving: %v", v)
	}
	k.stdin.Close()
	if err := k.cmd.Wait(); err != nil {
		t.Errorf("kiosk exit: %v\n%s", err, k.stderr.String())
	}
	secret := readToken(t, dataDir)
	if strings.Contains(k.stderr.String(), secret) {
		t.Error("the device token was printed")
	}

	// The export for an inspector, as the owner downloads it.
	waitPage(t, ph, u.URL+"/owner/", "every record upstream", `document.querySelector("#exits").innerText === "1"`, 60*time.Second)
	ph.Open(u.URL + "/owner/export")
	pdf := ph.Download("#export-pdf", 60*time.Second)
	text := pdfText(t, pdf)
	for _, want := range []string{"Visits of north-cafe", "••••••••0017", "••••••••0026", "3 records.", "full", "exit (no check)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "900101300017") {
		t.Error("a full IIN in the PDF")
	}
	rows, err := csv.NewReader(strings.NewReader(string(ph.Download("#export-records", 60*time.Second)))).ReadAll()
	if err != nil || len(rows) != 4 || rows[1][3] != device || rows[1][4] != "entry" || rows[3][4] != "exit" || rows[2][5] != "••••••••0026" {
		t.Errorf("records CSV %v %v", rows, err)
	}
	if errs := ph.Errors(); len(errs) > 0 {
		t.Errorf("page errors: %q", errs)
	}
}

func readToken(t *testing.T, dataDir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "enrolment.json"))
	if err != nil {
		t.Fatal(err)
	}
	var e struct{ Token string }
	if err := json.Unmarshal(b, &e); err != nil || !strings.HasPrefix(e.Token, "ashyq_d_") {
		t.Fatalf("enrolment file: %v %q", err, e.Token)
	}
	return e.Token
}

// pdfText runs poppler's pdftotext over a PDF.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is missing (poppler-utils; .ci/run installs it)")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	f := filepath.Join(t.TempDir(), "export.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", f, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}
