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
	"regexp"
	"strconv"
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
// Say, when set, says a bad flag and the pointer to --help in the
// operator's language (the kiosk's catalogs); nil says flag's English.
type Usage struct {
	Head, Tail string
	Say        func(BadFlag) string
	// Flags heads the flags ("Flags:" when empty); Default says a flag's
	// default ("(default %s)" when empty).
	Flags, Default string
}

// BadFlag is what the flag package refused on a command line.
type BadFlag struct {
	Kind    BadFlagKind
	Command string // the flag set's name: "ashyq-kiosk check"
	Name    string // the flag, without dashes (Unknown, BadValue, NeedsArg)
	Value   string // the refused value (BadValue), or the argument (Syntax)
	Text    string // flag's own sentence
}

// BadFlagKind says what is wrong with a flag.
type BadFlagKind int

// The kinds of BadFlag; Other is a sentence flag did not say before.
const (
	Other BadFlagKind = iota
	Unknown
	BadValue
	NeedsArg
	Syntax
)

// flagErrors are flag's messages (flag.FlagSet.failf), read back into a
// BadFlag.
var flagErrors = []struct {
	re   *regexp.Regexp
	kind BadFlagKind
}{
	{regexp.MustCompile(`^flag provided but not defined: -(.*)$`), Unknown},
	{regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-([^:]*):`), BadValue},
	{regexp.MustCompile(`^flag needs an argument: -(.*)$`), NeedsArg},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), Syntax},
}

// ReadBadFlag reads flag's error back into a BadFlag.
func ReadBadFlag(command string, err error) BadFlag {
	b := BadFlag{Command: command, Text: err.Error()}
	for _, f := range flagErrors {
		m := f.re.FindStringSubmatch(b.Text)
		if m == nil {
			continue
		}
		b.Kind = f.kind
		switch f.kind {
		case BadValue:
			b.Value, _ = strconv.Unquote(`"` + m[1] + `"`)
			b.Name = m[2]
		case Syntax:
			b.Value = m[1]
		default:
			b.Name = m[1]
		}
		break
	}
	return b
}

// ExitCodes is the exit-code paragraph for a command whose exit status 1
// means failure, what failure covers.
func ExitCodes(failure string) string {
	return "Exit codes:\n  0  done (also --help and version)\n  1  failure: " + failure +
		"\n  2  bad flags, arguments or configuration\n"
}

// PrintFlags writes fs's flags like flag.PrintDefaults, but spelled with two
// dashes, as the usage lines above them are.
func PrintFlags(w io.Writer, fs *flag.FlagSet) { printFlags(w, fs, "") }

// printFlags is PrintFlags with defaults said by defaultFmt ("(default %s)"
// when empty).
func printFlags(w io.Writer, fs *flag.FlagSet, defaultFmt string) {
	if defaultFmt == "" {
		defaultFmt = "(default %s)"
	}
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "0s" {
			usage += " " + fmt.Sprintf(defaultFmt, def)
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
	})
}

// Parse parses args into fs. --help (or -h) prints u.Head, the flags
// (spelled --name) and u.Tail to stdout and ends with ExitOK; a bad flag
// prints flag's own message and a pointer to --help to stderr and ends with
// ExitUsage. done says whether the caller should return code now.
func Parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer, u Usage) (code int, done bool) {
	fs.SetOutput(io.Discard) // flag's own message is said below
	fs.Usage = func() {}     // printed below, to the right stream
	err := fs.Parse(args)
	switch {
	case err == nil:
		return ExitOK, false
	case errors.Is(err, flag.ErrHelp):
		WriteHelp(stdout, fs, u)
		return ExitOK, true
	}
	bad := ReadBadFlag(fs.Name(), err)
	if u.Say != nil {
		io.WriteString(stderr, u.Say(bad))
		return ExitUsage, true
	}
	fmt.Fprintf(stderr, "%s\n%s: see %s --help\n", bad.Text, fs.Name(), fs.Name())
	return ExitUsage, true
}

// WriteHelp writes u.Head, fs's flags and u.Tail: the --help text.
func WriteHelp(w io.Writer, fs *flag.FlagSet, u Usage) {
	io.WriteString(w, u.Head)
	if !strings.HasSuffix(u.Head, "\n\n") {
		io.WriteString(w, "\n")
	}
	heading := u.Flags
	if heading == "" {
		heading = "Flags:"
	}
	io.WriteString(w, heading+"\n")
	printFlags(w, fs, u.Default)
	if u.Tail != "" {
		io.WriteString(w, "\n"+u.Tail)
	}
}
