package tui

import (
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/wire"
)

// TestBecauseInThreeLanguages: the reason the registry gave is worded in the
// screen's language, with the date in the kiosk's zone.
func TestBecauseInThreeLanguages(t *testing.T) {
	almaty := time.FixedZone("ALMT", 6*3600)
	now := time.Date(2021, 3, 10, 12, 0, 0, 0, almaty)
	until := time.Date(2021, 3, 11, 20, 0, 0, 0, time.UTC) // 12 March in Almaty
	cases := []struct {
		r          wire.StatusReason
		en, ru, kk string
	}{
		{wire.StatusReason{Code: wire.BecauseContact, Until: until},
			"Contact of a sick person, until 12 March", "Контакт с заболевшим, до 12 марта", "Науқаспен байланыс, мерзімі: 12 наурыз"},
		{wire.StatusReason{Code: wire.BecausePositive, Until: until},
			"Positive test, until 12 March", "Положительный тест, до 12 марта", "Оң тест, мерзімі: 12 наурыз"},
		{wire.StatusReason{Code: wire.BecauseNegative, Method: "pcr", Since: now.Add(-50 * time.Hour)},
			"Tested negative 2 d ago", "Отрицательный тест 2 дн. назад", "Теріс тест 2 күн бұрын"},
		{wire.StatusReason{Code: wire.BecauseNothing},
			"No current test or contact record", "Нет действующих тестов и контактов", "Жарамды тест не байланыс жоқ"},
		{wire.StatusReason{Code: "rumour"}, "", "", ""},
		{wire.StatusReason{Code: wire.BecauseContact}, "", "", ""}, // no date: say nothing rather than half
	}
	for _, c := range cases {
		for lang, want := range map[string]string{"en": c.en, "ru": c.ru, "kk": c.kk} {
			if got := because(i18n.For(lang), &c.r, now, almaty); got != want {
				t.Errorf("%s %s: %q, want %q", lang, c.r.Code, got, want)
			}
		}
	}
	if got := because(i18n.For("en"), nil, now, almaty); got != "" {
		t.Errorf("no reason: %q", got)
	}
}
