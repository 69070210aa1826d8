package main

import (
	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/servercli"
)

// operatorWords are the management commands' words in the language the
// operator's environment names (ASHYQ_LANGUAGE, else the locale), from the
// kiosk's catalogs, which sync/servercli may not import.
func operatorWords(env []string) servercli.Words {
	t := i18n.For(i18n.FromEnv(env))
	if t.Lang() == i18n.English {
		return servercli.Words{} // servercli's own English, every detail kept
	}
	return servercli.Words{
		Lang: string(t.Lang()),
		F:    t.Sprintf,
		Say:  func(err error) string { return i18n.Say(t, i18n.Cause(err)) },
	}
}
