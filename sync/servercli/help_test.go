package servercli

import (
	"regexp"
	"strings"
	"testing"
)

// singleDashFlag is a flag listed the flag package's way (-name); both
// binaries list theirs as --name, as their usage lines spell them.
var singleDashFlag = regexp.MustCompile(`(?m)^  -[a-z]`)

// TestEveryHelp: ashyq-server --help and every subcommand's --help print
// to stdout, nothing to stderr, exit 0, spell flags with two dashes and
// end with exit codes that are the server's (the shared paragraph once
// spoke of "a file without a code", which only the kiosk's decode reads).
func TestEveryHelp(t *testing.T) {
	cmds := [][]string{{}}
	for name := range commands {
		cmds = append(cmds, []string{name})
	}
	for _, c := range cmds {
		name := strings.Join(c, " ")
		t.Run("help "+name, func(t *testing.T) {
			code, out, errOut := runMain(t, append(c, "--help")...)
			if code != ExitOK || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if name == "version" {
				return
			}
			if !strings.Contains(out, "Usage:") {
				t.Errorf("no Usage line:\n%s", out)
			}
			if singleDashFlag.MatchString(out) {
				t.Errorf("a flag spelled with one dash:\n%s", out)
			}
			if strings.Contains(out, "without a code") {
				t.Errorf("the kiosk's exit codes in the server's help:\n%s", out)
			}
		})
	}
	_, out, _ := runMain(t, "--help")
	for _, want := range []string{"Exit codes:", "could not open the store, listen or serve", "  --data DIR"} {
		if !strings.Contains(out, want) {
			t.Errorf("ashyq-server --help lacks %q:\n%s", want, out)
		}
	}
	for _, c := range []string{"registry", "audit", "pass", "enrol", "migrate", "loadgen"} {
		if _, out, _ := runMain(t, c, "--help"); !strings.Contains(out, "Exit codes:") || !strings.Contains(out, "Flags:\n  --") {
			t.Errorf("%s --help lacks its flags or exit codes:\n%s", c, out)
		}
	}
}
