package i18n

import (
	"regexp"
	"slices"
	"testing"
)

var verbRe = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestCatalogsComplete keeps every language in step with English: the same
// keys, no empty messages, and the same format verbs in the same order, so a
// translated Sprintf never prints %!d(MISSING).
func TestCatalogsComplete(t *testing.T) {
	for lang, msgs := range catalogs {
		for _, k := range Keys() {
			s, ok := msgs[k]
			if !ok {
				t.Errorf("%s: key %q missing", lang, k)
				continue
			}
			if s == "" {
				t.Errorf("%s: key %q is empty", lang, k)
			}
			want, got := verbRe.FindAllString(en[k], -1), verbRe.FindAllString(s, -1)
			if !slices.Equal(want, got) {
				t.Errorf("%s: key %q has verbs %v, English has %v", lang, k, got, want)
			}
		}
		for k := range msgs {
			if _, ok := en[k]; !ok {
				t.Errorf("%s: key %q is not in the English catalog", lang, k)
			}
		}
	}
}

func TestLookupFallback(t *testing.T) {
	if got := For("kk").T(ColourRed); got != "ҚЫЗЫЛ" {
		t.Errorf("kk red = %q", got)
	}
	if got := For("ru").F(Inside, 7); got != "Сейчас внутри: 7" {
		t.Errorf("ru inside = %q", got)
	}
	// An unsupported code falls back to English.
	if c := For("de"); c.Lang() != English || c.T(Goodbye) != "GOODBYE" {
		t.Errorf("de fallback = %s %q", c.Lang(), c.T(Goodbye))
	}
	// A key missing from a language falls back to English, and an unknown
	// key stays visible rather than blank.
	c := Catalog{lang: Kazakh, msgs: map[Key]string{}}
	if got := c.T(Welcome); got != "WELCOME" {
		t.Errorf("missing kk key = %q, want English", got)
	}
	if got := c.T(Key("no.such.key")); got != "no.such.key" {
		t.Errorf("unknown key = %q", got)
	}
}

func TestSupported(t *testing.T) {
	if got := Supported(); !slices.Equal(got, []string{"en", "ru", "kk"}) {
		t.Errorf("Supported() = %v", got)
	}
	for _, code := range Supported() {
		if !IsSupported(code) {
			t.Errorf("IsSupported(%q) = false", code)
		}
		if _, ok := catalogs[Lang(code)]; !ok {
			t.Errorf("%q has no catalog", code)
		}
	}
	if Name("kk") != "Қазақша" || Name("ru") != "Русский" || Name("en") != "English" || Name("de") != "de" {
		t.Errorf("names: %q %q %q %q", Name("kk"), Name("ru"), Name("en"), Name("de"))
	}
	if IsSupported("EN") || IsSupported("") {
		t.Error("IsSupported accepts an unknown code")
	}
}

// Every pass reason has its own message in every language: no two reasons
// share a text, so the screen always says which one it was.
func TestPassReasonsDistinct(t *testing.T) {
	for lang, msgs := range catalogs {
		seen := map[string]string{}
		for _, r := range PassReasons {
			s, ok := msgs[PassReason(r)]
			if !ok {
				t.Errorf("%s: reason %s has no message", lang, r)
			}
			if other, dup := seen[s]; dup {
				t.Errorf("%s: reasons %s and %s share the message %q", lang, r, other, s)
			}
			seen[s] = r
		}
	}
}
