package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/feature/plural"
)

// TestPluralFormsComplete: every counted message has, in every language,
// each form the language's rule picks for 0 to 200, with the same verbs as
// English.
func TestPluralFormsComplete(t *testing.T) {
	for lang, msgs := range plurals {
		for _, k := range PluralKeys() {
			forms, ok := msgs[k]
			if !ok {
				t.Errorf("%s: counted message %q missing", lang, k)
				continue
			}
			want := verbRe.FindAllString(enPlural[k][plural.Other], -1)
			for n := 0; n <= 200; n++ {
				form := FormFor(lang, n)
				s, ok := forms[form]
				if !ok {
					t.Errorf("%s %s: no form %v, needed for %d", lang, k, form, n)
					break
				}
				if got := verbRe.FindAllString(s, -1); !slices.Equal(got, want) {
					t.Errorf("%s %s form %v has verbs %v, English %v", lang, k, form, got, want)
				}
			}
		}
		for k := range msgs {
			if _, ok := enPlural[k]; !ok {
				t.Errorf("%s: counted message %q is not in English", lang, k)
			}
		}
	}
	for k := range enPlural {
		if _, ok := en[k]; ok {
			t.Errorf("%q is both a plain and a counted message", k)
		}
	}
}

func TestPlurals(t *testing.T) {
	tests := []struct {
		lang Lang
		n    int
		want string
	}{
		{English, 1, "1 record waiting to sync"},
		{English, 0, "0 records waiting to sync"},
		{English, 2, "2 records waiting to sync"},
		{Russian, 1, "1 запись ожидает отправки"},
		{Russian, 21, "21 запись ожидает отправки"},
		{Russian, 3, "3 записи ожидают отправки"},
		{Russian, 24, "24 записи ожидают отправки"},
		{Russian, 5, "5 записей ожидают отправки"},
		{Russian, 11, "11 записей ожидают отправки"},
		{Russian, 12, "12 записей ожидают отправки"},
		{Russian, 0, "0 записей ожидают отправки"},
		{Kazakh, 1, "1 жазба жіберуді күтуде"},
		{Kazakh, 7, "7 жазба жіберуді күтуде"},
	}
	for _, tt := range tests {
		c := For(string(tt.lang))
		if got := c.F(PendingCount, tt.n); got != tt.want {
			t.Errorf("%s F(%d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
		if got := c.N(PendingCount, tt.n); got != tt.want {
			t.Errorf("%s N(%d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
	if got := For("en").F(Pending, int64(1), "just now"); got != "1 record waiting to sync, oldest just now" {
		t.Errorf("int64 count: %q", got)
	}
}

// latinWord finds runs of Latin letters: on a Russian or Kazakh screen
// every one must be a name the kiosk cannot translate.
var latinWord = regexp.MustCompile(`[A-Za-z][A-Za-z+]*`)

// untranslatable are the Latin words a ru or kk message may hold: the
// product's name, key names printed on the keyboard, and acronyms written
// the same in every language.
var untranslatable = map[string]bool{
	"Ashyq": true, "COVID": true, "PIN": true, "Enter": true, "Esc": true,
	"ctrl+c": true, "ctrl+o": true, "F": true, "WAV": true, "ALSA": true,
	"r": true, "x": true, // keys of the owner queue page
	"AQ":   true, // the pass prefix AQ1:, a literal
	"QR":   true, // QR code, written so in Russian and Kazakh too
	"udev": true, // the Linux device manager, a program's name
	"OK":   true, // doctor's mark, read so in Russian and Kazakh too
	"USB":  true,
	// what an installer types into the config as it is
	"auto": true, "off": true, "true": true, "false": true,
	"TOML": true, "IANA": true, "JSON": true, "PEM": true, "ASCII": true, "PNG": true, "JPEG": true, "WebP": true, // formats, named so everywhere
	"systemd": true, "stderr": true, "chmod": true, "cgo": true, // programs and streams, typed as they are
	"decode": true, "check": true, "doctor": true, "enrol": true, "version": true, // ashyq-kiosk's subcommands
	"SIGINT": true, "SIGTERM": true, "SIGHUP": true, "SIGUSR": true, "LANG": true, "localhost": true, "bbolt": true, "postgres": true, "NDJSON": true,
	// ashyq-server's --help: its subcommands, the rules file's TOML tables,
	// and protocols, formats and programs named so everywhere
	"tokens": true, "operators": true, "venues": true, "owners": true, "kiosks": true, "keys": true, "passes": true,
	"migrate": true, "loadgen": true, "pass": true, "help": true,
	"positive": true, "contact": true, "negative": true, "vaccinated": true,
	"API": true, "GET": true, "HTTP": true, "HTTPS": true, "TLS": true, "CSV": true, "FHIR": true, "URI": true, "CIDR": true,
	"PostgreSQL": true, "stdout": true, "Secure": true, "POST": true, "Ctrl+C": true, "import": true,
}

// literal is what a message names as it is typed, in every language: a
// config key (owner.pin), an environment variable (ASHYQ_OWNER_PIN) or a
// package's name (ashyq-kiosk).
// A value in double quotes ("4s", "Asia/Almaty"), a section ([override]),
// a path (/dev/v4l/by-id/...), a scheme (https://) and a duration (168h)
// are typed as they are too, and so are a flag (--config), a setting
// (StandardInput=tty) and a command (ashyq-kiosk enrol, ashyq-server tokens add); and, in
// ashyq-server's --help, HTTP headers, docs, the API's version, the
// registry rules' tables, FHIR's names (its bulk format, its resources),
// a hash's name and a kiosk's modes.
var literal = regexp.MustCompile(`\b[A-Za-z_]+=[^\s,)]*|\b[A-Z]+_[A-Z_]+\b|\bV4L2\b|\b[a-z]+(\.[a-z_]+)+\b|\bashyq-[a-z]+( [a-z]+){0,2}\b|"[^"]*"|\[[a-z_]+\]|(/[A-Za-z0-9_.-]+)+/?|\bhttps?://|\b[0-9]+(ms|s|m|h|d)\b|(^|\s|\[|\()--?[a-z][a-z-]*|\b[A-Za-z]+=[^\s,)]*|` +
	`\b(Retry-After|X-Forwarded-(For|Proto))\b|\bdocs/\S+|\bv[0-9]+\b|\bnegative_antigen\b|` +
	`\bFHIR Bulk Data\b|\b(Patient|Observation|Immunization)\b|\.ndjson\b|\bSHA-256\b|\bentrance\|exit\b`) // HTTP headers, docs, API version, a rules table, FHIR's names

// EnglishWords reports the Latin words of s that are not in the
// untranslatable list: English that leaked onto a Russian or Kazakh screen.
func englishWords(s string) []string {
	var out []string
	s = literal.ReplaceAllString(verbRe.ReplaceAllString(s, " "), " ")
	for _, w := range latinWord.FindAllString(s, -1) {
		if !untranslatable[w] && !untranslatable[strings.TrimSuffix(w, "+")] {
			out = append(out, w)
		}
	}
	return out
}

// TestNoEnglishOnRussianOrKazakh fails when a ru or kk message is English
// (copied over, or never translated): it may hold no Latin word beyond the
// untranslatable ones, and must differ from English unless it is only
// those.
func TestNoEnglishOnRussianOrKazakh(t *testing.T) {
	for _, lang := range []Lang{Russian, Kazakh} {
		c := For(string(lang))
		for _, k := range Keys() {
			if w := englishWords(c.T(k)); len(w) > 0 {
				t.Errorf("%s %s %q has English %v", lang, k, c.T(k), w)
			}
		}
		for _, k := range PluralKeys() {
			for form, s := range plurals[lang][k] {
				if w := englishWords(s); len(w) > 0 {
					t.Errorf("%s %s form %v %q has English %v", lang, k, form, s, w)
				}
			}
		}
	}
}

// TestEnglishDetector proves the detector catches what it is for.
func TestEnglishDetector(t *testing.T) {
	if w := englishWords("Records waiting: 5"); len(w) != 2 {
		t.Errorf("English sentence: %v", w)
	}
	if w := englishWords("PIN кодты теріп, Enter басыңыз · Esc — бас тарту"); len(w) != 0 {
		t.Errorf("Kazakh with key names: %v", w)
	}
	if w := englishWords("PIN не задан (owner.pin или ASHYQ_OWNER_PIN)"); len(w) != 0 {
		t.Errorf("a config key and a variable taken for English: %v", w)
	}
	if w := englishWords("Меню closed: set owner.pin"); len(w) != 2 {
		t.Errorf("English beside a config key: %v", w)
	}
	c := Catalog{lang: Kazakh, msgs: map[Key]string{}}
	if w := englishWords(c.T(Welcome)); len(w) == 0 {
		t.Error("an English fallback on a kk catalog went unnoticed")
	}
}
