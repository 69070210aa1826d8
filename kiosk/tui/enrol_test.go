package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/kiosk/tui/consolefont"
	"github.com/ashyq/kiosk/scanner"
)

// TestEnrolScreen: a blank kiosk's screen says how to enrol it in each
// language, at the console's size and larger, in the console font, and
// says what became of a code (golden files: the README's pictures).
func TestEnrolScreen(t *testing.T) {
	font, err := consolefont.Load(consolefont.Kiosk)
	if err != nil {
		t.Fatalf("%v (apt-get install console-setup-linux)", err)
	}
	for _, lang := range i18n.Supported() {
		for _, sz := range [][2]int{{80, 25}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_enrol_%dx%d", lang, sz[0], sz[1]), func(t *testing.T) {
				m := NewEnrol(EnrolOptions{Language: lang, Upstream: "https://ashyq.example",
					Redeem: func(string) EnrolOutcome { return EnrolOutcome{Problem: "used"} }})
				m = update(m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				m = update(m, CameraMsg{Status: scanner.CameraStatus{State: scanner.CameraRunning}})
				frame := m.View()
				c := i18n.For(lang)
				for _, want := range []string{c.T(i18n.EnrolTitle), strings.Fields(c.T(i18n.EnrolHow))[0]} {
					if !strings.Contains(plain(frame), want) {
						t.Errorf("the screen does not say %q:\n%s", want, plain(frame))
					}
				}
				checkFrame(t, frame, sz[0], sz[1])
				if miss := font.Missing(plain(frame)); len(miss) > 0 {
					t.Errorf("%q not in the console font", string(miss))
				}
				golden.RequireEqual(t, []byte(frame))
			})
		}
	}
}

// TestEnrolScreenTakesACode: a typed code goes to Redeem; a refusal is said,
// an enrolment ends the screen.
func TestEnrolScreenTakesACode(t *testing.T) {
	var tried []string
	outcome := EnrolOutcome{Problem: "expired"}
	m := NewEnrol(EnrolOptions{Language: "ru", Redeem: func(text string) EnrolOutcome { tried = append(tried, text); return outcome }})
	m = update(m, tea.WindowSizeMsg{Width: 80, Height: 25})
	for _, r := range "k7qf-m2xd-9rta" {
		m = update(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	next, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	m = next.(EnrolModel)
	if cmd == nil || !strings.Contains(plain(m.View()), i18n.For("ru").T(i18n.EnrolChecking)) {
		t.Fatalf("Enter did not start a check:\n%s", plain(m.View()))
	}
	m = update(m, cmd())
	if len(tried) != 1 || tried[0] != "k7qf-m2xd-9rta" || !strings.Contains(plain(m.View()), "Срок кода истёк") {
		t.Errorf("tried %q; screen:\n%s", tried, plain(m.View()))
	}
	outcome = EnrolOutcome{Done: true, Venue: "north-cafe", Device: "north-k7qfm", Door: "north", Mode: "exit"}
	m = update(m, ScanMsg{Scan: scanner.Scan{Payload: "AQE1:K7QFM2XD9RTB:https://ashyq.example"}})
	next, cmd = m.Update(enrolResultMsg{out: outcome})
	m = next.(EnrolModel)
	if !m.Outcome.Done || cmd == nil || !strings.Contains(plain(m.View()), "north-k7qfm") {
		t.Errorf("after a good code: %+v\n%s", m.Outcome, plain(m.View()))
	}
}

// update applies msg and runs nothing else.
func update(m EnrolModel, msg tea.Msg) EnrolModel {
	next, _ := m.Update(msg)
	return next.(EnrolModel)
}
