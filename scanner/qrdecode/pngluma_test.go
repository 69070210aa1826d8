package qrdecode

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/ashyq/kiosk/scanner/qrgen"
)

// pngVariants encodes one camera frame as PNGs in every colour model and
// compression level the fast path handles (and some it hands to image/png).
func pngVariants(t testing.TB) map[string][]byte {
	t.Helper()
	grey := qrgen.MustFrame(qrgen.Spec{Payload: qrgen.DemoIIN, Width: 203, Height: 151, Seed: 11})
	b := grey.Bounds()
	rng := rand.New(rand.NewPCG(1, 2))
	rgba := image.NewNRGBA(b)
	rgb := image.NewRGBA(b) // opaque RGBA encodes as 8-bit RGB
	ga := image.NewNRGBA(b)
	pal := image.NewPaletted(b, color.Palette{color.Black, color.White, color.Gray{128}})
	g16 := image.NewGray16(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			v := grey.GrayAt(x, y).Y
			r, g := byte(rng.IntN(256)), v
			rgba.SetNRGBA(x, y, color.NRGBA{r, g, v, byte(rng.IntN(256))})
			rgb.SetRGBA(x, y, color.RGBA{r, g, 255 - v, 255})
			ga.SetNRGBA(x, y, color.NRGBA{v, v, v, byte(rng.IntN(256))})
			pal.SetColorIndex(x, y, uint8(v%3))
			g16.SetGray16(x, y, color.Gray16{uint16(v) * 0x101})
		}
	}
	out := map[string][]byte{}
	levels := map[string]png.CompressionLevel{"none": png.NoCompression, "speed": png.BestSpeed, "default": png.DefaultCompression, "best": png.BestCompression}
	imgs := map[string]image.Image{"grey": grey, "rgba": rgba, "rgb": rgb, "grey-alpha": ga, "palette": pal, "grey16": g16}
	for ln, l := range levels {
		for in, img := range imgs {
			var buf bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: l}).Encode(&buf, img); err != nil {
				t.Fatal(err)
			}
			out[in+"/"+ln] = buf.Bytes()
		}
	}
	out["grey-alpha-raw/default"] = greyAlphaPNG(t, grey, rng)
	return out
}

// greyAlphaPNG writes a colour-type-4 PNG by hand: image/png decodes that
// type but never encodes it.
func greyAlphaPNG(t testing.TB, g *image.Gray, rng *rand.Rand) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	var raw bytes.Buffer
	for y := 0; y < h; y++ {
		raw.WriteByte(byte(y % 5)) // every filter type: both decoders must undo them alike
		for x := 0; x < w; x++ {
			raw.WriteByte(g.Pix[y*g.Stride+x])
			raw.WriteByte(byte(rng.IntN(256)))
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.WriteString(pngSignature)
	chunk := func(kind string, body []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(body)))
		out.Write(n[:])
		c := crc32.NewIEEE()
		c.Write([]byte(kind))
		c.Write(body)
		out.WriteString(kind)
		out.Write(body)
		binary.BigEndian.PutUint32(n[:], c.Sum32())
		out.Write(n[:])
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 4
	chunk("IHDR", ihdr)
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

// TestPNGFastPathMatchesImagePNG checks the fast path pixel for pixel
// against image/png plus luma, for every variant it accepts, and that it
// declines the ones it does not handle.
func TestPNGFastPathMatchesImagePNG(t *testing.T) {
	var p pngDecoder
	fast := 0
	for name, data := range pngVariants(t) {
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: image/png: %v", name, err)
		}
		want, w, h, stride := luma(img)
		got, gw, gh, gstride, err := p.decode(data)
		if err != nil {
			if bytes.Contains([]byte(name), []byte("palette")) || bytes.Contains([]byte(name), []byte("grey16")) {
				continue
			}
			t.Errorf("%s: fast path declined: %v", name, err)
			continue
		}
		fast++
		if gw != w || gh != h {
			t.Fatalf("%s: size %dx%d, want %dx%d", name, gw, gh, w, h)
		}
		for y := 0; y < h; y++ {
			if !bytes.Equal(got[y*gstride:y*gstride+w], want[y*stride:y*stride+w]) {
				t.Errorf("%s: row %d differs", name, y)
				break
			}
		}
	}
	if fast != 17 {
		t.Errorf("fast path took %d variants, want 17 (4 colour models x 4 levels, and grey+alpha)", fast)
	}
}

// TestPNGFastPathRejectsDamage cuts and flips bytes of a PNG: the fast path
// must return an error (DecodeFile then asks image/png), never panic or
// hand back a plane.
func TestPNGFastPathRejectsDamage(t *testing.T) {
	data := pngVariants(t)["grey/default"]
	var p pngDecoder
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 300; i++ {
		bad := append([]byte(nil), data...)
		if i%2 == 0 {
			bad = bad[:rng.IntN(len(bad))]
		} else {
			bad[8+rng.IntN(len(bad)-8)] ^= byte(1 + rng.IntN(255))
		}
		if _, _, _, _, err := p.decode(bad); err == nil && !bytes.Equal(bad, data) {
			t.Fatalf("case %d: damaged PNG accepted", i)
		}
	}
}
