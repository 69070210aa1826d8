package tui

import (
	"log/slog"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// FuzzNoIINOnScreen: whatever is typed or scanned, neither the screen (the
// input line while typing, the refusal screen after Enter) nor the log shows
// a valid IIN in any digit script. CI runs it for a short time (make test).
func FuzzNoIINOnScreen(f *testing.F) {
	for _, s := range []string{
		"900101300017", `{"iin":"900101300017"}`, "IIN-CODE:900101300017", "900101300017;Ivanov Ivan",
		"９００１０１３０００１７", "٩٠٠١٠١٣٠٠٠١٧", "900101300017950630400059", "9\u200b00101300017",
		"https://example.kz/check?iin=900101300017", "900101300017" + strings.Repeat("x", 4988),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var log syncBuffer
		opts := baseOptions(newClock())
		opts.Logger = slog.New(slog.NewTextHandler(&log, nil))
		var m tea.Model = New(opts, newRegistry(door.Entrance), Sources{})
		m, _ = m.Update(tea.WindowSizeMsg{Width: termW, Height: termH})
		m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(in)})
		check(t, in, "the input line", plain(m.View()))
		// What the engine answers for it: a refusal that quotes it.
		scan := scanner.Scan{Payload: in, Source: scanner.SourceKeyboard}
		if _, err := scanner.Classify(in); err != nil {
			m, _ = m.Update(ErrorMsg{Scan: scan, Err: err})
			check(t, in, "the refusal screen", plain(m.View()))
		}
		check(t, in, "the log", log.String())
	})
}

func check(t *testing.T, in, where, text string) {
	t.Helper()
	if found := iin.FindValid(text); found != "" {
		t.Fatalf("input %q: %s shows IIN %s:\n%s", in, where, iin.Mask(found), text)
	}
}
