// Package decodecmd implements `ashyq-kiosk decode [--json] [--frame]
// IMAGE...`: staff point it at photos or scans of a printed code to check
// that the kiosk can read it. Plain decode is the thorough file path; with
// --frame each file goes through the camera's own per-frame path as ten
// successive frames (a third of a second at 30 fps), which answers "would the camera read this?". Files are
// decoded concurrently and reported in argument order.
package decodecmd

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ashyq/kiosk/scanner/qrdecode"
	"github.com/ashyq/kiosk/sync/wire/iin"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Exit codes of Run.
const (
	ExitOK      = 0 // every file had a code
	ExitMissing = 1 // some file had no code or could not be read
	ExitUsage   = 2 // bad arguments
)

const usage = `usage: ashyq-kiosk decode [--json] [--reveal] [--frame [--budget D]] IMAGE...

Decodes the QR codes in PNG, JPEG or WebP files.
Prints FILE<TAB>PAYLOAD per code (control characters escaped), or with --json
one JSON object per code: {"file","payload","attempt","ms"} (and "frame").
IINs in payloads are masked (••••••••0017) unless --reveal is given.
--frame runs the camera's per-frame path instead of the thorough file path:
each file is ten successive camera frames of a code held still (a third of a
second at 30 fps; up to 1920x1080), each within the camera's per-frame budget
of CPU time (--budget, as camera.decode_budget: "auto", the default, is 8ms at
640x480 growing to 12ms at 1280x720), with the thorough search on a second
thread getting three budgets a frame; "frame" says which one read it.
Exit status: 0 every file had a code, 1 some file had none or could not be
read, 2 usage error.
`

// outcome is one file's result, kept until its turn to be printed.
type outcome struct {
	res   qrdecode.Result
	frame int // with --frame, the frame that read it
	err   error
}

// cameraFrames is how many successive frames --frame gives each file: a
// code held up to the camera is in view for many more, but a third of a
// second is what a kiosk that feels instant takes to read it.
const cameraFrames = 10

// jsonLine is one --json output line.
type jsonLine struct {
	File    string  `json:"file"`
	Payload string  `json:"payload"`
	Attempt string  `json:"attempt"`
	MS      float64 `json:"ms"`
	Frame   int     `json:"frame,omitempty"`
}

// Words are decode's messages for the person at the terminal, in their
// language (the kiosk's catalogs are above this package).
type Words struct {
	NoCode  string // "%s: no QR code found", %s the file
	NoImage string // "no image given"
	// Problem says why file could not be decoded; nil says the error's
	// own English (which names the file).
	Problem func(file string, err error) string
	// BadArgs says a refused flag or --budget (err from flag or
	// qrdecode.ParseBudget); nil says the error's own English.
	BadArgs func(err error) string
	// SeeHelp, when set, is said after a usage error instead of the
	// usage text.
	SeeHelp string
	// Usage, when set, is --help's text instead of the English one.
	Usage string
}

func (w Words) badArgs(err error) string {
	if w.BadArgs != nil {
		return safetext.Clean(w.BadArgs(err), 0)
	}
	return safetext.Clean(err.Error(), 0)
}

func (w Words) problem(file string, err error) string {
	if w.Problem != nil {
		return w.Problem(file, err)
	}
	return err.Error()
}

func (w Words) help() string {
	if w.Usage != "" {
		return w.Usage
	}
	return usage
}

func (w Words) usage() string {
	if w.SeeHelp != "" {
		return "decode: " + w.SeeHelp + "\n"
	}
	return usage
}

// English are the Words in English.
var English = Words{NoCode: "%s: no QR code found", NoImage: "no image given"}

// Run executes the subcommand with args (without the "decode" word) and
// returns the exit status, its messages in English.
func Run(args []string, stdout, stderr io.Writer) int {
	return RunIn(args, stdout, stderr, English)
}

// RunIn is Run with its messages in words.
func RunIn(args []string, stdout, stderr io.Writer, words Words) int {
	fs := flag.NewFlagSet("decode", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print JSON lines")
	reveal := fs.Bool("reveal", false, "print IINs in payloads in full")
	asFrames := fs.Bool("frame", false, "run the camera's per-frame path")
	budgetArg := fs.String("budget", "auto", "--frame's per-frame budget")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, words.help())
			return ExitOK
		}
		fmt.Fprintf(stderr, "decode: %s\n%s", words.badArgs(err), words.usage())
		return ExitUsage
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintf(stderr, "decode: %s\n%s", words.NoImage, words.usage())
		return ExitUsage
	}
	budget, err := qrdecode.ParseBudget(*budgetArg)
	if err != nil {
		fmt.Fprintf(stderr, "decode: --budget: %s\n", words.badArgs(err))
		return ExitUsage
	}
	results := decodeAll(files, *asFrames, budget)
	status := ExitOK
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false) // its \u0026 could join the digits after it into an IIN
	// An IIN is personal data: masked unless staff ask for it in full.
	shownJSON, shownText := maskedForJSON, func(p string) string { return safetext.Clean(p, 0) }
	if *reveal {
		shownJSON, shownText = func(p string) string { return p }, func(p string) string { return safetext.Escape(p, 0) }
	}
	for i, file := range files {
		o := <-results[i]
		if o.err != nil {
			fmt.Fprintf(stderr, "decode: %s\n", safetext.Clean(words.problem(file, o.err), 0))
			status = ExitMissing
			continue
		}
		if len(o.res.Payloads) == 0 {
			fmt.Fprintf(stderr, "decode: "+words.NoCode+"\n", safetext.Clean(file, 0))
			status = ExitMissing
			continue
		}
		for _, p := range o.res.Payloads {
			if *asJSON {
				// JSON escaping is the protection here: control characters
				// come out as \u00XX, and the payload stays exact apart from
				// the IIN masking (maskedForJSON says when it cannot).
				ms := float64(o.res.Elapsed.Microseconds()) / 1000
				if err := enc.Encode(jsonLine{File: file, Payload: shownJSON(p), Attempt: o.res.Attempt, MS: ms, Frame: o.frame}); err != nil {
					fmt.Fprintf(stderr, "decode: write output: %v\n", err)
					return ExitMissing
				}
				continue
			}
			fmt.Fprintf(stdout, "%s\t%s\n", safetext.Escape(file, 0), shownText(p))
		}
	}
	return status
}

// decodeAll starts GOMAXPROCS workers, each with its own decoder, and
// returns one channel per file that delivers that file's outcome. With
// frames, see asFrames.
func decodeAll(files []string, frames bool, budget time.Duration) []chan outcome {
	results := make([]chan outcome, len(files))
	for i := range results {
		results[i] = make(chan outcome, 1)
	}
	jobs := make(chan int)
	workers := min(runtime.GOMAXPROCS(0), len(files))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := qrdecode.New(qrdecode.Options{Budget: budget})
			for i := range jobs {
				if frames {
					res, n, err := asFrames(files[i], budget)
					results[i] <- outcome{res, n, err}
					continue
				}
				res, err := d.DecodeFile(files[i])
				results[i] <- outcome{res, 0, err}
			}
		}()
	}
	go func() {
		for i := range files {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
	}()
	return results
}

// asFrames runs the camera's per-frame path on a file with a fresh
// decoder, so that the answer depends on this file alone, not on the files
// decoded before it or the order the workers took them in.
func asFrames(file string, budget time.Duration) (qrdecode.Result, int, error) {
	opts := qrdecode.Options{Budget: budget}
	if frameMeter != nil {
		opts.Meter = frameMeter()
	}
	return qrdecode.New(opts).DecodeFileAsFrames(file, cameraFrames)
}

// frameMeter, when set (tests), makes --frame's decoders count their
// budgets with it instead of the thread's CPU time.
var frameMeter func() qrdecode.Meter

// maskedForJSON is p with its IINs masked and otherwise exact, unless JSON's
// escape of a control character in it would join its hex digits to the
// digits beside it ("\x01" + "00101300000" is written \u000100101300000,
// which reads 100101300000): then p is cleaned as for the terminal, escapes
// first and masking after, so the line carries no IIN either way.
func maskedForJSON(p string) string {
	masked := iin.Redact(p)
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(masked) == nil && iin.Redact(b.String()) == b.String() {
		return masked
	}
	return safetext.Clean(p, 0)
}
