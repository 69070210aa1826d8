package cli

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

func newFlags() *flag.FlagSet {
	fs := flag.NewFlagSet("tool", flag.ContinueOnError)
	fs.String("config", "", "configuration `FILE`")
	fs.Bool("demo", false, "demo mode")
	fs.Int("n", 3, "how many")
	return fs
}

func TestHelpGoesToStdoutWithTwoDashes(t *testing.T) {
	var out, errb bytes.Buffer
	code, done := Parse(newFlags(), []string{"--help"}, &out, &errb, Usage{Head: "Usage: tool --config FILE\n", Tail: ExitCodes("storage")})
	if !done || code != ExitOK {
		t.Fatalf("code %d done %v", code, done)
	}
	if errb.Len() != 0 {
		t.Errorf("stderr got %q", errb.String())
	}
	for _, want := range []string{"Usage: tool --config FILE", "  --config FILE\n", "  --demo\n", "  --n int\n", "(default 3)", "Flags:\n", "Exit codes:\n  0  done", "  1  failure: storage\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "\n  -config") {
		t.Errorf("a flag spelled with one dash:\n%s", out.String())
	}
}

func TestBadFlagIsAUsageError(t *testing.T) {
	var out, errb bytes.Buffer
	code, done := Parse(newFlags(), []string{"--colour"}, &out, &errb, Usage{})
	if !done || code != ExitUsage || out.Len() != 0 || !strings.Contains(errb.String(), "colour") || !strings.Contains(errb.String(), "tool --help") {
		t.Errorf("code %d done %v stdout %q stderr %q", code, done, out.String(), errb.String())
	}
	code, done = Parse(newFlags(), []string{"--demo"}, &out, &errb, Usage{})
	if done || code != ExitOK {
		t.Errorf("good flags: code %d done %v", code, done)
	}
}
