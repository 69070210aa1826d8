// Package cli holds the command-line conventions both binaries share, so
// ashyq-kiosk and ashyq-server read alike: flags spelled --name in the usage
// text and in the flag list alike, --help on stdout with exit 0, and the
// same exit codes.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit codes of both binaries.
const (
	ExitOK      = 0 // done, --help, version
	ExitFailure = 1 // could not do the work: storage, network, a failed file
	ExitUsage   = 2 // bad flags, arguments or configuration
)

// Usage is a command's --help text around its flags: Head (what it does,
// its usage lines) before them, Tail (environment, keys, exit codes) after.
type Usage struct {
	Head, Tail string
}

// ExitCodes is the exit-code paragraph for a command whose exit status 1
// means failure, what failure covers.
func ExitCodes(failure string) string {
	return "Exit codes:\n  0  done (also --help and version)\n  1  failure: " + failure +
		"\n  2  bad flags, arguments or configuration\n"
}

// PrintFlags writes fs's flags like flag.PrintDefaults, but spelled with two
// dashes, as the usage lines above them are.
func PrintFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "0s" {
			usage += fmt.Sprintf(" (default %s)", def)
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
	})
}

// Parse parses args into fs. --help (or -h) prints u.Head, the flags
// (spelled --name) and u.Tail to stdout and ends with ExitOK; a bad flag
// prints flag's own message and a pointer to --help to stderr and ends with
// ExitUsage. done says whether the caller should return code now.
func Parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer, u Usage) (code int, done bool) {
	fs.SetOutput(stderr)
	fs.Usage = func() {} // printed below, to the right stream
	err := fs.Parse(args)
	switch {
	case err == nil:
		return ExitOK, false
	case errors.Is(err, flag.ErrHelp):
		WriteHelp(stdout, fs, u)
		return ExitOK, true
	}
	fmt.Fprintf(stderr, "%s: see %s --help\n", fs.Name(), fs.Name())
	return ExitUsage, true
}

// WriteHelp writes u.Head, fs's flags and u.Tail: the --help text.
func WriteHelp(w io.Writer, fs *flag.FlagSet, u Usage) {
	io.WriteString(w, u.Head)
	if !strings.HasSuffix(u.Head, "\n\n") {
		io.WriteString(w, "\n")
	}
	io.WriteString(w, "Flags:\n")
	PrintFlags(w, fs)
	if u.Tail != "" {
		io.WriteString(w, "\n"+u.Tail)
	}
}
