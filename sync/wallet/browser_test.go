package wallet_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"image"
	_ "image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

func TestWalletInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ts, keys := standIn(t)
	ph := browsertest.New(t, browsertest.Options{Lang: "ru"})
	ph.Open(ts.URL + "/wallet/")
	ph.WaitFor("the enrolment form", `document.querySelector("#enrol")`, 20*time.Second)
	ph.Type("#iin", "900101300017")
	ph.Type("#enrol-code", "12345678")
	ph.Click("#enrol-submit")
	ph.WaitFor("a code", `document.querySelector("#code")?.dataset.code`, 20*time.Second)
	var text string
	ph.Eval(`document.querySelector("#code").dataset.code`, &text)
	c, err := pass.Parse(text)
	if err != nil {
		t.Fatalf("parse %q: %v", text, err)
	}
	v := pass.Verifier{Keys: keys, Replay: pass.NewReplay()}
	got, err := v.Verify(c, time.Now())
	if err != nil || got.IIN != "900101300017" || got.Status != wire.Green {
		t.Fatalf("verify: %+v %v", got, err)
	}
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
