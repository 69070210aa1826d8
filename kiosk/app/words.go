package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/ashyq/kiosk/kiosk/config"
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/scanner/decodecmd"
	"github.com/ashyq/kiosk/scanner/qrdecode"
	"github.com/ashyq/kiosk/sync/cli"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// What the kiosk says on the console before its screen is up (or instead
// of it) is in the operator's language: the configuration's, once it is
// read; before that, or when it cannot be read, ASHYQ_LANGUAGE, the file's
// device.language if the file can be read that far, or the locale.

// envWords is the catalog for what is said before any configuration is
// looked at: bad flags and arguments.
func envWords() i18n.Catalog { return i18n.For(LocaleLanguage(os.Environ())) }

// fileWords is the catalog for what is said about the configuration at
// path, which may not load: ASHYQ_LANGUAGE, else the file's own
// device.language, else the locale.
func fileWords(path string) i18n.Catalog {
	env := os.Environ()
	if v, ok := os.LookupEnv("ASHYQ_LANGUAGE"); ok && v != "" {
		return i18n.For(LocaleLanguage(env))
	}
	if l := config.PeekLanguage(path); l != "" {
		return i18n.For(l)
	}
	return i18n.For(LocaleLanguage(env))
}

// configPath is the file a command reads: --config, or the default.
func configPath(f runFlags) string {
	if f.config != "" {
		return f.config
	}
	return DefaultConfigPath
}

// say writes err to w in t's language after the program's name, each line
// escaped: a config value or a path may hold control characters.
func say(w io.Writer, prog string, t i18n.Catalog, err error) {
	sayText(w, prog, i18n.Say(t, err))
}

// sayf writes the message k in t's language, as say does.
func sayf(w io.Writer, prog string, t i18n.Catalog, k i18n.Key, args ...any) {
	say(w, prog, t, i18n.Errorf(k, args...))
}

// sayText writes text after the program's name, each line escaped; the
// lines after the first stand alone, as a joined error's do.
func sayText(w io.Writer, prog, text string) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		l = safetext.Clean(l, 0)
		if i == 0 {
			l = prog + ": " + l
		}
		fmt.Fprintln(w, l)
	}
}

// flagWords says a bad flag in t's language, then where help is.
func flagWords(t i18n.Catalog) func(cli.BadFlag) string {
	return func(b cli.BadFlag) string {
		var problem string
		switch b.Kind {
		case cli.Unknown:
			problem = t.F(i18n.FlagUnknown, b.Name)
		case cli.BadValue:
			problem = t.F(i18n.FlagBadValue, b.Value, b.Name)
		case cli.NeedsArg:
			problem = t.F(i18n.FlagNeedsArg, b.Name)
		case cli.Syntax:
			problem = t.F(i18n.FlagBadSyntax, b.Value)
		default:
			problem = b.Text
		}
		return safetext.Clean(b.Command+": "+problem, 0) + "\n" +
			b.Command + ": " + t.F(i18n.FlagSeeHelp, b.Command) + "\n"
	}
}

// decodeWords are `ashyq-kiosk decode`'s words in t's language.
func decodeWords(t i18n.Catalog) decodecmd.Words {
	return decodecmd.Words{
		NoCode: t.T(i18n.DecodeNoCode), NoImage: t.T(i18n.DecodeNoImage),
		Problem: func(file string, err error) string { return decodeProblem(t, file, err) },
		BadArgs: func(err error) string {
			if b := cli.ReadBadFlag("decode", err); b.Kind != cli.Other {
				return strings.TrimPrefix(strings.SplitN(flagWords(t)(b), "\n", 2)[0], "decode: ")
			}
			switch {
			case errors.Is(err, qrdecode.ErrBudgetSyntax):
				v, _, _ := strings.Cut(err.Error(), " "+qrdecode.ErrBudgetSyntax.Error())
				v, _ = strconv.Unquote(v)
				return t.F(i18n.DecodeBudget, v)
			case errors.Is(err, qrdecode.ErrBudgetRange):
				v, _, _ := strings.Cut(err.Error(), " ")
				return t.F(i18n.CfgBudgetRange, v, qrdecode.MinBudget, qrdecode.MaxBudget)
			}
			return err.Error()
		},
		SeeHelp: t.F(i18n.FlagSeeHelp, "ashyq-kiosk decode"),
		Usage:   t.T(i18n.HelpDecode),
	}
}

// decodeProblem says why file could not be decoded.
func decodeProblem(t i18n.Catalog, file string, err error) string {
	var k i18n.Key
	switch {
	case errors.Is(err, qrdecode.ErrUnsupportedFormat):
		k = i18n.DecodeUnsupported
	case errors.Is(err, qrdecode.ErrTooLarge):
		k = i18n.DecodeTooLarge
	case errors.Is(err, qrdecode.ErrNotAFrame):
		k = i18n.DecodeNotAFrame
	default:
		if cause := i18n.Cause(err); cause != err {
			return i18n.Say(t, cause) // the system's reason, with the path
		}
		k = i18n.DecodeUnreadable
	}
	return t.F(k, file)
}
