package app

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/kiosk/config"
)

// singleDashFlag is a flag listed the flag package's way (-name).
var singleDashFlag = regexp.MustCompile(`(?m)^  -[a-z]`)

func runMain(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(args, Stdio{In: strings.NewReader(""), Out: &out, Err: &errb}, "v-test")
	return code, out.String(), errb.String()
}

// TestHelpNamesEnvironmentAndKeys: --help lists every environment override
// the config reads and the keys of the full-screen kiosk (the owner menu's
// F2 and ctrl+o, the staff's F3, ctrl+c twice), which a newcomer once found
// only in the code.
func TestHelpNamesEnvironmentAndKeys(t *testing.T) {
	code, out, errOut := runMain("--help")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, e := range config.EnvVars {
		if !strings.Contains(out, "  "+e.Name) || !strings.Contains(out, e.Key) {
			t.Errorf("--help lacks %s (%s):\n%s", e.Name, e.Key, out)
		}
	}
	for _, want := range []string{"F2 or ctrl+o", "owner.pin", "F3", "ctrl+c twice", "ASHYQ_LANGUAGE=kk", "Exit codes:"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help lacks %q:\n%s", want, out)
		}
	}
}

// TestEverySubcommandHelp: each subcommand's --help goes to stdout, exits
// 0, lists its flags as --name and says what its exit codes mean.
func TestEverySubcommandHelp(t *testing.T) {
	for _, c := range []string{"doctor", "check", "decode", "enrol"} {
		code, out, errOut := runMain(c, "--help")
		if code != exitOK || errOut != "" {
			t.Errorf("%s --help: exit %d, stderr %q", c, code, errOut)
		}
		if !strings.Contains(strings.ToLower(out), "usage: ashyq-kiosk "+c) || !strings.Contains(out, "Exit") {
			t.Errorf("%s --help lacks its usage line or exit codes:\n%s", c, out)
		}
		if singleDashFlag.MatchString(out) {
			t.Errorf("%s --help spells a flag with one dash:\n%s", c, out)
		}
	}
}
