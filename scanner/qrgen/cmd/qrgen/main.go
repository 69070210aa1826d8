// Command qrgen writes the robustness set as PNG files plus a manifest
// (manifest.tsv: file, distortion, payload) so that other decoders can be run
// over exactly the images our tests use. scanner/qrdecode/peers.sh uses it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"

	"github.com/ashyq/kiosk/scanner/qrgen"
)

func main() {
	n := flag.Int("n", 240, "number of images (at least 200)")
	seed := flag.Int64("seed", 1, "seed of the set")
	out := flag.String("out", "", "directory to write into (created)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: qrgen [-n N] [-seed S] -out DIR")
		os.Exit(2)
	}
	if err := write(*out, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "qrgen:", err)
		os.Exit(1)
	}
}

func write(dir string, n int, seed int64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output dir: %w", err)
	}
	mf, err := os.Create(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		return fmt.Errorf("create manifest: %w", err)
	}
	defer mf.Close()
	w := bufio.NewWriter(mf)
	for _, s := range qrgen.RobustnessSet(n, seed) {
		name := s.Name + ".png"
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("create %s: %w", name, err)
		}
		err = png.Encode(f, s.Image)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", name, s.Distortion, s.Payload)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return mf.Close()
}
