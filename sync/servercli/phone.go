package servercli

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"strings"
	"time"

	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/encoder"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/pass"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

const phoneUsage = `Usage: ashyq-server pass --iin IIN SOURCE [--holder-key FILE] [--venue VENUE] [--png FILE | --once]

Acts as a visitor's phone: holds a holder key, gets a pass for IIN, and shows the
rotating QR code in the terminal (a new proof every 30 s) until Ctrl+C.
  --png FILE   write one frame as a PNG and exit (prints the code text too)
  --once       print one frame's code text and exit
SOURCE is where the pass comes from:
  --demo              sign it here with the demo issuer key (any demo kiosk accepts it)
  --data DIR          sign it with the key in a stopped server's store
  --server URL        ask a running server (POST /v1/passes) with an operator credential
                      in --operator-token-file FILE or $ASHYQ_OPERATOR_TOKEN
`

// phoneMain is `ashyq-server pass`.
func phoneMain(ctx context.Context, args []string, stdout, stderr io.Writer, w Words) int {
	const prog = "ashyq-server pass"
	fs := flag.NewFlagSet("ashyq-server pass", flag.ContinueOnError)
	var t target
	t.register(fs)
	person := fs.String("iin", "", "the holder's `IIN`")
	demo := fs.Bool("demo", false, "sign with the demo issuer key, no server needed")
	keyFile := fs.String("holder-key", "", "`FILE` keeping the holder key between runs (default: a new key each run)")
	venue := fs.String("venue", "", "`VENUE` id to put in the proofs (default: none)")
	pngFile := fs.String("png", "", "write one frame to `FILE` and exit")
	once := fs.Bool("once", false, "print one frame's code text and exit")
	u := w.usage(fs, w.t(phoneUsage), "the server or the store could not be reached, or refused")
	if !w.english() {
		u.Say = func(b cli.BadFlag) string { return w.sayBadFlag(b, "ashyq-server pass --help") }
	}
	if code, done := cli.Parse(fs, args, stdout, stderr, u); done {
		return code
	}
	if fs.NArg() > 0 || iin.Validate(*person) != nil {
		line(stderr, prog, w.f("--iin needs a valid IIN (see --help)"))
		return ExitUsage
	}
	key, err := holderKey(*keyFile)
	if err != nil {
		line(stderr, prog, w.say(err))
		return ExitError
	}
	resp, err := getPass(ctx, t, *demo, *person, key.Public().(ed25519.PublicKey))
	if err != nil {
		line(stderr, prog, w.say(err))
		return ExitUsage
	}
	h, err := pass.NewHolder(resp.Pass, key)
	if err != nil {
		line(stderr, prog, w.say(err))
		return ExitError
	}
	fmt.Fprintln(stderr, w.f("pass %s for %s: %s, valid until %s (key %s)", resp.PassID, iin.Mask(*person),
		resp.Status, resp.ValidUntil.Format(time.RFC3339), resp.KID))
	if *pngFile != "" || *once {
		text, err := h.Show(time.Now(), *venue)
		if err == nil && *pngFile != "" {
			err = writePNG(*pngFile, text)
		}
		if err != nil {
			line(stderr, prog, w.say(err))
			return ExitError
		}
		fmt.Fprintln(stdout, text)
		return ExitOK
	}
	return showRotating(ctx, h, *venue, stdout, stderr)
}

// getPass mints the pass the flags ask for.
func getPass(ctx context.Context, t target, demo bool, person string, holder ed25519.PublicKey) (wire.PassResponse, error) {
	if demo {
		if t.dataDir != "" || t.store != "" || t.server != "" {
			return wire.PassResponse{}, errorf("--demo excludes --data, --store and --server")
		}
		return demoPass(person, holder, time.Now())
	}
	m, err := t.open(ctx, true)
	if err != nil {
		return wire.PassResponse{}, err
	}
	defer m.close()
	switch m := m.(type) {
	case *storeManager:
		return m.b.IssuePass(ctx, person, holder)
	case *apiManager:
		var resp wire.PassResponse
		err := m.call(ctx, "POST", "/v1/passes", wire.PassRequest{IIN: person, HolderKey: holder}, &resp)
		return resp, err
	}
	return wire.PassResponse{}, errors.New("no pass source")
}

// demoPass signs a pass with the demo issuer key and the demo registry.
func demoPass(person string, holder ed25519.PublicKey, now time.Time) (wire.PassResponse, error) {
	is, err := pass.NewIssuer(store.DemoKeyID, ed25519.NewKeyFromSeed(store.DemoKeySeed()))
	if err != nil {
		return wire.PassResponse{}, err
	}
	status := wire.Blue
	if s, ok := server.DemoRegistry[person]; ok {
		status = wire.Status(s)
	}
	now = now.UTC().Truncate(time.Second)
	until := now.Add(backend.DefaultPassTTL)
	p, id, err := is.Issue(pass.Claims{IIN: person, Status: status, IssuedAt: now, ValidUntil: until, Holder: holder})
	return wire.PassResponse{Pass: p, PassID: id, KID: store.DemoKeyID, Status: status, ValidUntil: until}, err
}

// showRotating draws a new code every pass.RotateEvery until ctx ends.
func showRotating(ctx context.Context, h *pass.Holder, venue string, stdout, stderr io.Writer) int {
	for {
		text, err := h.Show(time.Now(), venue)
		if err != nil {
			fmt.Fprintf(stderr, "ashyq-server pass: %v\n", err)
			return ExitError
		}
		art, err := terminalQR(text)
		if err != nil {
			fmt.Fprintf(stderr, "ashyq-server pass: %v\n", err)
			return ExitError
		}
		// Clear the screen, then the code and when it changes.
		fmt.Fprintf(stdout, "\x1b[H\x1b[2J%s\nnew code every %s · %s · Ctrl+C to stop\n", art,
			pass.RotateEvery, time.Now().Format("15:04:05"))
		select {
		case <-ctx.Done():
			return ExitOK
		case <-time.After(pass.RotateEvery):
		}
	}
}

// qrMatrix encodes text at error correction L, as a phone would show it.
func qrMatrix(text string) (*encoder.ByteMatrix, error) {
	qr, err := encoder.Encoder_encodeWithoutHint(text, decoder.ErrorCorrectionLevel_L)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	return qr.GetMatrix(), nil
}

// terminalQR draws the code with half blocks, two modules a character, light
// modules lit, with a quiet zone: it scans from a dark terminal.
func terminalQR(text string) (string, error) {
	m, err := qrMatrix(text)
	if err != nil {
		return "", err
	}
	const quiet = 2
	n := m.GetWidth()
	dark := func(x, y int) bool {
		x, y = x-quiet, y-quiet
		return x >= 0 && y >= 0 && x < n && y < n && m.Get(x, y) == 1
	}
	var b strings.Builder
	size := n + 2*quiet
	for y := 0; y < size; y += 2 {
		for x := 0; x < size; x++ {
			top, bottom := !dark(x, y), !dark(x, y+1) && y+1 < size
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteString(" ")
			}
		}
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// writePNG writes the code as a PNG, 6 pixels a module, 4 modules of quiet
// zone.
func writePNG(path, text string) error {
	m, err := qrMatrix(text)
	if err != nil {
		return err
	}
	const scale, quiet = 6, 4
	n := m.GetWidth()
	img := image.NewGray(image.Rect(0, 0, (n+2*quiet)*scale, (n+2*quiet)*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if m.Get(x, y) != 1 {
				continue
			}
			for dy := 0; dy < scale; dy++ {
				for dx := 0; dx < scale; dx++ {
					img.SetGray((x+quiet)*scale+dx, (y+quiet)*scale+dy, color.Gray{})
				}
			}
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("png: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("png: %w", err)
	}
	return f.Close()
}
