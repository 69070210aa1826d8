package servercli

import (
	"strings"
	"testing"
)

// `venues set` changes only what it names: the venue's rule for passes,
// its capacity, or both.
func TestVenuesSetRequireVenueProof(t *testing.T) {
	dir := t.TempDir()
	row := func() string {
		t.Helper()
		code, out, stderr := runMain(t, "venues", "list", "--data", dir)
		if code != ExitOK {
			t.Fatalf("venues list: %d %s", code, stderr)
		}
		for _, l := range strings.Split(out, "\n") {
			if f := strings.Fields(l); len(f) > 0 && f[0] == "cafe-1" {
				return f[1] + " " + f[len(f)-1] // capacity, venue-proof
			}
		}
		t.Fatalf("no cafe-1 in\n%s", out)
		return ""
	}
	for _, step := range []struct {
		args []string
		want string
	}{
		{[]string{"--capacity", "25"}, "25 any"},
		{[]string{"--require-venue-proof"}, "25 required"},
		{[]string{"--capacity", "30"}, "30 required"},
		{[]string{"--require-venue-proof=false"}, "30 any"},
	} {
		args := append([]string{"venues", "set", "cafe-1"}, step.args...)
		if code, _, stderr := runMain(t, append(args, "--data", dir)...); code != ExitOK {
			t.Fatalf("%v: %d %s", step.args, code, stderr)
		}
		if got := row(); got != step.want {
			t.Errorf("after %v: %q, want %q", step.args, got, step.want)
		}
	}
}
