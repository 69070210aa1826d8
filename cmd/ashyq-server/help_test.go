package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/servercli"
)

// helpTypedAsIs is what --help shows as it is typed, beyond typedAsIs: URL
// schemes and URNs, HTTP header names, the rules file's keys and the
// registry CSV's columns, FHIR's names, and the names of the product, its formats,
// protocols and streams.
var helpTypedAsIs = regexp.MustCompile(`\b[a-z]+://\S*|\burn:\S*|\b[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)+\b|TOML:[^;]*;|\biin,status\b|\bFHIR Bulk Data\b|\.ndjson\b|` +
	`\bSHA-256\b|\bentrance\|exit\b|\b(Patient|Observation|Immunization|POST|Ctrl|ashyq|API|GET|stdout|stderr|systemd|bbolt|PostgreSQL|CSV|PEM|HTTPS?|TLS|FHIR|URI|CIDR|QR)\b`)

// help is what ashyq-server --help (args) prints with words.
func help(t *testing.T, words servercli.Words, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := servercli.MainIn(context.Background(), args, &out, &errb, "v-test", words); code != 0 || errb.Len() > 0 {
		t.Fatalf("%v: exit %d, stderr %q", args, code, errb.String())
	}
	return out.String()
}

// flagsAndCodes are the lines of a help text that must not change with the
// language: each flag's name and the exit codes' numbers.
func flagsAndCodes(text string) []string {
	return regexp.MustCompile(`(?m)^  --[a-z][a-z-]*|^  [0-2]  `).FindAllString(text, -1)
}

// TestServerHelpSpeaksTheOperatorsLanguage: ashyq-server --help (and
// migrate's and enrol's) is in the
// language of the operator's locale, Russian and Kazakh, its usage, flag
// descriptions and exit codes, with no English left but what is typed as
// it is; the flags' names and the exit codes stay as in English.
func TestServerHelpSpeaksTheOperatorsLanguage(t *testing.T) {
	for lang, want := range map[string][]string{
		"ru": {"Использование:", "Параметры:", "Коды выхода:", "КАТАЛОГ", "(по умолчанию"},
		"kk": {"Қолданылуы:", "Параметрлер:", "Шығу кодтары:", "КАТАЛОГ", "(әдепкісі"},
	} {
		for _, cmd := range helpCommands {
			t.Run(lang+" "+strings.Join(cmd, " "), func(t *testing.T) {
				english := help(t, servercli.Words{}, cmd...)
				out := help(t, operatorWords([]string{"LANG=" + lang + "_KZ.UTF-8"}), cmd...)
				group := len(cmd) > 1 && cmd[1] == "help" // a group's commands: no flag list, no exit codes
				for i, w := range want {
					if cmd[0] == "migrate" && w == "КАТАЛОГ" || group && i > 0 && w != "КАТАЛОГ" { // migrate takes --store alone
						continue
					}
					if !strings.Contains(out, w) {
						t.Errorf("lacks %q:\n%s", w, out)
					}
				}
				left := helpTypedAsIs.ReplaceAllString(typedAsIs.ReplaceAllString(out, " "), " ")
				if run := englishRun.FindString(left); run != "" {
					t.Errorf("English %q:\n%s", run, out)
				}
				if group {
					commands := regexp.MustCompile(`ashyq-server [a-z]+ [a-z]+`)
					if got, want := commands.FindAllString(out, -1), commands.FindAllString(english, -1); strings.Join(got, "|") != strings.Join(want, "|") || len(want) < 3 {
						t.Errorf("commands\n got %q\nwant %q", got, want)
					}
				} else if got, want := strings.Join(flagsAndCodes(out), "|"), strings.Join(flagsAndCodes(english), "|"); got != want || !strings.Contains(want, "--store") {
					t.Errorf("flags and exit codes\n got %s\nwant %s", got, want)
				}
			})
		}
	}
}

// helpCommands are the --help texts said in the operator's language.
var helpCommands = [][]string{{"--help"}, {"migrate", "--help"}, {"enrol", "--help"}, {"pass", "--help"}, {"registry", "--help"}, {"audit", "--help"}, {"tokens", "help"}, {"keys", "help"}}

// TestManageFlagHelpSpeaksTheOperatorsLanguage: a management command's own
// --help (tokens add, kiosks code, keys rotate) lists its flags in the
// operator's language, on stderr with exit 2 as in English, no English left.
func TestManageFlagHelpSpeaksTheOperatorsLanguage(t *testing.T) {
	for lang, head := range map[string]string{"ru": "Использование ashyq-server ", "kk": " қолданылуы:"} {
		for _, cmd := range [][]string{{"tokens", "add", "--help"}, {"kiosks", "code", "--help"}, {"venues", "set", "--help"}, {"keys", "rotate", "--help"}} {
			var out, errb bytes.Buffer
			code := servercli.MainIn(context.Background(), cmd, &out, &errb, "v-test", operatorWords([]string{"LANG=" + lang + "_KZ.UTF-8"}))
			said := errb.String()
			if code != 2 || out.Len() > 0 || !strings.Contains(said, head) || !strings.Contains(said, "  --server ") || !strings.Contains(said, "  --data КАТАЛОГ") {
				t.Errorf("%s %v: exit %d, stdout %q, stderr:\n%s", lang, cmd, code, out.String(), said)
			}
			left := helpTypedAsIs.ReplaceAllString(typedAsIs.ReplaceAllString(said, " "), " ")
			if run := englishRun.FindString(left); run != "" {
				t.Errorf("%s %v: English %q:\n%s", lang, cmd, run, said)
			}
		}
	}
}

// TestServerHelpEnglishIsTheCatalogs: said through the catalogs' English,
// each --help is servercli's own to the byte: every text the catalogs hold
// for it is servercli's, so none is left untranslated by a drifted key.
func TestServerHelpEnglishIsTheCatalogs(t *testing.T) {
	en := i18n.For("en")
	for _, cmd := range helpCommands {
		own := help(t, servercli.Words{}, cmd...)
		viaCatalog := help(t, servercli.Words{Lang: "en-catalog", F: en.Sprintf}, cmd...)
		if viaCatalog != own {
			t.Errorf("%v through the catalog:\n%s\nservercli's own:\n%s", cmd, viaCatalog, own)
		}
		ru := help(t, operatorWords([]string{"LANG=ru_RU.UTF-8"}), cmd...)
		for _, l := range strings.Split(own, "\n") {
			if len(l) > 30 && strings.Contains(ru, l) && !strings.HasPrefix(l, "  ashyq-server") {
				t.Errorf("%v: ru keeps the English line %q", cmd, l)
			}
		}
	}
}
