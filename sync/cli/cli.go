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

// ExitCodesHelp is the paragraph both --help texts end with.
const ExitCodesHelp = `Exit codes: 0 done (also --help and version); 1 failure (storage,
network, a file without a code); 2 bad flags, arguments or configuration.
`

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

// Parse parses args into fs. --help (or -h) prints head, the flags and the
// exit codes to stdout and ends with ExitOK; a bad flag prints flag's own
// message and a pointer to --help to stderr and ends with ExitUsage. done
// says whether the caller should return code now.
func Parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer, head func(io.Writer)) (code int, done bool) {
	fs.SetOutput(stderr)
	fs.Usage = func() {} // printed below, to the right stream
	err := fs.Parse(args)
	switch {
	case err == nil:
		return ExitOK, false
	case errors.Is(err, flag.ErrHelp):
		head(stdout)
		PrintFlags(stdout, fs)
		fmt.Fprint(stdout, "\n"+ExitCodesHelp)
		return ExitOK, true
	}
	fmt.Fprintf(stderr, "%s: see %s --help\n", fs.Name(), fs.Name())
	return ExitUsage, true
}
