// Command gen renders golden screen files (kiosk/tui/testdata/TestScreens)
// to PNG with the kiosk's console font, for the README: `make screens`.
//
//	go run ./kiosk/tui/screenshot/gen -out docs/screens FILE.golden...
package main

import (
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/ashyq/kiosk/kiosk/tui/consolefont"
	"github.com/ashyq/kiosk/kiosk/tui/screenshot"
)

// size is the WxH at the end of a golden file's name.
var size = regexp.MustCompile(`_(\d+)x(\d+)\.golden$`)

func main() {
	out := flag.String("out", "docs/screens", "directory for the PNG files")
	fontName := flag.String("font", consolefont.Kiosk, "console font (a name in "+consolefont.Dir+" or a path)")
	flag.Parse()
	font, err := consolefont.Load(*fontName)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, path := range flag.Args() {
		if err := render(path, *out, font); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

func render(path, outDir string, font consolefont.Font) error {
	m := size.FindStringSubmatch(path)
	if m == nil {
		return fmt.Errorf("%s: no _WxH in the name", path)
	}
	cols, _ := strconv.Atoi(m[1])
	rows, _ := strconv.Atoi(m[2])
	frame, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	img := screenshot.Render(string(frame), cols, rows, font)
	name := strings.TrimSuffix(filepath.Base(path), ".golden") + ".png"
	f, err := os.Create(filepath.Join(outDir, name))
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Println(filepath.Join(outDir, name))
	return f.Close()
}
