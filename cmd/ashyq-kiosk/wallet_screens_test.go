package main

import (
	"bytes"
	"compress/gzip"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/draw"

	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/wallet"
	"github.com/ashyq/kiosk/sync/wallet/browsertest"
)

// The wallet's screenshots, in Kazakh, Russian and English at a phone's
// size (390x844), decode with our decoder and with zxing-cpp 3 (npm
// zxing-wasm), at that size and at half of it. WALLET_SCREENS=docs writes
// them as docs/wallet-<lang>.png (make wallet-screens).
func TestWalletScreenshots(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	u := startWalletUpstream(t)
	for _, lang := range []string{"kk", "ru", "en"} {
		ph := enrolPhone(t, u, "900101300017", browsertest.Options{Lang: lang})
		// The same moment of the code's 30 s in every picture.
		ph.WaitFor("the countdown at 25 s", `/ 2[45] /.test(document.querySelector("#next")?.innerText || "")`, 40*time.Second)
		want := pageCode(ph)
		shot := ph.Screenshot()
		if got := pngSize(t, shot); got != image.Pt(390, 844) {
			t.Errorf("%s: screenshot %v, want 390x844", lang, got)
		}
		if dir := os.Getenv("WALLET_SCREENS"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, "wallet-"+lang+".png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		checkDecodes(t, lang, shot, want)
	}
}

// The screenshots committed in docs/ decode with both decoders, at full
// size and at half.
func TestWalletDocsScreenshotsDecode(t *testing.T) {
	for _, lang := range []string{"kk", "ru", "en"} {
		shot, err := os.ReadFile(filepath.Join("..", "..", "docs", "wallet-"+lang+".png"))
		if err != nil {
			t.Fatal(err)
		}
		checkDecodes(t, "docs "+lang, shot, "")
	}
}

// checkDecodes reads the code in shot, and in shot at half size, with
// `ashyq-kiosk decode` and with zxing-cpp 3: want, or any pass when want
// is "".
func checkDecodes(t *testing.T, name string, shot []byte, want string) {
	t.Helper()
	dir := t.TempDir()
	full, half := filepath.Join(dir, "full.png"), filepath.Join(dir, "half.png")
	if err := os.WriteFile(full, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(half, halfSize(t, shot), 0o644); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	out, errOut, _ := runKiosk(t, "", "decode", "--reveal", full, half)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if f, text, ok := strings.Cut(line, "\t"); ok {
			got["ours "+filepath.Base(f)] = text
		}
	}
	for f, text := range zxingRead(t, full, half) {
		got["zxing-cpp "+filepath.Base(f)] = text
	}
	for _, who := range []string{"ours", "zxing-cpp"} {
		for _, f := range []string{"full.png", "half.png"} {
			text := got[who+" "+f]
			if want != "" && text != want {
				t.Errorf("%s, %s at %s: %.40q, want %.40q (%s)", name, who, f, text, want, errOut)
				continue
			}
			if _, err := pass.Parse(text); err != nil {
				t.Errorf("%s, %s at %s: %.40q is not a pass: %v", name, who, f, text, err)
			}
		}
	}
}

// zxingRead runs zxing-cpp 3 (npm zxing-wasm, installed by make test's npm
// ci) on files.
func zxingRead(t *testing.T, files ...string) map[string]string {
	t.Helper()
	script := filepath.Join("..", "..", "sync", "wallet", "web", "test", "zxing-read.mjs")
	if _, err := os.Stat(filepath.Join("..", "..", "node_modules", "zxing-wasm")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("zxing-wasm is not installed: make test runs npm ci first")
		}
		t.Skip("zxing-wasm is not installed (npm ci)")
	}
	var out bytes.Buffer
	cmd := exec.Command("node", append([]string{script}, files...)...)
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("zxing-read: %v", err)
	}
	res := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if f, text, ok := strings.Cut(line, "\t"); ok {
			res[f] = text
		}
	}
	return res
}

func pngSize(t *testing.T, b []byte) image.Point {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return image.Pt(cfg.Width, cfg.Height)
}

// halfSize scales a PNG to half its width and height (Catmull-Rom).
func halfSize(t *testing.T, b []byte) []byte {
	t.Helper()
	src, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	r := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, r.Dx()/2, r.Dy()/2))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, r, draw.Src, nil)
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkWallet reports the wallet's figures: what a phone downloads on
// its first visit (gzip, as the server sends it), the time from opening the
// wallet to its first code on a cold load (nothing cached but the pass:
// every file fetched) and on a warm one (the service worker's copies), and
// the QR version of the code.
func BenchmarkWallet(b *testing.B) {
	h := wallet.New()
	if !h.Built() {
		b.Skip("the wallet is not built (make wallet)")
	}
	var raw, gz int
	for name, n := range h.Files() {
		if strings.HasSuffix(name, ".png") {
			continue
		}
		raw += n
		gz += gzipLen(b, h, name)
	}
	u := startWalletUpstream(b)
	ph := enrolPhone(b, u, "900101300017", browsertest.Options{})
	var version int
	ph.Eval(`+document.querySelector("#code").dataset.version`, &version)
	firstCode := func() float64 {
		ph.Open(u.URL + "/wallet/")
		ph.WaitFor("a code", `performance.getEntriesByName("ashyq-first-code").length`, 30*time.Second)
		var ms float64
		ph.Eval(`performance.getEntriesByName("ashyq-first-code")[0].startTime`, &ms)
		return ms
	}
	var cold, warm, slow float64
	for b.Loop() {
		ph.ClearCaches(u.URL)
		cold += firstCode()
		warm += firstCode()
		// A slow mobile link: 150 ms a round trip, 1.6 Mbit/s (Chrome's "Fast
		// 3G" preset), everything fetched again.
		ph.ClearCaches(u.URL)
		ph.Throttle(150*time.Millisecond, 1.6e6/8)
		slow += firstCode()
		ph.Throttle(0, 0)
	}
	b.ReportMetric(float64(gz)/1024, "gzip_KiB")
	b.ReportMetric(float64(raw)/1024, "raw_KiB")
	b.ReportMetric(cold/float64(b.N), "cold_first_code_ms")
	b.ReportMetric(warm/float64(b.N), "warm_first_code_ms")
	b.ReportMetric(slow/float64(b.N), "cold_3g_first_code_ms")
	b.ReportMetric(float64(version), "qr_version")
	b.ReportMetric(0, "ns/op")
}

func gzipLen(b *testing.B, h *wallet.Handler, name string) int {
	b.Helper()
	body := h.File(name)
	if body == nil {
		b.Fatalf("no %s", name)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	return min(buf.Len(), len(body))
}
