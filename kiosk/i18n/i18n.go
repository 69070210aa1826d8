// Package i18n holds the kiosk's message catalogs (English, Russian, Kazakh)
// and looks messages up by key. A key missing from a language falls back to
// English, so a screen never shows an empty line; a test keeps the catalogs
// complete so the fallback is only a safety net.
package i18n

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Key names one message. The English catalog defines every key.
type Key string

// Lang is a language code as written in the config: "en", "ru" or "kk".
type Lang string

// Supported languages.
const (
	English Lang = "en"
	Russian Lang = "ru"
	Kazakh  Lang = "kk"
)

// languages is the one list of languages: the config, the owner menu and
// the lookups all read it. Each is named in itself, so an owner who cannot
// read the current language still finds theirs.
var languages = []struct {
	lang Lang
	name string
	msgs map[Key]string
}{
	{English, "English", en},
	{Russian, "Русский", ru},
	{Kazakh, "Қазақша", kk},
}

var catalogs = func() map[Lang]map[Key]string {
	m := make(map[Lang]map[Key]string, len(languages))
	for _, l := range languages {
		m[l.lang] = l.msgs
	}
	return m
}()

// Supported lists the language codes a config may name, English first.
func Supported() []string {
	out := make([]string, 0, len(languages))
	for _, l := range languages {
		out = append(out, string(l.lang))
	}
	return out
}

// Name is the language's name in itself ("Қазақша"), or code when it has
// no catalog.
func Name(code string) string {
	for _, l := range languages {
		if string(l.lang) == code {
			return l.name
		}
	}
	return code
}

// IsSupported reports whether code names a language with a catalog.
func IsSupported(code string) bool {
	return slices.Contains(Supported(), code)
}

// Catalog looks messages up in one language.
type Catalog struct {
	lang Lang
	msgs map[Key]string
}

// For returns the catalog of code, or the English one when code is not
// supported (config validation rejects such codes before this point).
func For(code string) Catalog {
	l := Lang(code)
	msgs, ok := catalogs[l]
	if !ok {
		l, msgs = English, en
	}
	return Catalog{lang: l, msgs: msgs}
}

// Lang is the catalog's language.
func (c Catalog) Lang() Lang { return c.lang }

// T returns the message for k, in English when the language lacks it, and
// the key itself when even English lacks it (a programming error that stays
// visible instead of blank).
func (c Catalog) T(k Key) string {
	if s, ok := c.msgs[k]; ok {
		return s
	}
	if s, ok := en[k]; ok {
		return s
	}
	return string(k)
}

// F formats the message for k with args, like fmt.Sprintf. A counted
// message (IsPlural) takes its count as the first argument and is formatted
// by N, so "1 record" and "5 records" (and Russian's three forms) come out
// right wherever F is called.
func (c Catalog) F(k Key, args ...any) string {
	if IsPlural(k) && len(args) > 0 {
		if n, ok := count(args[0]); ok {
			return c.N(k, n, args[1:]...)
		}
	}
	return fmt.Sprintf(c.T(k), args...)
}

// count reads a count of any integer type.
func count(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case uint64:
		return int(min(n, 1<<31)), true
	case int32:
		return int(n), true
	case uint32:
		return int(n), true
	}
	return 0, false
}

// Keys lists every key of the English catalog, sorted.
func Keys() []Key {
	keys := make([]Key, 0, len(en))
	for k := range en {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// FromEnv is the language the locale names (LC_ALL, then
// LC_MESSAGES, then LANG, as gettext reads them: "ru_RU.UTF-8" is ru),
// English when it names none the kiosk speaks. ASHYQ_LANGUAGE wins over
// all of them.
func FromEnv(env []string) string {
	vars := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	for _, k := range []string{"ASHYQ_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		v := vars[k]
		if v == "" {
			continue
		}
		code, _, _ := strings.Cut(v, "_")
		code, _, _ = strings.Cut(code, ".")
		if IsSupported(code) {
			return code
		}
		return "en" // the first one set decides, as in gettext
	}
	return "en"
}

// Sprintf says format, an English sentence of the catalogs, in c's language
// with args: the way for code below the catalogs (ashyq-server's tools),
// which writes its sentences in English, as gettext keys them. A sentence
// the catalogs lack stays English.
func (c Catalog) Sprintf(format string, args ...any) string {
	if k, ok := byEnglish()[format]; ok {
		return c.F(k, args...)
	}
	return fmt.Sprintf(format, args...)
}

// byEnglish finds a key by its English sentence; built once, after every
// catalog file's init has run.
var byEnglish = sync.OnceValue(func() map[string]Key {
	m := make(map[string]Key, len(en))
	for _, k := range Keys() { // sorted: the same key wins every time
		if _, dup := m[en[k]]; !dup {
			m[en[k]] = k
		}
	}
	return m
})
