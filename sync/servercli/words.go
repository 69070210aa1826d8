package servercli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// Words says the management commands' sentences in the operator's
// language. The catalogs are the kiosk's (kiosk/i18n), above this tree, so
// cmd/ashyq-server passes them in (as the kiosk does for decode), keyed by
// the English sentence as gettext keys them: the zero Words says English.
type Words struct {
	// Lang is the language's code; "" or "en" is English.
	Lang string
	// F formats the sentence whose English is format; nil is fmt.Sprintf.
	F func(format string, args ...any) string
	// Say says an error that is not a sentence of this package (the
	// system's, a store's); nil says its own English.
	Say func(err error) string
}

func (w Words) english() bool { return w.Lang == "" || w.Lang == "en" }

func (w Words) f(format string, args ...any) string {
	for i, a := range args {
		if err, ok := a.(error); ok {
			args[i] = w.say(err)
		}
	}
	if w.F == nil {
		return fmt.Sprintf(format, args...)
	}
	return w.F(format, args...)
}

// say is err in w's language: a sentence of this package, or w.Say's.
func (w Words) say(err error) string {
	var p *sentence
	if errors.As(err, &p) && p.Error() == err.Error() {
		return w.f(p.format, append([]any(nil), p.args...)...)
	}
	if w.Say != nil {
		return w.Say(err)
	}
	return err.Error()
}

// sentence is an error said by Words: its English is format with args.
type sentence struct {
	format string
	args   []any
}

func errorf(format string, args ...any) error { return &sentence{format, args} }

func (s *sentence) Error() string { return Words{}.f(s.format, append([]any(nil), s.args...)...) }

// Unwrap returns the errors among the args, for errors.Is.
func (s *sentence) Unwrap() []error {
	var errs []error
	for _, a := range s.args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// line writes text after prog's name, each line escaped: an id, a venue or
// a store's error may hold control characters.
func line(w interface{ Write([]byte) (int, error) }, prog, text string) {
	for i, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		l = safetext.Clean(l, 0)
		if i == 0 {
			l = prog + ": " + l
		}
		fmt.Fprintln(w, l)
	}
}

// badFlag says a flag the flag package refused, then where help is.
func (w Words) badFlag(prog string, err error, help string) string {
	return w.sayBadFlag(cli.ReadBadFlag(prog, err), help)
}

// sayBadFlag is badFlag of what cli read back.
func (w Words) sayBadFlag(b cli.BadFlag, help string) string {
	prog := b.Command
	var problem string
	switch b.Kind {
	case cli.Unknown:
		problem = w.f("flag provided but not defined: -%s", b.Name)
	case cli.BadValue:
		problem = w.f("invalid value %q for flag -%s", b.Value, b.Name)
	case cli.NeedsArg:
		problem = w.f("flag needs an argument: -%s", b.Name)
	case cli.Syntax:
		problem = w.f("bad flag syntax: %s", b.Value)
	default:
		problem = b.Text
	}
	return safetext.Clean(prog+": "+problem, 0) + "\n" + prog + ": " + w.f("see %s", help) + "\n"
}

// t is the help text or flag description s, whose English is s, in w's
// language; s holds no verbs.
func (w Words) t(s string) string {
	if w.english() || w.F == nil {
		return s
	}
	return w.F(s)
}

// usage is a command's --help around fs's flags in w's language: head,
// then the flags (each description said by the catalogs, by its English),
// then the exit codes with failure; English is cli's own.
func (w Words) usage(fs *flag.FlagSet, head, failure string) cli.Usage {
	if w.english() || w.F == nil {
		return cli.Usage{Head: head, Tail: cli.ExitCodes(failure)}
	}
	fs.VisitAll(func(f *flag.Flag) { f.Usage = w.t(f.Usage) })
	return cli.Usage{
		Head:    head,
		Tail:    w.F(exitCodes, w.t(failure)),
		Flags:   w.t("Flags:"),
		Default: w.F("(default %s)", "%s"), // the catalog's format, its verb kept
	}
}

// exitCodes is cli.ExitCodes as a format, for the catalogs.
const exitCodes = "Exit codes:\n  0  done (also --help and version)\n  1  failure: %s\n  2  bad flags, arguments or configuration\n"

// flagHelp writes a management command's --help (tokens add --help) in w's
// language: its flags, where English has the flag package's own list.
func (w Words) flagHelp(stderr io.Writer, fs *flag.FlagSet) {
	u := w.usage(fs, w.f("Usage of %s:", fs.Name())+"\n", "")
	u.Tail = ""
	cli.WriteHelp(stderr, fs, u)
}
