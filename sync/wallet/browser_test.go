package wallet_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"image"
	_ "image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/wallet"
	"github.com/ashyq/kiosk/sync/wallet/browsertest"
	"github.com/ashyq/kiosk/sync/wire"
)

// standIn serves the wallet and a minimal wallet API (one code for one
// IIN, passes signed by a real issuer), enough to drive the page.
func standIn(t *testing.T) (*httptest.Server, pass.Keys) {
	t.Helper()
	h := wallet.New()
	if !h.Built() {
		t.Skip("the wallet is not built (make wallet)")
	}
	seed := sha256.Sum256([]byte("wallet stand-in issuer"))
	key := ed25519.NewKeyFromSeed(seed[:])
	is, err := pass.NewIssuer("0a0b0c0d", key)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/wallet/", h)
	mux.HandleFunc("POST /v1/wallet/enrol", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			IIN, Code string
			HolderKey []byte `json:"holder_key"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		w.Header().Set("Content-Type", "application/json")
		if req.Code != "12345678" {
			w.WriteHeader(403)
			json.NewEncoder(w).Encode(map[string]any{"error": "wrong code", "reason": "wrong-code", "time": time.Now()})
			return
		}
		now := time.Now().UTC().Truncate(time.Second)
		p, id, err := is.Issue(pass.Claims{IIN: req.IIN, Status: wire.Green, IssuedAt: now, ValidUntil: now.Add(24 * time.Hour), Holder: req.HolderKey})
		if err != nil {
			w.WriteHeader(400)
			json.NewEncoder(w).Encode(map[string]any{"error": err.Error()})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"pass": p, "pass_id": id, "kid": "0a0b0c0d", "status": "green",
			"valid_until": now.Add(24 * time.Hour), "time": time.Now()})
	})
	mux.HandleFunc("POST /v1/wallet/pass", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"state": "current", "time": time.Now()})
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts, keySet{"0a0b0c0d": {KID: "0a0b0c0d", Alg: "EdDSA", PublicKey: key.Public().(ed25519.PublicKey)}}
}

type keySet map[string]wire.IssuerKey

func (k keySet) IssuerKey(kid string) (wire.IssuerKey, bool) { v, ok := k[kid]; return v, ok }

func decodePNG(t *testing.T, png []byte) string {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code in the screenshot: %v", err)
	}
	return res.GetText()
}

// enrolled opens the wallet and enrols with the stand-in's code.
func enrolled(t *testing.T, ts *httptest.Server, o browsertest.Options) *browsertest.Phone {
	t.Helper()
	ph := browsertest.New(t, o)
	ph.Open(ts.URL + "/wallet/")
	ph.WaitFor("the enrolment form", `document.querySelector("#enrol")`, 20*time.Second)
	ph.Type("#iin", "900101300017")
	ph.Type("#enrol-code", "12345678")
	ph.Click("#enrol-submit")
	ph.WaitFor("a code", `document.querySelector("#code")?.dataset.code`, 20*time.Second)
	return ph
}

func shownCode(ph *browsertest.Phone) string {
	var text string
	ph.Eval(`document.querySelector("#code")?.dataset.code || ""`, &text)
	return text
}

func verify(t *testing.T, keys pass.Keys, text string, now time.Time, venue string) pass.Verified {
	t.Helper()
	c, err := pass.Parse(text)
	if err != nil {
		t.Fatalf("parse %q: %v", text, err)
	}
	v := pass.Verifier{Keys: keys, Replay: pass.NewReplay(), Venue: venue}
	got, err := v.Verify(c, now)
	if err != nil || got.IIN != "900101300017" || got.Status != wire.Green {
		t.Fatalf("verify: %+v %v", got, err)
	}
	return got
}

func TestWalletInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ts, keys := standIn(t)
	ph := enrolled(t, ts, browsertest.Options{Lang: "ru"})
	text := shownCode(ph)
	verify(t, keys, text, time.Now(), "")
	png := ph.Screenshot()
	if dir := os.Getenv("WALLET_SHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "stand-in.png"), png, 0o644)
	}
	if shot := decodePNG(t, png); shot != text {
		t.Errorf("the screenshot holds %q, the page %q", shot, text)
	}
	if errs := ph.Errors(); len(errs) > 0 {
		t.Errorf("page errors: %q", errs)
	}
}

// Time going by (a fake clock): every 30 s a new code, each verifying at its
// own time; a visitor's "new code now" makes another within the second.
func TestCodesRotate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ts, keys := standIn(t)
	ph := enrolled(t, ts, browsertest.Options{})
	first := shownCode(ph)
	ph.SetClock(30 * time.Second)
	ph.WaitFor("the next code", fmt.Sprintf(`document.querySelector("#code")?.dataset.code !== %q`, first), 5*time.Second)
	second := shownCode(ph)
	a, b := verify(t, keys, first, time.Now(), ""), verify(t, keys, second, ph.Now(), "")
	if d := b.ProofAt.Sub(a.ProofAt); d < 29*time.Second || d > 33*time.Second {
		t.Errorf("proofs %s apart, want 30 s", d)
	}
	ph.Click("#new-code")
	ph.WaitFor("a new code", fmt.Sprintf(`(c => c && c !== %q)(document.querySelector("#code")?.dataset.code)`, second), 5*time.Second)
}

// A wall clock set wrong: a few minutes are corrected (the codes verify at
// the right time and the visitor is told); hours are not, and the wallet
// says the clock is wrong instead of showing a code.
func TestWrongClock(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ts, keys := standIn(t)
	ph := enrolled(t, ts, browsertest.Options{})
	ph.SetWallClock(4 * time.Minute)
	ph.Open(ts.URL + "/wallet/") // a new session: the saved offset, then a new reading
	ph.WaitText("#clock-note", "4 min ahead", 10*time.Second)
	verify(t, keys, shownCode(ph), time.Now(), "")

	ph.SetWallClock(-3 * time.Hour)
	ph.Open(ts.URL + "/wallet/")
	ph.WaitText("#problem", "behind", 10*time.Second)
	if c := shownCode(ph); c != "" {
		t.Errorf("a code shown on a clock 3 h behind: %.40s", c)
	}
	if s := ph.Text("#problem"); !strings.Contains(s, "3 h") || !strings.Contains(s, "automatic") {
		t.Errorf("problem: %q", s)
	}
}

// A venue's door code binds the proofs to it: another venue refuses them.
func TestVenueCode(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ts, keys := standIn(t)
	ph := enrolled(t, ts, browsertest.Options{})
	ph.Click("#venue-scan")
	ph.Type("#venue-input", "hello")
	ph.Click("#venue-save")
	ph.WaitText("#venue-error", "AQV1:", 5*time.Second)
	ph.Type("#venue-input", "AQV1:demo-cafe/main/entrance")
	ph.Click("#venue-save")
	ph.WaitText("#venue", "demo-cafe", 5*time.Second)
	ph.WaitFor("a bound code", `document.querySelector("#code")?.dataset.code`, 5*time.Second)
	text := shownCode(ph)
	verify(t, keys, text, time.Now(), "demo-cafe")
	c, _ := pass.Parse(text)
	v := pass.Verifier{Keys: keys, Venue: "other-gym"}
	if _, err := v.Verify(c, time.Now()); err == nil || !strings.Contains(err.Error(), string(pass.ReasonOtherVenue)) {
		t.Errorf("another venue: %v", err)
	}
}

// Site data cleared: the wallet says its pass is gone and asks for a new
// enrolment.
func TestStorageCleared(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ts, _ := standIn(t)
	ph := enrolled(t, ts, browsertest.Options{})
	ph.ClearStorage(ts.URL)
	ph.WaitFor("the enrolment form", `document.querySelector("#enrol")`, 10*time.Second)
	ph.Open(ts.URL + "/wallet/")
	ph.WaitFor("the enrolment form", `document.querySelector("#enrol")`, 10*time.Second)
	if s := ph.Text("#app"); !strings.Contains(s, "Get your pass") {
		t.Errorf("after clearing: %q", s)
	}
}

// Loaded once, the wallet opens and shows its code with the server gone.
func TestOfflineOnceLoaded(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ts, keys := standIn(t)
	ph := enrolled(t, ts, browsertest.Options{})
	ph.WaitFor("the service worker", `navigator.serviceWorker.controller`, 10*time.Second)
	ts.Close()
	ph.Open(ts.URL + "/wallet/")
	ph.WaitFor("a code", `document.querySelector("#code")?.dataset.code`, 20*time.Second)
	verify(t, keys, shownCode(ph), time.Now(), "")
	ph.WaitText("#net", "Offline", 10*time.Second)
}
