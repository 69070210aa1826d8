package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lucasb-eyer/go-colorful"
)

// redIIN is red in the demo registry.
const redIIN = "771203300035"

// statusBackgrounds are the result screens' status colours as a true-colour
// terminal receives them (kiosk/tui/common's tone backgrounds).
var statusBackgrounds = map[string]string{"green": "#1b7a2e", "yellow": "#f5d000", "red": "#c0161d", "blue": "#1456b8"}

func trueColourBackground(hex string) string {
	c, _ := colorful.Hex(hex)
	r, g, b := c.RGB255()
	return fmt.Sprintf("48;2;%d;%d;%d", r, g, b)
}

// TestUncheckedRedPersonEverywhere: with the upstream unreachable and
// nothing cached, a person the registry lists as red gets no colour and no
// welcome from the real binary: --headless, `check`, and the full-screen
// kiosk in a pseudo-terminal, under each policy and an old config's
// "allow" (which loads, mapped, with a notice).
func TestUncheckedRedPersonEverywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	for _, policy := range []string{"ask", "refuse", "admit", "allow"} {
		t.Run(policy, func(t *testing.T) {
			dataDir := t.TempDir()
			cfg := writeConfig(t, "http://127.0.0.1:1", dataDir, "unchecked-1", fmt.Sprintf("[offline]\npolicy = %q\n", policy))
			out, errOut, _ := runKiosk(t, redIIN+"\n", "--config", cfg, "--headless", "--flush-timeout", "100ms")
			uncheckedLine(t, "--headless", out, policy)
			if policy == "allow" && !strings.Contains(errOut, "NOT CHECKED") {
				t.Errorf("an old config's allow gave no notice: %s", errOut)
			}
			out, errOut, code := runKiosk(t, "", "check", "--config", cfg, "--data", t.TempDir(), redIIN)
			// The notice's own line (check also says NOT CHECKED as the
			// screen would, on lines of their own).
			notice := ""
			for _, l := range strings.Split(errOut, "\n") {
				if strings.Contains(l, "notice: ") {
					notice += l
				}
			}
			if policy == "allow" && !strings.Contains(notice, "NOT CHECKED") {
				t.Errorf("check: an old config's allow gave no notice: %s", errOut)
			}
			if code != 0 {
				t.Errorf("check exit %d", code)
			}
			uncheckedLine(t, "check", out, policy)
		})
	}

	cfg := writeConfig(t, "http://127.0.0.1:1", t.TempDir(), "unchecked-2", "[override]\ncodes = [\"aigerim:4821\"]\n")
	k := startKioskTTY(t, cfg)
	k.scr.WaitFor(t, 20*time.Second, "demo-cafe", "main")
	k.scr.Mark()
	k.tty.Write([]byte(redIIN + "\r"))
	raw := k.scr.WaitFor(t, 15*time.Second, "IIN ••••••••0035", "Staff: check a pass")
	plainOut := ansi.ReplaceAllString(raw, "")
	for name, hex := range statusBackgrounds {
		if strings.Contains(raw, trueColourBackground(hex)) {
			t.Errorf("the screen has the %s background", name)
		}
	}
	if !showsBig(plainOut, "NOT CHECKED") || !showsBig(plainOut, "STAFF DECIDE") || strings.Contains(plainOut, "✓") ||
		showsBig(plainOut, "WELCOME") || showsBig(plainOut, "RED") || showsBig(plainOut, "BLUE") {
		t.Errorf("the unchecked screen:\n%s", tail(plainOut, 4000))
	}
	k.quit(t)
}

// uncheckedLine asserts one JSON verdict line of a person nobody could check.
func uncheckedLine(t *testing.T, what, out, policy string) {
	t.Helper()
	var line map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &line); err != nil {
		t.Fatalf("%s: %v: %q", what, err, out)
	}
	admitted := policy == "admit" || policy == "allow"
	if _, has := line["status"]; has || line["verdict"] != "unchecked" || line["source"] != "unchecked" ||
		line["allowed"] != admitted || line["unchecked"] != "unreachable" {
		t.Errorf("%s, policy %s: %s", what, policy, out)
	}
}
