package qrdecode_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/scanner/qrdecode"
)

// TestRegressionImages reads every image of testdata/regress, each one a
// former version missed and its peers read, with the thorough file path
// and with the camera's path over three frames of the default budget.
// The table of testdata/regress/README.md names the files and payloads.
func TestRegressionImages(t *testing.T) {
	f, err := os.Open("testdata/regress/README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 5 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		file, want := strings.Trim(strings.TrimSpace(cells[1]), "`"), strings.Trim(strings.TrimSpace(cells[3]), "`")
		path := filepath.Join("testdata/regress", file)
		n++
		res, err := qrdecode.DecodeFile(path)
		if err != nil || len(res.Payloads) != 1 || res.Payloads[0] != want {
			t.Errorf("%s: decode read %q, %v; want %q", file, res.Payloads, err, want)
		}
		res, frames, err := frameDecoder().DecodeFileAsFrames(path, 3)
		if err != nil || len(res.Payloads) != 1 || res.Payloads[0] != want {
			t.Errorf("%s: decode --frame read %q in %d frames, %v; want %q", file, res.Payloads, frames, err, want)
		}
	}
	if n == 0 {
		t.Fatal("no image listed in testdata/regress/README.md")
	}
}
