package i18n

import (
	"fmt"
	"slices"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Forms are the plural forms of one counted message, by CLDR form: English
// and Kazakh need One and Other, Russian One, Few, Many (and Other for
// fractions, which the kiosk never counts). Each form's first verb is the
// count.
type Forms map[plural.Form]string

// plurals holds the counted messages of each language. Their keys are not
// in the plain catalogs.
var plurals = map[Lang]map[Key]Forms{
	English: enPlural,
	Russian: ruPlural,
	Kazakh:  kkPlural,
}

var tags = map[Lang]language.Tag{
	English: language.English,
	Russian: language.Russian,
	Kazakh:  language.Kazakh,
}

// FormFor is the CLDR plural form of the whole number n in lang.
func FormFor(lang Lang, n int) plural.Form {
	if n < 0 {
		n = -n
	}
	return plural.Cardinal.MatchPlural(tags[lang], n%10_000_000, 0, 0, 0, 0)
}

// N formats the counted message k for n: the form the language's plural
// rule picks for n, formatted with n and then args. A form missing from the
// language falls back to its Other form, then to English.
func (c Catalog) N(k Key, n int, args ...any) string {
	args = append([]any{n}, args...)
	if s, ok := pick(plurals[c.lang][k], FormFor(c.lang, n)); ok {
		return fmt.Sprintf(s, args...)
	}
	if s, ok := pick(enPlural[k], FormFor(English, n)); ok {
		return fmt.Sprintf(s, args...)
	}
	return string(k)
}

func pick(f Forms, form plural.Form) (string, bool) {
	if s, ok := f[form]; ok {
		return s, true
	}
	s, ok := f[plural.Other]
	return s, ok
}

// IsPlural reports whether k is a counted message, formatted by N.
func IsPlural(k Key) bool {
	_, ok := enPlural[k]
	return ok
}

// PluralKeys lists every counted message key, sorted.
func PluralKeys() []Key {
	keys := make([]Key, 0, len(enPlural))
	for k := range enPlural {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
