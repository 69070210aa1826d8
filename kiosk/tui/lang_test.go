package tui

import (
	"strings"
	"testing"

	"github.com/ashyq/kiosk/kiosk/door"
)

func TestLanguages(t *testing.T) {
	tests := []struct {
		lang, input string
		mode        door.Mode
		big         []string
		details     []string
	}{
		{"ru", "900101300017", door.Entrance, []string{"ЗЕЛЁНЫЙ", "ДОБРО ПОЖАЛОВАТЬ"}, []string{"ИИН ••••••••0017", "Статус проверен онлайн"}},
		{"ru", "771203300035", door.Exit, []string{"ДО СВИДАНИЯ"}, []string{"ИИН ••••••••0035"}},
		{"kk", "771203300035", door.Entrance, []string{"ҚЫЗЫЛ", "КІРУГЕ ТЫЙЫМ"}, []string{"ЖСН ••••••••0035", "Мәртебе ҚЫЗЫЛ: тест оң. Кіруге болмайды."}},
		{"kk", "850523400026", door.Exit, []string{"САУ БОЛЫҢЫЗ"}, []string{"ЖСН ••••••••0026"}},
		{"kk", "900101300018", door.Entrance, []string{"КОД ҚАБЫЛДАНБАДЫ"}, []string{"Бақылау цифры сәйкес келмейді", "Ештеңе тіркелмеді."}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"_"+string(tt.mode)+"_"+tt.input, func(t *testing.T) {
			c := newClock()
			opts := baseOptions(c)
			opts.Language = tt.lang
			reg := newRegistry(tt.mode)
			tm := start(t, opts, reg, Sources{})
			typeLine(tm, tt.input)
			reg.next(t)
			waitFor(t, tm, tt.details[0]) // the result's own line, not the typed echo
			view := finalView(t, tm)
			for _, b := range tt.big {
				if !shownTitle(view, b, termW) {
					t.Errorf("%q not in the big font:\n%s", b, plain(view))
				}
			}
			for _, d := range tt.details {
				if !strings.Contains(plain(view), d) {
					t.Errorf("missing %q:\n%s", d, plain(view))
				}
			}
			requireGolden(t, view)
		})
	}
}

func TestLanguageIdle(t *testing.T) {
	for lang, want := range map[string][]string{
		"ru": {"ВХОД", "ИИН или код:", "Отсканируйте код"},
		"kk": {"КІРУ", "ЖСН немесе код:", "Кодты сканерлеңіз"},
	} {
		t.Run(lang, func(t *testing.T) {
			opts := baseOptions(newClock())
			opts.Language = lang
			tm := start(t, opts, newRegistry(door.Entrance), Sources{})
			waitFor(t, tm, want[1])
			view := finalView(t, tm)
			if !hasBig(view, want[0], termW) {
				t.Errorf("mode %q not big:\n%s", want[0], plain(view))
			}
			if !strings.Contains(plain(view), want[2]) {
				t.Errorf("hint missing:\n%s", plain(view))
			}
		})
	}
}

// TestNarrowTerminal: when the big font cannot fit, the titles fall back to
// plain bold text and nothing is cut off.
func TestNarrowTerminal(t *testing.T) {
	c := newClock()
	reg := newRegistry(door.Entrance)
	tm := start(t, baseOptions(c), reg, Sources{}, 36, 16)
	waitFor(t, tm, "IIN or code:")
	typeLine(tm, "900101300017")
	reg.next(t)
	waitFor(t, tm, "IIN ••••••••0017")
	view := finalView(t, tm)
	pv := plain(view)
	if hasBig(view, "WELCOME", 36) {
		t.Error("WELCOME in the big font does not fit 36 columns")
	}
	for _, want := range []string{"GREEN", "WELCOME", "IIN ••••••••0017"} {
		if !strings.Contains(pv, want) {
			t.Errorf("narrow result lacks %q:\n%s", want, pv)
		}
	}
	rows := strings.Split(pv, "\n")
	if len(rows) != 16 {
		t.Errorf("%d rows, want 16", len(rows))
	}
	for _, r := range rows {
		if n := len([]rune(r)); n > 36 {
			t.Errorf("row is %d wide: %q", n, r)
		}
	}
	requireGolden(t, view)
}
