package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

// TestScreenSaver: without a visitor for ScreenSaverAfter the idle screen
// turns to the saver, which moves as the minutes pass; a key wakes it (a
// digit still goes into the input: a scanner's first key is not lost); a
// scan's verdict wakes it too.
func TestScreenSaver(t *testing.T) {
	now := t0
	m := goldenModel("en", 120, 40)
	m.opts.ScreenSaverAfter = 5 * time.Minute
	m.opts.Now = func() time.Time { return now }
	wake := i18n.For("en").T(i18n.WakeHint)
	frame := func() string { return plain(send(m, TickMsg{}).View()) }

	now = t0.Add(4 * time.Minute)
	if f := frame(); contains(f, wake) {
		t.Fatal("the saver came on before its time")
	}
	now = t0.Add(10 * time.Minute)
	first := frame()
	if !contains(first, wake) || contains(first, "IIN or code:") {
		t.Fatalf("no saver after 10 min:\n%s", first)
	}
	now = t0.Add(11 * time.Minute)
	if second := frame(); second == first {
		t.Error("the saver did not move in a minute")
	}
	m = send(m, TickMsg{})
	m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("9")})
	if f := plain(m.View()); contains(f, wake) || !contains(f, "IIN or code:") {
		t.Errorf("a key did not wake the screen:\n%s", f)
	}
	now = t0.Add(30 * time.Minute)
	m = send(m, TickMsg{})
	m = send(m, VerdictMsg{Verdict: verdictFor("green", "entry", "")})
	if f := plain(m.View()); contains(f, wake) {
		t.Error("a verdict did not wake the screen")
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
